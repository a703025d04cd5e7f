"""REFI-QDA import and coders' files on small projects of our own (tests/qdpx_fixtures.py), one
trap or one bad input at a time; the real exports are in test_interop_real.py."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from openpyxl import Workbook

from qdpx_fixtures import Fixture, Traps, project_xml, write_qdpx
from thematic.codebook import load_codebook
from thematic.coding import read_coding_file
from thematic.commands.import_qdpx import import_project
from thematic.errors import InputError
from thematic.interop.archive import open_project
from thematic.interop.coders import project_rows, read_coder_file, read_coding_xlsx
from thematic.interop.naming import IdAllocator, essay_id
from thematic.interop.project import read_project
from thematic.interop.study import build_study
from workflow_helpers import REPO

XSD = REPO / ".." / "shared" / "interop" / "Project.xsd"
ESSAYS = {
    "Essay one.txt": "Hello 😀 world.\nSecond line here 😀 again, and again.\nThird line.\n",
    "essay two": "Plain text only.\nAnother line with care in it.",
}
CODINGS = [
    ("Ann", "Essay one.txt", "kindness", "world"),
    ("Ann", "Essay one.txt", "care", "again, and"),
    ("Bob", "Essay one.txt", "kindness", None),
    ("Bob", "essay two", "care", "Another line"),
]
FIXTURE = Fixture(ESSAYS, CODINGS, {"Theme A": ["kindness", "care"]})


def imported(tmp_path: Path, traps: Traps | None = None, fixture: Fixture = FIXTURE) -> Path:
    out = tmp_path / "study"
    import_project(write_qdpx(tmp_path / "p.qdpx", fixture, traps or Traps()), out)
    return out


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def quotes(study: Path) -> dict[tuple[str, str], str]:
    found = {}
    for path in sorted((study / "resources/codings").glob("*.csv")):
        for row in rows_of(path):
            text = (study / "resources/essays" / f"{row['essay_id']}.txt").read_bytes().decode()
            if row["start"]:
                assert text[int(row["start"]) : int(row["end"])] == row["quote"]
            found[(row["coder"], row["code"])] = row["quote"]
    return found


EXPECTED = {
    ("ann", "kindness"): "world",
    ("ann", "care"): "again, and",
    ("bob", "kindness"): "",
    ("bob", "care"): "Another line",
}


@pytest.mark.skipif(not XSD.exists(), reason=f"{XSD} is absent")
def test_fixture_projects_are_valid_refi_qda() -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    for traps in (Traps(), Traps(utf16=True, upper_guids=True), Traps(names_as_text=True)):
        xml, _ = project_xml(FIXTURE, traps)
        assert schema.validate(etree.fromstring(xml)), schema.error_log


@pytest.mark.parametrize(
    "traps",
    [
        Traps(),
        Traps(utf16=True),
        Traps(crlf=True),
        Traps(crlf_counted_once=True),
        Traps(crlf_counted_once=True, utf16=True),
        Traps(bom=True),
        Traps(folder="Sources"),
        Traps(upper_guids=True),
        Traps(inner_name="My study (exported).qde"),
        Traps(names_as_text=True, utf16=True, crlf=True),
    ],
    ids=str,
)
def test_every_trap_gives_the_same_segments(tmp_path: Path, traps: Traps) -> None:
    assert quotes(imported(tmp_path, traps)) == EXPECTED


def test_qualcoder_bom_in_source_files_is_dropped(tmp_path: Path) -> None:
    study = imported(tmp_path, Traps(bom=True))
    assert not (study / "resources/essays/Essay_one.txt").read_bytes().startswith(b"\xef\xbb\xbf")


def test_crlf_kept_in_essay_and_counted_in_offsets(tmp_path: Path) -> None:
    study = imported(tmp_path, Traps(crlf_counted_once=True))
    text = (study / "resources/essays/Essay_one.txt").read_bytes().decode()
    assert "\r\n" in text
    row = next(r for r in rows_of(study / "resources/codings/ann.csv") if r["code"] == "care")
    assert int(row["start"]) == text.index("again, and")  # code points of the text with CRLF


def test_whole_source_coding_codes_the_whole_essay(tmp_path: Path) -> None:
    row = rows_of(imported(tmp_path) / "resources/codings/bob.csv")[0]
    assert (row["code"], row["start"], row["end"], row["quote"]) == ("kindness", "", "", "")


def test_codebook_loads_with_themes_from_top_level_codes(tmp_path: Path) -> None:
    codebook = load_codebook(imported(tmp_path) / "config/codebook.yaml")
    assert codebook[["code", "theme", "definition"]].values.tolist() == [
        ["kindness", "theme_a", "The code kindness."],
        ["care", "theme_a", "The code care."],
    ]


def test_positions_disagreeing_with_text_reanchor_by_selection_name(tmp_path: Path) -> None:
    xml, files = project_xml(FIXTURE, Traps(names_as_text=True))
    # the tool's text moved: two words added at the top of every source
    moved = {name: b"Added here. " + payload for name, payload in files.items()}
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
        for name, payload in moved.items():
            archive.writestr(f"sources/{name}", payload)
    study = build_study(read_project(open_project(path)))
    placed = {p.source.name: p for p in study.placed}
    one = placed["Essay one.txt"]
    assert [one.source.text[s.start : s.end] for s in one.segments if s.start is not None] == [
        "world",
        "again, and",
    ]
    assert len(one.reanchored) == 2 and all("by its text" in how for _, how in one.reanchored)


def test_positions_out_of_range_are_an_error_naming_the_coding_line(tmp_path: Path) -> None:
    xml, files = project_xml(FIXTURE)
    xml = out_of_range(xml)
    path = tmp_path / "p.qdpx"
    _zip(path, xml, files)
    with pytest.raises(InputError) as raised:
        read_and_build(path)
    problem = raised.value.problems[0]
    assert "outside its text" in problem.what and problem.line and str(path) in problem.file


def out_of_range(xml: bytes) -> bytes:
    """The first selection's end moved past the end of its source."""
    return re.sub(rb'endPosition="\d+"', b'endPosition="9999"', xml, count=1)


