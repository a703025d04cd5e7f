"""The REFI-QDA export (results/export/project.qdpx and codebook.qdc): valid against the
standard's schemas (../shared/interop/*.xsd, the REFI-QDA 1.0 schemas as published), the same
bytes for the same inputs, never an essay the gate withheld, and read back by thematic's own
importer to the same segments per coder and the same codebook."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from lxml import etree

from thematic.errors import InputError
from thematic.interop import export as refi
from thematic.interop.archive import open_project
from thematic.interop.codebook import read_qdc, split_description
from thematic.interop.project import read_project
from thematic.interop.study import build_study

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "interop"
CLEARED = "I sat with her on the ward.\nShe held my hand 🙂 and smiled at the window.\n"
WAIVED = "He asked about the garden every visit. We planted bulbs in the autumn.\n"
QUARANTINED_TEXT = "Mrs Kowalczyk rang from 0161 496 0321 on the 3rd of May.\n"
FLAGGED_TEXT = "Her son Bartholomew drove up from Llandudno every weekend.\n"


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    if not SHARED.is_dir():
        pytest.skip(f"the REFI-QDA schemas are not at {SHARED}")
    return {
        name: etree.XMLSchema(etree.parse(str(SHARED / f"{name}.xsd")))
        for name in ("Project", "Codebook")
    }


def essays() -> pd.DataFrame:
    rows = [
        ("e_cleared", "cleared", CLEARED),
        ("e_waived", "waived", WAIVED),
        ("e_quarantined", "quarantined", None),
        ("e_flagged", "flagged", FLAGGED_TEXT),  # policy warn: analysed, text kept in the study
        ("e_uncoded", "cleared", "Not coded by anyone yet.\n"),
    ]
    return pd.DataFrame(
        {
            "essay_id": [r[0] for r in rows],
            "sha256": [f"{i:064x}" for i in range(len(rows))],
            "deid_status": [r[1] for r in rows],
            "text": [r[2] for r in rows],
        }
    )


def coding(coder: str, rows: list[tuple]) -> pd.DataFrame:
    """Coding rows: (essay, code, start, end) with start None for a whole-essay code; code None
    for an essay read with no code applying."""
    text = dict(zip(essays()["essay_id"], essays()["text"], strict=True))
    frame = []
    for line, (essay, code, start, end) in enumerate(rows, start=2):
        whole = start is None
        frame.append(
            {
                "coder": coder,
                "essay_id": essay,
                "code": code,
                "whole_essay": whole and code is not None,
                "start": 0 if whole else start,
                "end": 0 if whole else end,
                "quote": None
                if whole or not isinstance(text[essay], str)
                else text[essay][start:end],
                "source_line": line,
            }
        )
    return pd.DataFrame(frame)


def codings() -> pd.DataFrame:
    # "🙂" lies outside the Basic Multilingual Plane: code points and UTF-16 units differ after it
    smile = CLEARED.index("and smiled")
    return pd.concat(
        [
            coding(
                "coder_a",
                [
                    ("e_cleared", "compassion", 0, 26),
                    ("e_cleared", "conveying_solidarity", 0, 26),  # two codes on one span
                    ("e_cleared", "small_acts_of_kindness", smile, smile + 10),
                    ("e_waived", "support_networks", None, None),
                    ("e_quarantined", "compassion", 0, 0),
                    ("e_flagged", "compassion", 0, 12),
                ],
            ),
            coding(
                "coder_b",
                [
                    ("e_cleared", "compassion", 4, 26),
                    ("e_waived", None, None, None),  # read, no code applies
                    ("e_flagged", "compassion", 0, 12),
                ],
            ),
        ],
        ignore_index=True,
    )


def consensus() -> pd.DataFrame:
    cells = [
        ("e_cleared", "compassion", True),
        ("e_cleared", "small_acts_of_kindness", False),
        ("e_cleared", "conveying_solidarity", pd.NA),  # pending: not exported
        ("e_waived", "support_networks", True),
        ("e_quarantined", "compassion", True),
        ("e_flagged", "compassion", True),
    ]
    return pd.DataFrame(
        {
            "essay_id": [c[0] for c in cells],
            "code": [c[1] for c in cells],
            "present": pd.array([c[2] for c in cells], dtype="boolean"),
        }
    )


def export(codebook: pd.DataFrame, coded: pd.DataFrame | None = None) -> bytes:
    exported = refi.exported_essays(essays(), consensus())
    xml, files = refi.project_xml(
        codebook,
        exported,
        codings() if coded is None else coded,
        consensus(),
        name="Test study",
        origin="thematic test",
    )
    return refi.project_qdpx(xml, files)


@pytest.fixture
def qdpx(codebook_table: pd.DataFrame, tmp_path: Path) -> Path:
    path = tmp_path / "project.qdpx"
    path.write_bytes(export(codebook_table))
    return path


def test_the_project_is_valid_against_the_refi_qda_schema(qdpx: Path, schemas: dict) -> None:
    with zipfile.ZipFile(qdpx) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    assert schemas["Project"].validate(project), schemas["Project"].error_log


def test_the_codebook_is_valid_against_the_refi_qda_schema(
    codebook_table: pd.DataFrame, schemas: dict
) -> None:
    qdc = etree.fromstring(refi.codebook_qdc(codebook_table, origin="thematic test"))
    assert schemas["Codebook"].validate(qdc), schemas["Codebook"].error_log


def test_the_same_inputs_give_the_same_bytes_whatever_the_row_order(
    codebook_table: pd.DataFrame,
) -> None:
    shuffled = codings().sample(frac=1, random_state=3).reset_index(drop=True)
    assert export(codebook_table) == export(codebook_table, shuffled)
    with zipfile.ZipFile(io.BytesIO(export(codebook_table))) as archive:
        assert {info.date_time for info in archive.infolist()} == {refi.ZIP_TIME}
        assert "DateTime" not in archive.read("project.qde").decode("utf-8")


def test_no_essay_the_gate_did_not_clear_is_in_the_export(qdpx: Path) -> None:
    """Neither the quarantined essay nor the flagged one (kept in the study under policy warn)
    leaves it: not as a source, not as a selection's name; both are named in the description."""
    with zipfile.ZipFile(qdpx) as archive:
        everything = "".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    for leaked in ("Kowalczyk", "0161 496", "Bartholomew", "Llandudno", "Her son"):
        assert leaked not in everything
    project = read_project(open_project(qdpx))
    assert sorted(s.name for s in project.sources) == ["e_cleared", "e_waived"]
    assert "2 analysed essays (e_flagged, e_quarantined)" in everything


