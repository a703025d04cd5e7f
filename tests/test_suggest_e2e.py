"""Machine suggestions in the built example study: the machine rated beside the coders, a new
essay suggested without re-fitting, model bytes that do not change between builds, and a
switch that turns the stage off."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workflow_helpers import jobs_run, snakemake

pytestmark = pytest.mark.e2e


def test_the_machine_is_rated_beside_the_coders_and_the_report_says_how_far_to_trust_it(
    example_build: Path,
) -> None:
    table = pd.read_parquet(example_build / "results/suggest/agreement.parquet")
    codes = pd.read_parquet(example_build / "results/codebook/codebook.parquet")["code"]
    kappa = table[(table["coefficient"] == "cohen_kappa") & (table["scope"] == "code")]
    for comparison in ("machine_vs_consensus", "machine_vs_coder", "coder_vs_coder"):
        assert set(kappa.loc[kappa["comparison"] == comparison, "scope_id"]) == set(codes)
    assert set(kappa.loc[kappa["comparison"] == "machine_vs_coder", "coder_b"]) == {
        "coder_a",
        "coder_b",
    }
    human = pd.read_parquet(example_build / "results/agreement/pairwise.parquet")
    assert len(table[table["comparison"] == "coder_vs_coder"]) == len(human)
    report = (example_build / "results/report.md").read_text("utf-8")
    section = report.split("## Machine suggestions (not coding)")[1].split("\n## ")[0]
    # 22 essays: the suggestions are expected not to be reliable yet, and the report says so
    assert "not yet reliable for any of the 7 codes" in section
    statements = [line for line in section.splitlines() if line.startswith("- Suggestions for")]
    assert len(statements) == 7
    assert all("are not yet reliable" in line for line in statements)
    html = (example_build / "results/report/index.html").read_text("utf-8")
    assert 'id="suggestions"' in html and "Machine suggestions (not coding)" in html


def test_a_new_essay_gets_suggestions_from_the_stored_model(
    example_build: Path, new_essay_build: Path
) -> None:
    built = new_essay_build  # the example build, then essay_23 (uncoded) arrived and a run
    new_text = (built / "resources/essays/essay_23.txt").read_text("utf-8")
    ran = json.loads((built.parent / "runs.json").read_text("utf-8"))["first"]
    assert "suggest" in ran and "suggest_train" not in ran
    suggestions = pd.read_parquet(built / "results/suggest/suggestions.parquet")
    assert set(suggestions["essay_id"]) == {"essay_23"}
    for spans in suggestions["passages"]:
        assert all(0 <= s < e <= len(new_text) for s, e in json.loads(spans))
    queue = pd.read_csv(built / "results/suggest/queue.csv")
    assert queue["essay_id"].tolist() == ["essay_23"]
    assert queue["note"].tolist() == ["machine suggestion, not a coding"]
    # a suggestion is not coding: N, the counts and the consensus stay as they were
    for artifact in ("results/merge/consensus.parquet", "results/themes/code_counts.parquet"):
        assert (built / artifact).read_bytes() == (example_build / artifact).read_bytes()
    assert "essay_23" in (built / "results/report.md").read_text("utf-8")


def test_refitting_the_model_gives_the_same_bytes(example_build: Path, built_copy: Path) -> None:
    snakemake(built_copy, "--forcerun", "suggest_train")
    for name in ("model", "agreement", "learning_curve"):
        path = f"results/suggest/{name}.parquet"
        assert (built_copy / path).read_bytes() == (example_build / path).read_bytes(), name


def test_suggestions_off_builds_nothing_and_the_report_says_so(built_copy: Path) -> None:
    config = built_copy / "config/config.yaml"
    config.write_text(config.read_text("utf-8") + "suggest:\n  enabled: false\n", "utf-8")
    done = snakemake(built_copy)
    assert not {"suggest", "suggest_train"} & set(jobs_run(done))
    report = (built_copy / "results/report.md").read_text("utf-8")
    assert "Machine suggestions are off" in report
    manifest = pd.read_parquet(built_copy / "results/audit/manifest.parquet")
    assert not manifest["path"].str.startswith("results/suggest/").any()