def read_and_build(path: Path):
    return build_study(read_project(open_project(path)))


def _zip(path: Path, xml: bytes, files: dict[str, bytes], folder: str = "sources") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
        for name, payload in files.items():
            archive.writestr(f"{folder}/{name}", payload)
    return path


# --- bad input: the file and the element (line) or row named, what is wrong, how to fix --------


def test_a_zip_that_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "photos.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.jpg", b"...")
    with pytest.raises(InputError, match="holds no project.qde"):
        open_project(path)


def test_not_a_zip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "p.qdpx"
    path.write_bytes(b"hello, not a zip")
    with pytest.raises(InputError, match="not a zip archive"):
        open_project(path)


def test_xml_that_does_not_parse_gives_the_line(tmp_path: Path) -> None:
    xml, files = project_xml(FIXTURE)
    broken = xml.replace(b"</Users>", b"</Userz>")
    with pytest.raises(InputError) as raised:
        open_project(_zip(tmp_path / "p.qdpx", broken, files))
    problem = raised.value.problems[0]
    assert problem.line == broken[: broken.index(b"</Userz>")].count(b"\n") + 1
    assert "project.qde" in problem.file and "does not parse" in problem.what


def test_a_coderef_to_no_code(tmp_path: Path) -> None:
    xml, files = project_xml(FIXTURE)
    root = etree.fromstring(xml)
    ref = root.find(".//{urn:QDA-XML:project:1.0}CodeRef")
    ref.set("targetGUID", "00000000-0000-0000-0000-000000000000")
    path = _zip(tmp_path / "p.qdpx", etree.tostring(root), files)
    with pytest.raises(InputError) as raised:
        read_project(open_project(path))
    assert "not in the <CodeBook>" in str(raised.value) and raised.value.problems[0].line


def test_a_source_file_missing_from_the_zip(tmp_path: Path) -> None:
    xml, files = project_xml(FIXTURE)
    path = _zip(tmp_path / "p.qdpx", xml, dict(list(files.items())[1:]))
    with pytest.raises(InputError, match="which is not in the zip") as raised:
        read_project(open_project(path))
    assert raised.value.problems[0].line


