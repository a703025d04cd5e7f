"""Import of real REFI-QDA exports (../shared/interop/: NVivo 12 and ATLAS.ti 8 files written by
others), one named test per trap they hold."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from thematic.codebook import load_codebook
from thematic.coding import apply_codebook, read_coding_file
from thematic.commands.import_qdpx import import_project
from thematic.errors import InputError
from thematic.ingest import read_essays
from thematic.interop.archive import open_project
from thematic.interop.codebook import qdc_codebook_frame
from thematic.interop.positions import STANDARD, SourceText, Units, place_selections
from thematic.interop.project import read_project
from thematic.interop.study import build_study
from workflow_helpers import REPO

SHARED = REPO / ".." / "shared" / "interop"
NVIVO = SHARED / "nvivo12_two_sources.qdpx"
ATLAS = SHARED / "atlasti8_sample_project.qde"
pytestmark = pytest.mark.skipif(
    not NVIVO.exists() or not ATLAS.exists(),
    reason=f"the real exports are not beside the checkout ({SHARED} is absent)",
)
UTF16 = Units(utf16=True, line_breaks="as written")


@pytest.fixture(scope="module")
def nvivo_study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nvivo") / "study"
    import_project(NVIVO, out)
    return out


def written_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def essay_text(study: Path, essay: str) -> str:
    return (study / "resources" / "essays" / f"{essay}.txt").read_bytes().decode("utf-8")


def test_real_exports_are_valid_refi_qda_projects() -> None:
    """Our reading of the format is the standard's: both files pass Project.xsd."""
    schema = etree.XMLSchema(etree.parse(str(SHARED / "Project.xsd")))
    with zipfile.ZipFile(NVIVO) as archive:
        nvivo = etree.fromstring(archive.read("project.qde"))
    assert schema.validate(nvivo), schema.error_log
    assert schema.validate(etree.parse(str(ATLAS))), schema.error_log


def test_nvivo_offsets_are_utf16_units() -> None:
    project = read_project(open_project(NVIVO))
    coded = next(source for source in project.sources if source.codings)
    selections = [c for c in coded.codings if c.start is not None]
    placement = place_selections(
        coded.text,
        [c.start for c in selections],
        [c.end for c in selections],
        [""] * len(selections),
    )
    assert placement.units == UTF16
    # read as code points instead, most selections would start or end inside a word
    text = SourceText(coded.text)
    starts, ok = text.to_code_points(STANDARD, [c.start for c in selections])
    mid_word = sum(
        1
        for s in starts[ok].tolist()
        if 0 < s < len(coded.text) and coded.text[s - 1 : s + 1].isalnum()
    )
    utf16_starts = placement.start.tolist()
    mid_word_utf16 = sum(
        1 for s in utf16_starts if 0 < s < len(coded.text) and coded.text[s - 1 : s + 1].isalnum()
    )
    assert mid_word > len(selections) // 2 and mid_word_utf16 < len(selections) // 20


def test_nvivo_sources_folder_capitalised() -> None:
    with zipfile.ZipFile(NVIVO) as archive:
        assert any(name.startswith("Sources/") for name in archive.namelist())
    project = read_project(open_project(NVIVO))
    assert sorted(len(source.text) for source in project.sources) == [600490, 635491]


def test_nvivo_bom_dropped_and_crlf_kept_as_written(nvivo_study: Path) -> None:
    """The essay file is the source's text minus its BOM; CRLF stays, and offsets count it."""
    with zipfile.ZipFile(NVIVO) as archive:
        raw = archive.read("Sources/68bbdc14-c361-4432-b4dd-ae1dbfc12890.txt")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    written = (nvivo_study / "resources/essays/videos_10_selected.txt").read_bytes()
    assert written == raw[3:]
    text = written.decode("utf-8")
    rows = written_rows(nvivo_study / "resources/codings/gergo.csv")
    assert len(rows) == 303
    assert all(text[int(r["start"]) : int(r["end"])] == r["quote"] for r in rows)
    assert any("\r\n" in r["quote"] for r in rows)  # quotes spanning lines keep their CRLF


