from pathlib import Path

import pytest

from thematic.errors import InputError
from thematic.ingest import decode_essay, discover_essays, read_essays, read_manifest, shard_of


def test_essay_id_is_stem_and_counts_are_code_points(tmp_path: Path) -> None:
    (tmp_path / "e1.txt").write_text("Caf\u00e9 for two \U0001f600 today", encoding="utf-8")
    table = read_essays(discover_essays(tmp_path))
    row = table.iloc[0]
    assert row.essay_id == "e1"
    assert row.n_chars == len("Caf\u00e9 for two \U0001f600 today") == 20
    assert row.n_words == 5


def test_bom_is_dropped_but_counted_in_sha(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfhello world")
    (tmp_path / "b.txt").write_bytes(b"hello world")
    table = read_essays(discover_essays(tmp_path)).set_index("essay_id")
    assert table.loc["a", "text"] == table.loc["b", "text"] == "hello world"
    assert table.loc["a", "sha256"] != table.loc["b", "sha256"]


def test_wrong_encoding_names_file_line_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "e.txt"
    path.write_bytes("first line\nna\u00efve".encode("cp1252"))
    with pytest.raises(InputError) as err:
        read_essays([path])
    message = str(err.value)
    assert "e.txt" in message and "line 2" in message and "UTF-8" in message
    assert "iconv" in message


@pytest.mark.parametrize(
    "payload, words", [(b"", "empty"), (b"  \n\t", "empty"), (b"ab\x00cd", "binary")]
)
def test_empty_and_binary_essays_are_refused(tmp_path: Path, payload: bytes, words: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(payload)
    with pytest.raises(InputError, match=words):
        decode_essay(payload, str(path))


def test_all_bad_files_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe")
    with pytest.raises(InputError) as err:
        read_essays(discover_essays(tmp_path))
    assert len(err.value.problems) == 2


def test_duplicate_and_unsafe_ids_are_refused(tmp_path: Path) -> None:
    (tmp_path / "e1.txt").write_text("x")
    (tmp_path / "e1.md").write_text("y")
    (tmp_path / "bad id.txt").write_text("z")
    with pytest.raises(InputError) as err:
        discover_essays(tmp_path)
    text = str(err.value)
    assert "also used by" in text and "'bad id'" in text


def test_shards_are_stable_and_spread() -> None:
    ids = [f"essay_{i:05d}" for i in range(2000)]
    shards = [shard_of(i, 8) for i in ids]
    assert shards == [shard_of(i, 8) for i in ids]
    counts = [shards.count(s) for s in range(8)]
    assert min(counts) > 150  # roughly even: ~250 each


def test_manifest_prefixes_metadata_and_guards_typos(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text("essay_id,role\ne1,nurse\ne2,chaplain\n")
    table = read_manifest(path, known_ids={"e1", "e2"})
    assert list(table.columns) == ["essay_id", "meta_role"]
    with pytest.raises(InputError, match="line 3.*'e2' has no essay file"):
        read_manifest(path, known_ids={"e1"})


def test_manifest_in_another_encoding_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_bytes("essay_id,role\ne1,aum\u00f4nier\n".encode("cp1252"))
    with pytest.raises(InputError, match="manifest.csv.*not valid UTF-8"):
        read_manifest(path)


def test_a_file_named_dot_dot_txt_is_refused_by_name_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "..txt").write_text("x")  # stem ".": not a hidden file, an unsafe id
    with pytest.raises(InputError, match="essay id '.'"):
        discover_essays(tmp_path)
