"""Each stage's I/O edge, run on files without Snakemake."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from thematic import deid, stages
from thematic.errors import InputError
from thematic.io import artifact_metadata, read_artifact
from thematic.schemas import Coding, Decisions, DeidFindings, Essays

PHONE = "555-867-5309"


@pytest.fixture()
def shard(tmp_path: Path) -> dict[str, str]:
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "clean.txt").write_text("I sat with her fear and we made tea together.\n")
    (essays / "leaky.txt").write_text(f"Her husband asked me to call him at {PHONE} tonight.\n")
    out = tmp_path / "results"
    return {
        "essays": [str(essays / "clean.txt"), str(essays / "leaky.txt")],
        "screened": str(out / "essays.parquet"),
        "findings": str(out / "findings.parquet"),
        "status": str(out / "status.parquet"),
        "study_dir": str(tmp_path),
    }


def _ingest(shard: dict, policy: str = "quarantine") -> pd.DataFrame:
    stages.ingest_shard(waivers=None, policy=policy, **shard)
    return read_artifact(shard["screened"], Essays).set_index("essay_id")


def test_ingest_shard_withholds_text_of_quarantined_essays(shard) -> None:
    essays = _ingest(shard)
    assert essays.loc["clean", "deid_status"] == "cleared"
    assert essays.loc["clean", "text"].startswith("I sat")
    assert essays.loc["leaky", "deid_status"] == "quarantined"
    assert pd.isna(essays.loc["leaky", "text"])
    for path in (shard["screened"], shard["findings"], shard["status"]):
        assert PHONE.encode() not in Path(path).read_bytes()
    findings = read_artifact(shard["findings"], DeidFindings)
    assert set(findings["essay_id"]) == {"leaky"} and "PHONE" in set(findings["category"])


def test_warn_policy_keeps_flagged_text(shard) -> None:
    essays = _ingest(shard, policy="warn")
    assert essays.loc["leaky", "deid_status"] == "flagged"
    assert essays.loc["leaky", "text"].startswith("Her husband")


def test_block_policy_stops_the_run_naming_essays_and_categories(shard, tmp_path) -> None:
    _ingest(shard)
    with pytest.raises(InputError) as err:
        stages.deid(
            shard_findings=[shard["findings"]],
            shard_status=[shard["status"]],
            policy="block",
            findings=str(tmp_path / "f.parquet"),
            status=str(tmp_path / "s.parquet"),
        )
    message = str(err.value)
    assert "leaky" in message and "PHONE" in message and PHONE not in message


def test_empty_shard_writes_empty_artifacts(shard) -> None:
    shard["essays"] = None
    essays = _ingest(shard)
    assert essays.empty


def _screen_example_essays() -> str:
    """All essays of the study in the working directory as one screened shard; its path."""
    essay_files = sorted(str(p) for p in Path("resources/essays").glob("*.txt"))
    stages.ingest_shard(
        essays=essay_files,
        waivers=None,
        study_dir=".",
        policy="quarantine",
        screened="results/ingest/shards/0.parquet",
        findings="results/deid/shards/findings_0.parquet",
        status="results/deid/shards/status_0.parquet",
    )
    return "results/ingest/shards/0.parquet"


def test_apply_codebook_stage_writes_a_validated_coding(
    example_study: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(example_study)
    screened = _screen_example_essays()
    stages.codebook(source="config/codebook.yaml", codebook="results/codebook.parquet")
    stages.apply_codebook(
        coding_file="resources/codings/coder_b.csv",
        codebook="results/codebook.parquet",
        essays=[screened],
        coder="coder_b",
        coding="results/coding/coder_b.parquet",
    )
    coding = read_artifact("results/coding/coder_b.parquet", Coding)
    essays = read_artifact(screened, Essays).set_index("essay_id")
    assert coding["essay_id"].nunique() == 22
    # every segment is exactly the essay's text at its offsets
    for row in coding.itertuples():
        assert essays.loc[row.essay_id, "text"][row.start : row.end] == row.quote


def test_the_registry_joins_the_manifest_which_the_shards_do_not_read(
    example_study: Path, monkeypatch
) -> None:
    monkeypatch.chdir(example_study)
    screened = _screen_example_essays()
    assert not any(c.startswith("meta_") for c in read_artifact(screened).columns)
    stages.ingest(
        shards=[screened],
        manifest="resources/manifest.csv",
        essays="results/ingest/essays.parquet",
    )
    registry = read_artifact("results/ingest/essays.parquet", Essays)
    assert registry["meta_role"].notna().all()
    meta = artifact_metadata("results/ingest/essays.parquet")
    assert "resources/manifest.csv" in json.loads(meta["thematic.inputs"])


def test_artifacts_record_the_config_and_codebook_hashes(tmp_path, monkeypatch, repo) -> None:
    from thematic import provenance

    monkeypatch.setattr(provenance, "RUN_CONTEXT", {})
    provenance.set_run_context({"n_shards": 8}, repo / "config" / "codebook.yaml")
    stages.codebook(source=str(repo / "config/codebook.yaml"), codebook=str(tmp_path / "c.pq"))
    meta = artifact_metadata(tmp_path / "c.pq")
    assert meta["thematic.codebook_sha256"] == provenance.sha256_file(
        repo / "config" / "codebook.yaml"
    )
    assert len(meta["thematic.config_sha256"]) == 64
    if (repo / ".git").exists():
        assert meta["thematic.git_commit"] == provenance.git_commit()


def test_a_waiver_clears_its_finding_until_the_essay_changes(shard, tmp_path) -> None:
    _ingest(shard)
    finding = read_artifact(shard["findings"], DeidFindings).iloc[0]
    waivers = tmp_path / "waivers.csv"
    waivers.write_text(
        "essay_id,essay_sha256,fingerprint,reviewer,reason\n"
        f"leaky,{finding.essay_sha256},{finding.fingerprint},rev_1,the clinic's public line\n"
    )
    stages.ingest_shard(waivers=str(waivers), policy="quarantine", **shard)
    essays = read_artifact(shard["screened"], Essays).set_index("essay_id")
    assert essays.loc["leaky", "deid_status"] == "waived"
    assert essays.loc["leaky", "text"].startswith("Her husband")

    Path(shard["essays"][1]).write_text(f"He asked me to call him at {PHONE} again.\n")
    stages.ingest_shard(waivers=str(waivers), policy="quarantine", **shard)
    essays = read_artifact(shard["screened"], Essays).set_index("essay_id")
    assert essays.loc["leaky", "deid_status"] == "quarantined"


def test_a_waiver_without_reviewer_or_reason_is_refused(tmp_path) -> None:
    waivers = tmp_path / "waivers.csv"
    waivers.write_text("essay_id,essay_sha256,fingerprint,reviewer,reason\ne1,x,y,,\n")
    with pytest.raises(InputError, match="line 2.*without reviewer or reason"):
        deid.read_waivers(waivers)


def test_a_waivers_file_in_another_encoding_is_refused_by_name(tmp_path) -> None:
    waivers = tmp_path / "waivers.csv"
    waivers.write_bytes(
        "essay_id,essay_sha256,fingerprint,reviewer,reason\ne1,x,y,Jos\xe9,ok\n".encode("cp1252")
    )
    with pytest.raises(InputError, match="waivers.csv.*UTF-8"):
        deid.read_waivers(waivers)


def test_the_decisions_stage_runs_before_any_decision_exists(
    example_study: Path, monkeypatch
) -> None:
    """A study before its first adjudication: the runner passes None for an empty input."""
    monkeypatch.chdir(example_study)
    screened = _screen_example_essays()
    stages.codebook(source="config/codebook.yaml", codebook="results/codebook.parquet")
    stages.decisions(
        sheets=None,
        codebook="results/codebook.parquet",
        essays=[screened],
        decisions="results/adjudication/decisions.parquet",
    )
    assert read_artifact("results/adjudication/decisions.parquet", Decisions).empty


def _one_coder_presence(codebook: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"essay_id": essay, "code": code, "coder": coder, "applied": applied, "n_segments": 0}
            for essay, applied in (("e1", True), ("e2", False))
            for code in codebook["code"]
            for coder in coders
        ]
    )


@pytest.mark.parametrize(
    ("coders", "essays", "reason"),
    [(["coder_a"], 2, "one coder only"), (["coder_a", "coder_b"], 0, "no analysed essays")],
)
def test_agreement_with_one_coder_or_no_essay_writes_empty_tables(
    tmp_path: Path, codebook_table: pd.DataFrame, coders: list[str], essays: int, reason: str
) -> None:
    """A study coded by one person, or whose essays the gate all withheld, still builds: the
    agreement tables are empty (with their columns) and why_not_computed says why."""
    from thematic import agreement as scoring
    from thematic.io import write_artifact
    from thematic.schemas import Agreement, AgreementPairwise, Codebook, Presence

    presence = _one_coder_presence(codebook_table, coders)
    presence = presence[presence["essay_id"].isin(["e1", "e2"][:essays])]
    assert reason in scoring.why_not_computed(presence)
    paths = {name: str(tmp_path / f"{name}.parquet") for name in ("presence", "codebook")}
    write_artifact(presence, paths["presence"], Presence)
    write_artifact(codebook_table, paths["codebook"], Codebook)
    lengths = tmp_path / "shard.parquet"
    pd.DataFrame({"essay_id": ["e1", "e2"], "n_chars": [100, 120]}).to_parquet(lengths)
    codings = tmp_path / "coding.parquet"
    pd.DataFrame(columns=list(Coding.to_schema().columns)).to_parquet(codings)
    out = {
        "agreement": str(tmp_path / "agreement.parquet"),
        "pairwise": str(tmp_path / "p.parquet"),
    }
    stages.agreement(
        presence=paths["presence"],
        codings=[str(codings)],
        essays=[str(lengths)],
        codebook=paths["codebook"],
        n_boot=10,
        seed=1,
        min_overlap=0.5,
        **out,
    )
    assert read_artifact(out["agreement"], Agreement).empty
    assert read_artifact(out["pairwise"], AgreementPairwise).empty
    two = _one_coder_presence(codebook_table, ["coder_a", "coder_b"])
    assert scoring.why_not_computed(two) is None