def test_nvivo_coder_is_the_coding_user_not_the_selection_user(nvivo_study: Path) -> None:
    """297 selections were made by floriansipos, but every Coding@creatingUser is Gergo."""
    xml = zipfile.ZipFile(NVIVO).read("project.qde").decode("utf-8")
    assert xml.count("PlainTextSelection guid") == 303 and "floriansipos" in xml
    assert sorted(p.name for p in (nvivo_study / "resources/codings").iterdir()) == ["gergo.csv"]
    summary = (nvivo_study / "import-summary.md").read_text(encoding="utf-8")
    assert "| (none) | floriansipos | 0 |" in summary and "| gergo | Gergo | 303 |" in summary
    assert "2 rich-text copy(ies) (.docx)" in summary  # listed, not dropped silently


def test_nvivo_three_deep_codes_flattened_with_their_path(nvivo_study: Path) -> None:
    codebook = load_codebook(nvivo_study / "config/codebook.yaml")
    assert codebook["theme"].nunique() == 12 and len(codebook) == 140  # 152 codes in all
    deep = codebook[codebook["label"].str.count(" > ") >= 1]
    assert len(deep) > 0
    leaf = deep.iloc[0]
    assert leaf["label"].split(" > ")[-1] in leaf["aliases"].split("; ")
    rows = written_rows(nvivo_study / "resources/codings/gergo.csv")
    assert {r["code"] for r in rows} <= set(codebook["code"])


def test_nvivo_import_passes_the_coding_stage(nvivo_study: Path) -> None:
    """What the import writes is what the pipeline's own checks accept, row for row."""
    codebook = load_codebook(nvivo_study / "config/codebook.yaml")
    essays = read_essays(sorted((nvivo_study / "resources/essays").glob("*.txt")))
    rows = read_coding_file(nvivo_study / "resources/codings/gergo.csv")
    coding, skipped = apply_codebook(
        rows, coder="gergo", codebook=codebook, essays=essays, file="x"
    )
    assert (len(coding), skipped) == (303, 0)


def test_nvivo_summary_never_holds_essay_text(nvivo_study: Path) -> None:
    summary = (nvivo_study / "import-summary.md").read_text(encoding="utf-8")
    text = essay_text(nvivo_study, "videos_10_selected")
    words = {w for w in re.findall(r"\w{9,}", text)}
    code_words = set(
        re.findall(r"\w{9,}", (nvivo_study / "config/codebook.yaml").read_text("utf-8"))
    )
    assert not (set(re.findall(r"\w{9,}", summary)) & (words - code_words))


def test_atlasti_qde_without_sources_lists_them_not_imported() -> None:
    project = read_project(open_project(ATLAS))
    assert project.sources == []
    not_imported = {(s.kind, s.name): s for s in project.skipped}
    text_sources = [s for s in project.skipped if s.kind == "TextSource"]
    assert len(text_sources) == 6
    assert all("sources folder" in s.reason for s in text_sources)
    assert not_imported[("PictureSource", "cornflakes-n-milk.jpg")].codings == 2
    pdf = next(s for s in project.skipped if s.kind == "PDFSource" and s.name.startswith("Pay de"))
    assert "PDF" in pdf.reason and pdf.codings == 6  # 4 on the PDF, 2 on its text representation
    assert {s.kind for s in project.skipped} >= {
        "AudioSource",
        "VideoSource",
        "Notes",
        "Sets",
        "Links",
        "Graphs",
    }


def test_atlasti_qde_without_sources_is_refused_naming_why(tmp_path: Path) -> None:
    out = tmp_path / "study"
    with pytest.raises(InputError) as raised:
        import_project(ATLAS, out)
    assert "no text source could be imported" in str(raised.value) and str(ATLAS) in str(
        raised.value
    )
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_atlasti_upper_case_guids_resolve_codes() -> None:
    """ATLAS.ti writes GUIDs in upper case; every CodeRef still finds its code."""
    assert "D299EFAE-5779-46DC-9827-A3D1A5D544BC" in ATLAS.read_text(encoding="utf-8")
    project = read_project(open_project(ATLAS))
    assert "d299efae-5779-46dc-9827-a3d1a5d544bc" in project.all_codes()
    assert len(project.all_codes()) == 14 and len(project.users) == 3


