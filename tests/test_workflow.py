"""End to end: the real workflow on the bundled example study, in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from thematic.io import artifact_metadata
from workflow_helpers import copy_built, jobs_run, result_hashes, snakemake

# The reference study's table (consensus, N = 22).
REFERENCE = {
    "support_networks": 10,
    "conveying_solidarity": 21,
    "small_acts_of_kindness": 10,
    "compassion": 19,
    "patient_centeredness": 17,
    "celebrating_resilience": 10,
    "renewed_purpose": 11,
}


pytestmark = pytest.mark.e2e


@pytest.fixture()
def built(example_build: Path) -> Path:
    """The shared build, read only."""
    return example_build


def test_consensus_reproduces_the_reference_table(built: Path) -> None:
    counts = pd.read_parquet(built / "results/themes/code_counts.parquet")
    consensus = counts[counts["source"] == "consensus"].set_index("code")
    assert consensus["n_essays"].to_dict() == REFERENCE
    assert set(consensus["n_total"]) == {22}
    assert consensus["n_pending"].sum() == 0


def test_report_prints_counts_as_a_paper_does(built: Path) -> None:
    report = (built / "results/report.md").read_text()
    assert "Compassion (n = 19)" in report
    assert "Conveying solidarity (n = 21)" in report
    assert "N = 22" in report


def test_coders_disagree_like_real_coders(built: Path) -> None:
    agreement = pd.read_parquet(built / "results/agreement/agreement.parquet")
    agreement = agreement[agreement["unit"] == "essay_presence"]
    kappas = agreement[
        (agreement["scope"] == "code") & (agreement["coefficient"] == "cohen_kappa")
    ].set_index("scope_id")
    assert kappas["value"].between(0.5, 0.95).mean() >= 0.7
    solidarity = agreement[(agreement["scope_id"] == "conveying_solidarity")].set_index(
        "coefficient"
    )["value"]
    # prevalence paradox: near-perfect raw agreement, much lower kappa
    assert solidarity["percent_agreement"] > 0.9 > solidarity["cohen_kappa"] + 0.2


def test_agreement_at_three_units_of_analysis(built: Path) -> None:
    agreement = pd.read_parquet(built / "results/agreement/agreement.parquet")
    assert set(agreement["unit"]) == {"essay_presence", "segment_overlap", "characters"}
    overall = agreement[(agreement["scope"] == "overall") & (agreement["unit"] == "characters")]
    assert overall["value"].between(-1, 1).any()
    pairwise = pd.read_parquet(built / "results/agreement/pairwise.parquet")
    assert set(zip(pairwise["coder_a"], pairwise["coder_b"], strict=True)) == {
        ("coder_a", "coder_b")
    }


def test_every_disagreement_is_adjudicated_with_a_rationale(built: Path) -> None:
    consensus = pd.read_parquet(built / "results/merge/consensus.parquet")
    adjudicated = consensus[consensus["decided_by"] == "adjudicated"]
    assert len(adjudicated) > 0 and adjudicated["rationale"].notna().all()
    assert (consensus["decided_by"] != "pending").all()
    pending = pd.read_csv(built / "results/adjudication/pending.csv")
    assert pending.empty


def test_artifacts_carry_provenance(built: Path) -> None:
    meta = artifact_metadata(built / "results/themes/code_counts.parquet")
    assert meta["thematic.schema"] == "CodeCounts"
    assert "results/merge/consensus.parquet" in meta["thematic.inputs"]
    assert len(meta["thematic.code_sha256"]) == 64


def test_a_new_essay_reruns_only_what_depends_on_it(
    example_build: Path, new_essay_build: Path
) -> None:
    built = new_essay_build  # the example build, then essay_23 (uncoded) arrived and a run
    runs = json.loads((built.parent / "runs.json").read_text("utf-8"))
    ran = runs["first"]
    assert ran.count("ingest_shard") == 1  # the "uncoded" shard, not all nine
    # nothing the coders' work feeds runs again for an essay no coder has coded; the
    # suggestions are predicted for it, the model is not re-fitted
    assert sorted(ran) == [
        "all",
        "audit",
        "coverage",
        "deid",
        "ingest",
        "ingest_shard",
        "report",
        "suggest",
    ]
    before, after = result_hashes(example_build), result_hashes(built)
    unchanged = {p for p in before if before[p] == after.get(p)}
    for artifact in (
        "results/codebook/codebook.parquet",
        "results/coding/coder_a.parquet",
        "results/merge/consensus.parquet",
        "results/agreement/agreement.parquet",
        "results/themes/code_counts.parquet",
        "results/ingest/shards/0.parquet",
        "results/suggest/model.parquet",
    ):
        assert artifact in unchanged, artifact
    coverage = pd.read_parquet(built / "results/merge/coverage.parquet").set_index("essay_id")
    assert coverage.loc["essay_23", "status"] == "awaiting_coding"
    counts = pd.read_parquet(built / "results/themes/code_counts.parquet")
    assert set(counts["n_total"]) == {22}  # an uncoded essay is not counted in N
    assert "essay_23" in (built / "results/report.md").read_text()
    assert runs["again"] == []  # and then nothing is left to do


def test_a_manifest_edit_reruns_only_the_registry(built_copy: Path) -> None:
    built = built_copy
    manifest = built / "resources/manifest.csv"
    original = manifest.read_bytes()
    lines = original.decode("utf-8").splitlines()
    essay_id = lines[1].split(",")[0]
    manifest.write_text("\n".join([*lines[:1], f"{essay_id},evening chaplain", *lines[2:]]) + "\n")
    try:
        ran = jobs_run(snakemake(built))
        assert sorted(ran) == ["all", "audit", "ingest"]  # metadata is joined in the registry only
        registry = pd.read_parquet(built / "results/ingest/essays.parquet").set_index("essay_id")
        assert registry.loc[essay_id, "meta_role"] == "evening chaplain"
    finally:
        manifest.write_bytes(original)


def test_an_essay_a_coder_takes_up_moves_from_the_uncoded_shard(
    new_essay_build: Path, tmp_path: Path
) -> None:
    built = copy_built(new_essay_build, tmp_path / "study")  # essay_23 arrived, uncoded
    uncoded = pd.read_parquet(built / "results/ingest/shards/uncoded.parquet")
    assert uncoded["essay_id"].tolist() == ["essay_23"]
    with (built / "resources/codings/coder_a.csv").open("a", encoding="utf-8") as handle:
        handle.write("coder_a,essay_23,,,,,\n")  # read; no code applies
    ran = jobs_run(snakemake(built))
    assert ran.count("ingest_shard") == 2  # out of "uncoded", into its numbered shard
    assert "apply_codebook" in ran and "merge" in ran
    assert pd.read_parquet(built / "results/ingest/shards/uncoded.parquet").empty
    coverage = pd.read_parquet(built / "results/merge/coverage.parquet").set_index("essay_id")
    assert coverage.loc["essay_23", "status"] == "partially_coded"
    assert coverage.loc["essay_23", "coders_done"] == "coder_a"