def test_two_users_whose_names_give_one_coder_id(tmp_path: Path) -> None:
    fixture = Fixture(ESSAYS, [*CODINGS, ("ann", "essay two", "care", "Plain")], FIXTURE.codes)
    with pytest.raises(InputError, match="all give the coder id 'ann'"):
        read_and_build(write_qdpx(tmp_path / "p.qdpx", fixture))


def test_import_leaves_nothing_behind_on_error(tmp_path: Path) -> None:
    xml, files = project_xml(FIXTURE)
    path = _zip(tmp_path / "p.qdpx", out_of_range(xml), files)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InputError):
        import_project(path, out)
    assert list(out.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "out",
        "p.qdpx",
    ]


def test_essay_ids_are_unique_and_file_safe() -> None:
    ids = IdAllocator()
    names = ["Mabêl 2ième.txt", "mabel 2ieme.docx", "日本語", "  .hidden", "a/b\\c.txt", "A b"]
    got = [ids.take(essay_id(name, f"{i:08d}-x")) for i, name in enumerate(names)]
    assert got == ["Mabel_2ieme", "mabel_2ieme-2", "source-00000002", "hidden", "a_b_c", "A_b"]
    assert len({g.casefold() for g in got}) == len(got)


# --- coders' files in a running study ----------------------------------------------------------


def study_essays(texts: dict[str, str | None]) -> pd.DataFrame:
    return pd.DataFrame({"essay_id": list(texts), "text": list(texts.values())})


def test_project_rows_match_essays_by_content_despite_bom_crlf_and_trailing_space(
    tmp_path: Path,
) -> None:
    path = write_qdpx(tmp_path / "p.qdpx", FIXTURE, Traps(crlf=True, bom=True, utf16=True))
    essays = study_essays(
        {
            "e1": ESSAYS["Essay one.txt"].replace("\n", "  \n"),  # spaces at line ends
            "e2": ESSAYS["essay two"] + "\n\n",
        }
    )
    read = project_rows(read_project(open_project(path)), essays)
    assert read.unmatched == []
    ann = read.rows["ann"]
    texts = dict(zip(essays["essay_id"], essays["text"], strict=True))
    for row in ann.itertuples():
        assert texts[row.essay_id][int(row.start) : int(row.end)] == row.quote
    assert ann["quote"].tolist() == ["world", "again, and"]
    assert ann.columns.tolist() == read_coding_file_columns()


def read_coding_file_columns() -> list[str]:
    return ["coder", "essay_id", "code", "start", "end", "quote", "memo", "source_line"]


def test_project_rows_list_unmatched_sources(tmp_path: Path) -> None:
    path = write_qdpx(tmp_path / "p.qdpx", FIXTURE)
    essays = study_essays({"essay two": "A different text altogether."})
    read = project_rows(read_project(open_project(path)), essays)
    reasons = {u.source: u.reason for u in read.unmatched}
    assert "no essay of the study" in reasons["Essay one.txt"]
    assert "text differs" in reasons["essay two"]
    assert all(len(frame) == 0 for frame in read.rows.values())