def _rows(study, coder: str) -> set[tuple[str, str, str, str]]:
    labels = {
        code["id"]: code["label"]
        for theme in yaml.safe_load(study.files["config/codebook.yaml"])["themes"]
        for code in theme["codes"]
    }
    csv = study.files[f"resources/codings/{coder}.csv"]
    table = pd.read_csv(io.StringIO(csv), dtype=str, keep_default_na=False)
    return {(r.essay_id, labels[r.code], r.start, r.end) for r in table.itertuples()}


def _segments(rows: pd.DataFrame, label: dict[str, str]) -> set[tuple[str, str, str, str]]:
    """Coding rows as the importer's CSV gives them: essay, code label, start, end (both empty
    for a whole-essay code)."""
    return {
        (
            r.essay_id,
            label[r.code],
            "" if r.whole_essay else str(r.start),
            "" if r.whole_essay else str(r.end),
        )
        for r in rows.itertuples()
    }


def test_importing_the_export_gives_each_coder_the_same_segments(
    qdpx: Path, codebook_table: pd.DataFrame
) -> None:
    study = build_study(read_project(open_project(qdpx)))
    assert sorted(study.coders) == ["coder_a", "coder_b", "consensus"]
    label = dict(zip(codebook_table["code"], codebook_table["label"], strict=True))
    exported = {"e_cleared", "e_waived"}
    for coder, rows in codings().groupby("coder"):
        rows = rows[rows["essay_id"].isin(exported) & rows["code"].notna()]
        assert _rows(study, coder) == _segments(rows, label)
    agreed = {
        ("e_cleared", label["compassion"], "", ""),
        ("e_waived", label["support_networks"], "", ""),
    }
    assert _rows(study, "consensus") == agreed
    # positions are code points of the text: the span after the emoji quotes the same words
    csv = study.files["resources/codings/coder_a.csv"]
    assert ",and smiled," in csv


