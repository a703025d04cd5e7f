"""A failed run leaves no stale report, sheet or export in place, every artifact records its
inputs so `thematic verify` can call it stale, and verify says plainly when a study was never
built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from thematic import stale
from thematic.audit import verify_results
from thematic.cli import main
from workflow_helpers import jobs_run, snakemake

PEOPLE = [
    "results/report.md",
    "results/report/index.html",
    "results/report/methods.md",
    "results/report/figures/prevalence.svg",
    "results/adjudication/pending.csv",
]


def _results(root: Path) -> None:
    for path in [*PEOPLE, "results/merge/consensus.parquet"]:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(f"old build: {path}")


def test_a_failure_sets_aside_what_people_read_and_says_why(tmp_path: Path) -> None:
    _results(tmp_path)
    moved = stale.set_aside(tmp_path, "rule(s) merge stopped with an error.")
    assert sorted(p.as_posix() for p in moved) == sorted(
        p.replace("results/", "results/stale/") for p in PEOPLE
    )
    for path in PEOPLE:
        assert not (tmp_path / path).exists()
    assert (tmp_path / "results/merge/consensus.parquet").exists()  # thematic's own, checked
    notice = (tmp_path / "results/STALE.md").read_text()
    assert "rule(s) merge stopped with an error." in notice
    assert "`results/stale/report.md`" in notice


def test_the_stale_files_go_once_a_build_has_replaced_them(tmp_path: Path) -> None:
    _results(tmp_path)
    stale.set_aside(tmp_path, "a failure")
    (tmp_path / "results/report.md").write_text("new")
    assert not stale.clear(tmp_path)  # the rest are not back yet
    _results(tmp_path)
    assert stale.clear(tmp_path)
    assert not (tmp_path / "results/stale").exists()
    assert not (tmp_path / "results/STALE.md").exists()


def test_nothing_to_set_aside_writes_nothing(tmp_path: Path) -> None:
    assert stale.set_aside(tmp_path, "a failure") == []
    assert not (tmp_path / "results").exists()


def test_the_failed_rules_are_read_from_snakemakes_log(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    log.write_text("rule deid:\n...\nError in rule deid:\n    message: x\n")
    assert stale.failure_of(log).startswith("rule(s) deid stopped with an error")
    assert stale.failure_of([str(log)]) == stale.failure_of(log)  # what onerror is given
    assert "Snakemake's output" in stale.failure_of(None)


def test_verify_on_a_study_never_built_says_so(example_study: Path, capsys) -> None:
    # before: "results/coding/coder_a.parquet: ... it arrived after the build"
    for results in (example_study / "results", example_study / "results"):
        assert main(["verify", str(results)]) == 1
        said = capsys.readouterr()
        assert "has never been built" in said.err
        assert "arrived after" not in said.out + said.err
        results.mkdir(exist_ok=True)  # a results/ holding only its README is not a build
        (results / "README.md").write_text("artifacts")


@pytest.mark.e2e
def test_a_failed_run_leaves_no_unmarked_report(built_copy: Path) -> None:
    # before: the last good report.md stayed in place, showing numbers the inputs no longer give
    study = built_copy
    essay = study / "resources/essays/essay_23.txt"  # a new essay that cannot be read
    essay.write_bytes(b"I rang Mrs. Whitlock at (617) 555-0142 about her scan. \xff\xfe\n" * 5)
    failed = snakemake(study, check=False)
    assert failed.returncode != 0
    assert not (study / "results/report.md").exists()
    assert not (study / "results/report/index.html").exists()
    assert not (study / "results/adjudication/pending.csv").exists()
    assert (study / "results/stale/report/index.html").exists()
    notice = (study / "results/STALE.md").read_text()
    assert "1 input problem(s) found before any job" in notice
    assert "Whitlock" not in notice and "555" not in notice
    missing = {f.artifact for f in verify_results(study / "results") if f.status == "missing"}
    assert "results/report.md" in missing

    essay.unlink()
    assert "report" in jobs_run(snakemake(study))
    assert (study / "results/report.md").exists()
    assert not (study / "results/stale").exists() and not (study / "results/STALE.md").exists()
    assert verify_results(study / "results") == []


@pytest.mark.e2e
def test_a_rule_that_stops_is_named_from_snakemakes_own_log(built_copy: Path) -> None:
    """A rule failing mid-run (the gate under policy block), not an input problem found before
    any job: the notice names the rule, as Snakemake's log gives it, and no planted text."""
    study = built_copy
    config = study / "config/config.yaml"
    config.write_text(config.read_text().replace("policy: quarantine", "policy: block"))
    essay = study / "resources/essays/essay_23.txt"
    essay.write_text("I rang Mrs. Whitlock at (617) 555-0142 about her scan. " * 5)
    failed = snakemake(study, check=False)
    assert failed.returncode != 0 and "Error in rule deid" in failed.stderr
    assert (study / "results/stale/report/index.html").exists()
    notice = (study / "results/STALE.md").read_text()
    assert "rule(s) deid stopped with an error" in notice
    assert "Whitlock" not in notice and "555" not in notice


@pytest.mark.e2e
def test_the_report_and_sheets_record_their_inputs(built_copy: Path, tmp_path: Path) -> None:
    # before: their manifest rows recorded no inputs, so verify never called them stale
    study = tmp_path / "copy"
    shutil.copytree(built_copy, study, ignore=shutil.ignore_patterns(".snakemake", "logs"))
    codebook = study / "config/codebook.yaml"
    codebook.write_text(codebook.read_text() + "\n# an edit\n")
    decisions = study / "resources/adjudication/decisions.csv"
    decisions.write_text(decisions.read_text() + "\n")
    stale_now = {f.artifact for f in verify_results(study / "results") if f.status == "stale"}
    for path in (
        "results/report.md",
        "results/report/index.html",
        "results/report/figures/prevalence.svg",
        "results/adjudication/pending.csv",
        "results/adjudication/unused_decisions.csv",
    ):
        assert path in stale_now, path