def test_project_rows_for_a_withheld_essay_match_by_name(tmp_path: Path) -> None:
    path = write_qdpx(tmp_path / "p.qdpx", FIXTURE)
    essays = study_essays({"Essay_one": None, "e2": ESSAYS["essay two"]})
    read = project_rows(read_project(open_project(path)), essays)
    assert read.unmatched == []
    assert set(read.rows["ann"]["essay_id"]) == {"Essay_one"}
    assert set(read.rows["ann"]["quote"]) == {""}  # nothing of a withheld essay is carried


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_xlsx_gives_the_same_frame_as_the_csv(tmp_path: Path) -> None:
    csv_path = REPO / "resources" / "codings" / "coder_a.csv"
    with open(csv_path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    typed = [table[0]] + [[int(v) if v.isdigit() else v for v in row] for row in table[1:]]
    from_xlsx = read_coding_xlsx(write_xlsx(tmp_path / "coder_a.xlsx", typed))
    from_csv = read_coding_file(csv_path)
    columns = ["coder", "essay_id", "code", "start", "end", "quote", "memo"]
    pd.testing.assert_frame_equal(from_xlsx[columns], from_csv[columns])
    assert from_xlsx["source_line"].tolist() == list(range(2, len(table) + 1))


def test_essay_level_form_in_csv_and_xlsx(tmp_path: Path) -> None:
    rows = [
        ["coder", "essay_id", "code"],
        ["ann", "essay_01", "compassion"],
        ["ann", "essay_02", "SN"],
    ]
    csv_path = tmp_path / "ann.csv"
    csv_path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    essays = study_essays({})
    from_csv, _ = read_coder_file(csv_path, "ann", essays)
    from_xlsx, _ = read_coder_file(write_xlsx(tmp_path / "ann.xlsx", rows), "ann", essays)
    for frame in (from_csv, from_xlsx):
        assert frame[["essay_id", "code", "start", "end", "quote"]].values.tolist() == [
            ["essay_01", "compassion", "", "", ""],
            ["essay_02", "SN", "", "", ""],
        ]


def test_xlsx_without_the_required_columns(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ann.xlsx", [["coder", "essay", "code"], ["ann", "e1", "x"]])
    with pytest.raises(InputError) as raised:
        read_coding_xlsx(path)
    problem = raised.value.problems[0]
    assert problem.row == 1 and "essay_id" in problem.what and problem.file == str(path)


def test_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "ann.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a readable .xlsx"):
        read_coding_xlsx(path)


def test_discover_coders_one_per_table_and_one_per_project_user(tmp_path: Path) -> None:
    from thematic.interop.discovery import discover_coders

    folder = tmp_path / "codings"
    folder.mkdir()
    (folder / "carol.csv").write_text("coder,essay_id,code\n", encoding="utf-8")
    write_xlsx(folder / "dave.xlsx", [["coder", "essay_id", "code"]])
    (folder / "~$dave.xlsx").write_bytes(b"lock")
    write_qdpx(folder / "team.qdpx", FIXTURE)
    assert {c: p.name for c, p in discover_coders(folder).items()} == {
        "ann": "team.qdpx",
        "bob": "team.qdpx",
        "carol": "carol.csv",
        "dave": "dave.xlsx",
    }
    (folder / "ann.csv").write_text("coder,essay_id,code\n", encoding="utf-8")
    with pytest.raises(InputError, match="coder 'ann' also has codings"):
        discover_coders(folder)


def test_source_names_written_decomposed_match_essay_ids(tmp_path: Path) -> None:
    """ATLAS.ti on macOS writes names decomposed (o + combining acute, as in the real sample)."""
    decomposed = "Limo\u0301n"
    fixture = Fixture(
        {decomposed: "Some text."}, [("Ann", decomposed, "care", "text")], FIXTURE.codes
    )
    path = write_qdpx(tmp_path / "p.qdpx", fixture)
    essays = study_essays({"Limón": "A changed text."})  # matched by name only: then told so
    read = project_rows(read_project(open_project(path)), essays)
    assert "named like essay 'Limón'" in read.unmatched[0].reason


def test_codebook_stage_reads_a_qdc(tmp_path: Path) -> None:
    from thematic.interop.codebook import qdc_codebook_frame
    from thematic.stages import codebook as codebook_stage

    qdc = tmp_path / "codebook.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="00000000-0000-0000-0000-000000000001" name="Care" isCodable="false">'
        '<Code guid="00000000-0000-0000-0000-000000000002" name="Small acts" isCodable="true">'
        "<Description>A concrete gesture.</Description></Code></Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    out = tmp_path / "codebook.parquet"
    codebook_stage(source=str(qdc), codebook=str(out))
    written = pd.read_parquet(out)
    assert written[["code", "label", "theme", "definition"]].values.tolist() == [
        ["small_acts", "Small acts", "care", "A concrete gesture."]
    ]
    assert written["code"].tolist() == qdc_codebook_frame(qdc)["code"].tolist()
