"""Privacy, end to end: PHI planted in an essay and in a coder's quote and memo for that essay
never reaches results/, logs/, Snakemake's own log, or the run's stdout and stderr.

Parquet files are compressed, so they are searched cell by cell (and their footer metadata),
not as raw bytes; zip files (the spreadsheets, the REFI-QDA export) member by member; every
other file is searched as text.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from thematic.report import FIGURE_NAMES
from workflow_helpers import copy_built, jobs_run, shared_build, snakemake

ESSAY = "essay_05"
PHI_SENTENCE = (
    "On March 3, 2021 I phoned Mrs. Whitlock at (617) 555-0142 about her scan; "
    "her MRN 4471902 was on the wristband."
)
# Each planted identifier, and the fragments of it that would still identify her.
PLANTED = ["Whitlock", "WHITLOCK", "555-0142", "617) 555", "5550142", "March 3, 2021", "4471902"]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def run(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of the built example study; then the PHI arrives, in the essay and in a coder's
    quote and memo, and a run follows (once a session). Every rule that reads essay text or
    codings runs again (the essay's shard, the gate, both coders' files, which read the shards,
    and all after). Returns the study and what the run printed."""

    def make(folder: Path) -> None:
        study = copy_built(example_build, folder / "study")
        essay = study / f"resources/essays/{ESSAY}.txt"
        text = essay.read_text("utf-8").rstrip("\n")
        essay.write_text(text + "\n\n" + PHI_SENTENCE + "\n", "utf-8")
        coding = study / "resources/codings/coder_a.csv"
        with open(coding, "a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow(
                [
                    "coder_a",
                    ESSAY,
                    "compassion",
                    "",
                    "",
                    PHI_SENTENCE,
                    "rang Mrs. Whitlock, 555-0142",
                ]
            )
        done = snakemake(study)
        assert {"ingest_shard", "deid", "apply_codebook", "merge", "report", "export"} <= set(
            jobs_run(done)
        )
        # beside the study, as the run's output is not one of its files
        (folder / "output.txt").write_text(done.stdout + "\n" + done.stderr, "utf-8")

    folder = shared_build(tmp_path_factory, "privacy", make)
    return folder / "study", (folder / "output.txt").read_text("utf-8")


def texts_of(path: Path) -> list[str]:
    """What a reader of the file could see: cells and metadata of Parquet, else the text."""
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
        cells = [str(value) for column in frame.columns for value in frame[column].tolist()]
        metadata = pq.read_schema(path).metadata or {}
        return [
            *map(str, frame.columns),
            *cells,
            *(v.decode("utf-8", "replace") for v in metadata.values()),
        ]
    if zipfile.is_zipfile(path):  # the spreadsheets and the REFI-QDA export: every member
        with zipfile.ZipFile(path) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return [path.read_bytes().decode("utf-8", "replace")]


def test_the_planted_essay_is_quarantined(run: tuple[Path, str]) -> None:
    study, _ = run
    status = pd.read_parquet(study / "results/deid/status.parquet").set_index("essay_id")
    assert status.loc[ESSAY, "status"] == "quarantined"
    coverage = pd.read_parquet(study / "results/merge/coverage.parquet").set_index("essay_id")
    assert coverage.loc[ESSAY, "status"] == "quarantined"


@pytest.mark.parametrize("where", ["results", "logs", ".snakemake/log"])
def test_no_planted_identifier_in_any_file(run: tuple[Path, str], where: str) -> None:
    study, _ = run
    files = [p for p in (study / where).rglob("*") if p.is_file()]
    assert files, f"nothing under {where}/ to check"
    for path in files:
        for text in texts_of(path):
            for planted in PLANTED:
                assert planted not in text, f"{planted!r} leaked into {path.relative_to(study)}"


REPORT_FILES = [
    "results/report.md",
    "results/report/index.html",
    "results/report/methods.md",
    *(f"results/report/figures/{name}.svg" for name in FIGURE_NAMES),
]


def test_the_report_files_are_built_and_searched_as_text(run: tuple[Path, str]) -> None:
    """The HTML, the methods text and the figures exist, hold text (SVG text is kept as text,
    so a label or quote drawn in a figure is searchable), and are free of the planted essay's
    identifiers and of its quotes."""
    study, _ = run
    for name in REPORT_FILES:
        text = (study / name).read_text("utf-8")
        assert len(text) > 500, name
        for planted in PLANTED:
            assert planted not in text, f"{planted!r} leaked into {name}"
    page = (study / "results/report/index.html").read_text("utf-8")
    assert f'data-essay="{ESSAY}"' not in page  # no quote of the quarantined essay
    assert "<text" in (study / "results/report/figures/prevalence.svg").read_text("utf-8")


def test_no_planted_identifier_on_stdout_or_stderr(run: tuple[Path, str]) -> None:
    _, output = run
    for planted in PLANTED:
        assert planted not in output, f"{planted!r} was printed by the run"