def test_atlasti_selection_names_reanchor_misplaced_positions(tmp_path: Path) -> None:
    """ATLAS.ti names a selection by its text. Given a source whose text has moved (a line
    added at the top), each selection is found again by that text."""
    root = etree.parse(str(ATLAS)).getroot()
    ns = {"q": "urn:QDA-XML:project:1.0"}
    prefix = "A line the tool's positions know nothing about.\n"
    (tmp_path / "project" / "Sources").mkdir(parents=True)
    (tmp_path / "project" / "project.qde").write_bytes(ATLAS.read_bytes())
    for source in root.iterfind(".//q:Sources/q:TextSource", ns):
        names = [s.get("name") for s in source.findall("q:PlainTextSelection", ns)]
        file_name = source.get("plainTextPath").removeprefix("internal://").lower()
        body = " ".join(dict.fromkeys(names)) or "No selection here."  # the quoted words
        (tmp_path / "project" / "Sources" / file_name).write_text(prefix + body, encoding="utf-8")
    simon = root.find(".//q:TextSource[@name='Simon.docx']", ns)
    names = [s.get("name") for s in simon.findall("q:PlainTextSelection", ns)]
    project = read_project(open_project(tmp_path / "project" / "project.qde"))
    study = build_study(project)
    placed = next(p for p in study.placed if p.source.name == "Simon.docx")
    text = placed.source.text
    quotes = {text[s.start : s.end] for s in placed.segments}
    assert all(any(q.startswith(" ".join(n.split()).rstrip("…")) for q in quotes) for n in names)
    assert placed.reanchored  # reported, with the Coding's line


def test_codebook_qdc_gives_the_project_import_codebook(tmp_path: Path) -> None:
    """NVivo's code tree as a .qdc (Codebook.xsd-valid) gives the same codebook frame."""
    project_root = etree.fromstring(zipfile.ZipFile(NVIVO).read("project.qde"))
    codes = project_root.find("{urn:QDA-XML:project:1.0}CodeBook/{urn:QDA-XML:project:1.0}Codes")
    text = (
        etree.tostring(codes)
        .decode("utf-8")
        .replace("urn:QDA-XML:project:1.0", "urn:QDA-XML:codebook:1.0")
    )
    qdc = f'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">{text}</CodeBook>'
    path = tmp_path / "codebook.qdc"
    path.write_text(qdc, encoding="utf-8")
    assert etree.XMLSchema(etree.parse(str(SHARED / "Codebook.xsd"))).validate(
        etree.parse(str(path))
    )
    frame = qdc_codebook_frame(path)
    imported = load_codebook(_import(tmp_path) / "config/codebook.yaml")
    assert frame["code"].tolist() == imported["code"].tolist()
    assert frame["label"].tolist() == imported["label"].tolist()


def _import(tmp_path: Path) -> Path:
    out = tmp_path / "imported"
    import_project(NVIVO, out)
    return out


def test_import_command_prints_and_writes_the_summary(tmp_path: Path, capsys) -> None:
    from thematic.cli import main

    assert main(["import-qdpx", str(NVIVO), "--out", str(tmp_path / "s")]) == 0
    printed = capsys.readouterr().out
    assert printed == (tmp_path / "s" / "import-summary.md").read_text(encoding="utf-8")
    assert "UTF-16 code units" in printed
    assert main(["import-qdpx", str(NVIVO), "--out", str(tmp_path / "s")]) == 2  # exists


def test_csv_quotes_read_back_identically(nvivo_study: Path) -> None:
    raw = (nvivo_study / "resources/codings/gergo.csv").read_text(encoding="utf-8")
    again = list(csv.reader(io.StringIO(raw, newline="")))
    assert len(again) == 304
