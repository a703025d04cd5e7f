"""``thematic check``: every input problem of a study in one pass, and the workflow failing
early with the same list."""

from __future__ import annotations

from pathlib import Path

import pytest

from thematic.checks import check_study
from thematic.checks.coders import READ_SUFFIXES
from thematic.cli import main
from workflow_helpers import jobs_run, snakemake


def _break_everything(study: Path) -> None:
    """A code typo, a bad decision, an empty essay, a wrong-case essay id and a bad config
    value: before, a run reported the first of these alone, one stage per run."""
    coding = study / "resources/codings/coder_b.csv"
    with open(coding, "a", encoding="utf-8") as handle:
        handle.write("coder_b,essay_03,compasion,,,,\n")
        handle.write("coder_b,Essay_04,compassion,,,,\n")
    with open(study / "resources/adjudication/decisions.csv", "a", encoding="utf-8") as handle:
        handle.write("essay_03,compassion,maybe,adjudicator_1,unsure\n")
    (study / "resources/essays/essay_30.txt").write_text("")
    config = study / "config/config.yaml"
    config.write_text(config.read_text().replace("bootstrap: 1000", "bootstrap: -5"))


def test_the_example_study_checks_clean(example_study: Path, capsys) -> None:
    assert main(["check", str(example_study)]) == 0
    assert "22 essays" in capsys.readouterr().out


def test_every_problem_is_listed_in_one_pass(example_study: Path, capsys) -> None:
    _break_everything(example_study)
    assert main(["check", str(example_study)]) == 1
    out = capsys.readouterr().out
    assert "config/config.yaml, line 13: `agreement.bootstrap` is -5" in out
    assert "resources/codings/coder_b.csv, line" in out and "unknown code 'compasion'" in out
    assert "essay 'Essay_04' does not exist" in out and "Did you mean 'essay_04'?" in out
    assert "resources/adjudication/decisions.csv, line" in out and "'maybe'" in out
    assert "resources/essays/essay_30.txt" in out and "empty" in out


def test_a_file_no_reader_takes_is_named(example_study: Path) -> None:
    (example_study / "resources/codings/coder_c.ods").write_bytes(b"PK")
    problems = check_study(example_study).problems
    assert [p.file for p in problems] == ["resources/codings/coder_c.ods"]
    assert ".csv" in problems[0].fix and {".csv", ".xlsx", ".qdpx"} <= set(READ_SUFFIXES)


def test_a_missing_codebook_and_a_broken_config_file(example_study: Path) -> None:
    (example_study / "config/codebook.yaml").unlink()
    (example_study / "config/config.yaml").write_text("deid:\n  policy: [\n")
    problems = {p.file: p for p in check_study(example_study).problems}
    assert "not valid YAML" in problems["config/config.yaml"].what
    assert "no codebook file" in problems["config/codebook.yaml"].what


@pytest.mark.e2e
def test_the_workflow_fails_before_any_job_with_the_complete_list(example_study: Path) -> None:
    _break_everything(example_study)
    done = snakemake(example_study, check=False)
    assert done.returncode != 0
    assert jobs_run(done) == []
    for expected in ("'compasion'", "'Essay_04'", "'maybe'", "essay_30.txt"):
        assert expected in done.stderr, expected
    assert "Traceback" not in done.stderr
    assert "thematic check" in done.stdout + done.stderr