def test_the_codebook_comes_back_with_its_themes_and_fields(
    codebook_table: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "codebook.qdc"
    path.write_bytes(refi.codebook_qdc(codebook_table, origin="thematic test"))
    document = read_qdc(path).document
    back = {
        code["label"]: (theme["label"], code)
        for theme in document["themes"]
        for code in theme["codes"]
    }
    assert len(back) == len(codebook_table)
    for row in codebook_table.itertuples():
        theme_label, code = back[row.label]
        assert theme_label == row.theme_label
        for field in ("definition", "inclusion", "exclusion", "example"):
            assert code.get(field, "") == getattr(row, field), (row.code, field)


def test_a_description_without_field_lines_is_all_definition() -> None:
    assert split_description("Warmth shown.\nIt continues here.") == {
        "definition": "Warmth shown. It continues here."
    }
    assert split_description("Warmth.\nInclude: hugs\nExclude: pity\nExample: 'she smiled'") == {
        "definition": "Warmth.",
        "inclusion": "hugs",
        "exclusion": "pity",
        "example": "'she smiled'",
    }


def test_a_coder_named_consensus_is_refused(codebook_table: pd.DataFrame) -> None:
    renamed = codings().replace({"coder": {"coder_b": "consensus"}})
    with pytest.raises(InputError, match="rename that coder's file"):
        export(codebook_table, renamed)


def test_a_study_with_nothing_to_export_is_still_a_valid_project(
    codebook_table: pd.DataFrame, schemas: dict
) -> None:
    nothing = refi.ExportedEssays(essays().iloc[:0][["essay_id", "sha256", "text"]], ["e_x"])
    xml, files = refi.project_xml(
        codebook_table, nothing, codings(), consensus(), name="Empty", origin="thematic test"
    )
    assert files == {}
    assert schemas["Project"].validate(etree.fromstring(xml)), schemas["Project"].error_log


@pytest.mark.e2e
def test_the_example_build_exports_every_coders_segments(
    example_build: Path, schemas: dict
) -> None:
    """The pipeline's own export of the example study: valid, and read back to the coders'
    segments as the coding artifacts hold them, and to the consensus's present cells."""
    qdpx = example_build / "results/export/project.qdpx"
    with zipfile.ZipFile(qdpx) as archive:
        assert schemas["Project"].validate(etree.fromstring(archive.read("project.qde")))
    qdc = etree.parse(str(example_build / "results/export/codebook.qdc"))
    assert schemas["Codebook"].validate(qdc), schemas["Codebook"].error_log
    study = build_study(read_project(open_project(qdpx)))
    book = pd.read_parquet(example_build / "results/codebook/codebook.parquet")
    label = dict(zip(book["code"], book["label"], strict=True))
    for coder in ("coder_a", "coder_b"):
        rows = pd.read_parquet(example_build / f"results/coding/{coder}.parquet").dropna(
            subset=["code"]
        )
        assert len(rows) and _rows(study, coder) == _segments(rows, label)
    consensus = pd.read_parquet(example_build / "results/merge/consensus.parquet")
    present = consensus[consensus["present"].eq(True)]
    assert _rows(study, "consensus") == {
        (r.essay_id, label[r.code], "", "") for r in present.itertuples()
    }


def test_a_control_character_in_a_quote_does_not_stop_the_export(
    codebook_table: pd.DataFrame, schemas: dict
) -> None:
    """XML 1.0 cannot hold a vertical tab: the selection's name drops it; the source keeps it."""
    text = "She\x0bsmiled at the window.\n"
    essays_ = pd.DataFrame({"essay_id": ["e"], "sha256": ["0" * 64], "text": [text]})
    exported = refi.ExportedEssays(essays_, [])
    coded = pd.DataFrame(
        [{"coder": "coder_a", "essay_id": "e", "code": "compassion", "whole_essay": False,
          "start": 0, "end": 10, "quote": text[:10], "source_line": 2}]
    )  # fmt: skip
    xml, files = refi.project_xml(
        codebook_table, exported, coded, consensus().iloc[:0], name="x", origin="t"
    )
    assert schemas["Project"].validate(etree.fromstring(xml))
    assert 'name="Shesmiled"' in xml.decode("utf-8") and "\x0b" in next(iter(files.values()))
