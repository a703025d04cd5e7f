"""A synthetic study exported to REFI-QDA (with NVivo's traps), imported with
``thematic import-qdpx``, and built by Snakemake with no further edits."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from qdpx_fixtures import Traps, study_fixture, write_qdpx
from thematic.cli import main
from thematic.codebook import load_codebook, normalise_name, resolver
from workflow_helpers import snakemake

pytestmark = pytest.mark.e2e


def segments_of(study: Path, coder: str) -> set[tuple[str, str, int, int]]:
    """A synthetic coder's segments, codes resolved (coders write labels and aliases)."""
    code_of = resolver(load_codebook(study / "config" / "codebook.yaml"))
    path = study / "resources" / "codings" / f"{coder}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            (r["essay_id"], code_of[normalise_name(r["code"])], int(r["start"]), int(r["end"]))
            for r in csv.DictReader(handle)
            if r["code"] and r["start"]
        }


def test_imported_project_builds_and_keeps_every_segment(tmp_path: Path) -> None:
    original = tmp_path / "original"
    assert main(["synth", "--essays", "12", "--coders", "2", "--seed", "3", str(original)]) == 0
    project = write_qdpx(
        tmp_path / "coders.qdpx",
        study_fixture(original),
        Traps(bom=True, folder="Sources", upper_guids=True, inner_name="Synthetic study.qde"),
    )
    study = tmp_path / "imported"
    assert main(["import-qdpx", str(project), "--out", str(study)]) == 0
    snakemake(study)
    for coder in ("coder_a", "coder_b"):
        coding = pd.read_parquet(study / "results" / "coding" / f"{coder}.parquet")
        built = {
            (r.essay_id, r.code, int(r.start), int(r.end))
            for r in coding.itertuples()
            if r.code is not None and not r.whole_essay
        }
        assert segments_of(original, coder) <= built
        assert len(built) == len(segments_of(study, coder))
    assert (study / "results" / "report.md").exists()


def test_coders_exports_in_a_running_study(tmp_path: Path) -> None:
    """Each coder codes in a tool and exports; the .qdpx (two users, NVivo's traps: UTF-16
    positions, CRLF, BOM) and an .xlsx sit in resources/codings/ beside nothing else, and
    `snakemake` builds with the same segments as the CSVs gave."""
    from openpyxl import Workbook

    study = tmp_path / "study"
    assert main(["synth", "--essays", "10", "--coders", "3", "--seed", "5", "--shards", "2", str(study)]) == 0
    codings = study / "resources" / "codings"
    expected = {coder: segments_of(study, coder) for coder in ("coder_a", "coder_b", "coder_c")}
    fixture = study_fixture(study)
    fixture.codings = [c for c in fixture.codings if c[0] != "coder_c"]
    write_qdpx(codings / "team.qdpx", fixture, Traps(utf16=True, crlf=True, bom=True))
    book = Workbook()
    with open(codings / "coder_c.csv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            book.active.append([int(v) if v.isdigit() else v for v in row])
    book.save(codings / "coder_c.xlsx")
    for coder in ("coder_a", "coder_b", "coder_c"):
        (codings / f"{coder}.csv").unlink()
    snakemake(study)
    for coder, segments in expected.items():
        coding = pd.read_parquet(study / "results" / "coding" / f"{coder}.parquet")
        built = {
            (r.essay_id, r.code, int(r.start), int(r.end))
            for r in coding.itertuples()
            if r.code is not None and not r.whole_essay
        }
        assert segments <= built, coder
    assert (study / "results" / "report.md").exists()
