"""Which shard an essay is screened in, decided at parse time without pandas."""

from __future__ import annotations

from pathlib import Path

import pytest

from thematic.coding import read_coding_file
from thematic.errors import InputError
from thematic.layout import (
    UNCODED_SHARD,
    _stem_and_suffix,
    essay_shards,
    mentioned_essay_ids,
    shard_of,
)

REPO = Path(__file__).resolve().parents[1]


def test_essays_no_coder_mentions_go_to_the_uncoded_shard() -> None:
    files = [Path(f"resources/essays/essay_{i:02d}.txt") for i in range(1, 41)]
    coded = {f"essay_{i:02d}" for i in range(1, 31)}
    shards = essay_shards(files, 4, coded)
    assert list(shards) == ["0", "1", "2", "3", UNCODED_SHARD]  # every shard, even if empty
    assert sorted(Path(p).stem for p in shards[UNCODED_SHARD]) == [
        f"essay_{i}" for i in range(31, 41)
    ]
    for shard in ("0", "1", "2", "3"):
        assert all(shard_of(Path(p).stem, 4) == int(shard) for p in shards[shard])
    assert sum(len(v) for v in shards.values()) == 40


def test_unreadable_coders_files_put_every_essay_in_a_numbered_shard() -> None:
    files = [Path(f"essay_{i}.txt") for i in range(10)]
    shards = essay_shards(files, 2, None)
    assert shards[UNCODED_SHARD] == []
    assert len(shards["0"]) + len(shards["1"]) == 10


def test_parse_time_ids_are_those_the_coding_reader_reads() -> None:
    coding_files = sorted((REPO / "resources/codings").glob("*.csv"))
    mentioned = mentioned_essay_ids(coding_files)
    read = set()
    for path in coding_files:
        read |= {essay_id.strip() for essay_id in read_coding_file(path)["essay_id"]}
    assert mentioned == read
    assert len(mentioned) == 22


def test_ids_are_stripped_and_blank_rows_skipped(tmp_path: Path) -> None:
    path = tmp_path / "coder.csv"
    path.write_text(
        '\ufeffcoder, essay_id ,code,quote\nc, e1 ,k,"a, b"\n,,,\nc,e2,k,"line\nbreak"\n',
        encoding="utf-8",
    )
    assert mentioned_essay_ids([path]) == {"e1", "e2"}


@pytest.mark.parametrize(
    "content",
    [
        b"coder,essay,code\nc,e1,k\n",  # no essay_id column
        "essay_id,code\ne1,caf\xe9\n".encode("latin-1"),  # not UTF-8
    ],
)
def test_a_file_the_lenient_reader_cannot_read_gives_none(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "coder.csv"
    path.write_bytes(content)
    assert mentioned_essay_ids([path]) is None
    # and the stage's own reader refuses the same files, naming the problem
    with pytest.raises(InputError):
        read_coding_file(path)


def test_rows_of_the_wrong_width_still_give_their_ids(tmp_path: Path) -> None:
    # never fewer ids than a stage accepts: the decisions reader takes short rows, and a coding
    # row of the wrong width is refused by the coding stage with its line, not here
    path = tmp_path / "decisions.csv"
    path.write_text(
        "essay_id,code,decision,adjudicator,rationale\ne1,k,present\ne2,k,absent,x,y,z\n"
    )
    assert mentioned_essay_ids([path]) == {"e1", "e2"}


@pytest.mark.parametrize("name", ["..txt", ".a.txt", "a.b.md", "a.", ".txt", "essay_01.TXT"])
def test_essay_names_split_as_pathlib_splits_them(name: str) -> None:
    assert _stem_and_suffix(name) == (Path(name).stem, Path(name).suffix)


def test_a_coders_project_mentions_the_essays_its_coded_sources_name(tmp_path: Path) -> None:
    """A .qdpx in resources/codings/ keeps the uncoded shard: the essays its coded sources name
    are coded, the others stay uncoded; a source naming no essay of the study (matched by
    content, later) makes every essay count as coded, the safe side."""
    from qdpx_fixtures import Fixture, write_qdpx

    essays = {"essay_01": "One text.\n", "essay_02": "Two text.\n", "essay_03": "Three.\n"}
    codings = [("coder_x", "essay_01", "care", (0, 3)), ("coder_x", "essay_02", "care", None)]
    project = write_qdpx(tmp_path / "x.qdpx", Fixture(essays, codings, {"theme": ["care"]}))
    known = set(essays)
    assert mentioned_essay_ids([project], known=known) == {"essay_01", "essay_02"}
    assert mentioned_essay_ids([project], known={"essay_01"}) is None
    assert mentioned_essay_ids([project]) is None
