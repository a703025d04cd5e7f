"""The audit trail: the manifest lists every artifact, and `thematic verify` passes on a fresh
build and names every artifact that was altered, is stale, missing or a leftover.

One real build of the example study per module; each tampering happens on a copy of it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from thematic import audit, schemas
from thematic.cli import main
from thematic.io import artifact_metadata, read_artifact
from thematic.provenance import sha256_file

pytestmark = pytest.mark.e2e


@pytest.fixture()
def built(example_build: Path) -> Path:
    """The shared build, read only."""
    return example_build


@pytest.fixture()
def copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the built study to tamper with (provenance paths are relative to the study)."""
    study = tmp_path / "copy"
    shutil.copytree(built, study, ignore=shutil.ignore_patterns(".snakemake", "logs"))
    return study


def verify(study: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["verify", str(study / "results"), "--all-reasons"])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def flagged(output: str) -> dict[str, str]:
    """{artifact: status} from verify's report."""
    lines = [line.split(None, 2) for line in output.splitlines() if line[:1].isupper()]
    return {
        parts[1].rstrip(":"): parts[0]
        for parts in lines
        if len(parts) == 3 and parts[0] in {"MISSING", "ALTERED", "UNLISTED", "STALE"}
    }


def test_verify_passes_on_a_fresh_build(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = verify(built, capsys)
    assert status == 0, output
    assert "manifest sha256" in output


def test_manifest_lists_every_artifact_with_hash_rows_schema_and_inputs(built: Path) -> None:
    manifest = read_artifact(built / "results/audit/manifest.parquet", schemas.AuditManifest)
    on_disk = {
        p.relative_to(built).as_posix()
        for p in (built / "results").rglob("*")
        if p.is_file() and "audit" not in p.relative_to(built / "results").parts
    }
    assert set(manifest["path"]) == on_disk
    for row in manifest.itertuples(index=False):
        assert row.sha256 == sha256_file(built / row.path)
        if row.format == "parquet":
            meta = artifact_metadata(built / row.path)
            assert row.schema == meta["thematic.schema"]
            assert row.n_rows == len(pd.read_parquet(built / row.path))
            inputs = json.loads(row.inputs)
            assert inputs == json.loads(meta["thematic.inputs"])
            # only a shard with no essays (here: no essay awaits coding) is built from nothing
            assert inputs or (row.n_rows == 0 and "/shards/" in row.path), row.path
    essays = manifest.set_index("path").loc["results/ingest/essays.parquet"]
    assert essays["n_rows"] == len(list((built / "resources/essays").glob("*.txt")))
    assert not manifest["inputs"].str.contains(str(built)).any()  # no absolute paths


def test_verify_names_an_artifact_whose_bytes_changed(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = copy / "results/themes/code_counts.parquet"
    payload = bytearray(target.read_bytes())
    payload[len(payload) // 2] ^= 0xFF
    target.write_bytes(bytes(payload))
    status, output = verify(copy, capsys)
    assert status == 1
    marks = flagged(output)
    assert marks.pop("results/themes/code_counts.parquet") == "ALTERED"
    # the report is built from it: its manifest row records that, so it is stale too
    assert "results/report.md" in marks and "results/report/index.html" in marks
    assert set(marks.values()) == {"STALE"}
    assert all(path.startswith("results/report") for path in marks)


def test_verify_names_a_plausible_rewrite_and_everything_built_from_it(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A valid Parquet file with one count changed and the provenance copied over."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = copy / "results/merge/consensus.parquet"
    table = pq.read_table(target)
    frame = table.to_pandas()
    frame.loc[0, "n_coders_applied"] += 1
    forged = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(
        table.schema.metadata
    )
    pq.write_table(forged, target, compression="zstd")
    status, output = verify(copy, capsys)
    assert status == 1
    marks = flagged(output)
    assert marks["results/merge/consensus.parquet"] == "ALTERED"
    for downstream in ("themes/code_counts", "themes/theme_counts", "themes/cooccurrence"):
        assert marks[f"results/{downstream}.parquet"] == "STALE"


def test_verify_revalidates_each_artifact_against_its_schema(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the manifest gone too, the schema named in the file itself still catches nonsense."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (copy / "results/audit/manifest.parquet").unlink()
    target = copy / "results/themes/code_counts.parquet"
    table = pq.read_table(target)
    frame = table.to_pandas()
    frame.loc[0, "percent"] = 250.0  # le=100 in CodeCounts
    pq.write_table(
        pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(
            table.schema.metadata
        ),
        target,
    )
    status, output = verify(copy, capsys)
    assert status == 1
    assert flagged(output)["results/themes/code_counts.parquet"] == "ALTERED"
    assert "CodeCounts" in output and "percent" in output
    assert flagged(output)["results/audit/manifest.parquet"] == "MISSING"


def test_verify_names_every_artifact_an_edited_essay_makes_stale(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essay = copy / "resources/essays/essay_03.txt"
    essay.write_text(essay.read_text("utf-8") + "\nA sentence added after the build.\n", "utf-8")
    status, output = verify(copy, capsys)
    assert status == 1
    marks = flagged(output)
    direct = [line for line in output.splitlines() if "essay_03.txt changed" in line]
    assert any("results/ingest/shards/" in line for line in direct)
    for artifact in (
        "ingest/essays",
        "deid/status",
        "merge/consensus",
        "themes/code_counts",
        "agreement/agreement",
    ):
        assert marks[f"results/{artifact}.parquet"] == "STALE"
    assert "results/codebook/codebook.parquet" not in marks  # not built from essays


def test_verify_names_a_missing_artifact(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (copy / "results/merge/presence.parquet").unlink()
    status, output = verify(copy, capsys)
    assert status == 1
    marks = flagged(output)
    assert marks["results/merge/presence.parquet"] == "MISSING"
    assert marks["results/agreement/agreement.parquet"] == "STALE"


def test_verify_names_leftovers_and_inputs_that_arrived_after_the_build(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(copy / "results/coding/coder_a.parquet", copy / "results/coding/coder_gone.parquet")
    (copy / "resources/essays/essay_23.txt").write_text("A new essay, not yet built.", "utf-8")
    shutil.copy(copy / "resources/codings/coder_a.csv", copy / "resources/codings/coder_c.csv")
    status, output = verify(copy, capsys)
    assert status == 1
    marks = flagged(output)
    assert marks["results/coding/coder_gone.parquet"] == "UNLISTED"
    assert marks["results/coding/coder_c.parquet"] == "MISSING"
    assert marks["results/ingest/essays.parquet"] == "STALE"
    assert "resources/essays/essay_23.txt arrived after" in output


def test_verify_names_results_built_by_other_code(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "code_fingerprint", lambda: "0" * 64)
    status, output = verify(built, capsys)
    assert status == 1
    marks = flagged(output)
    assert set(marks.values()) == {"STALE"}
    # the report and the sheets are built from Parquet artifacts made by other code: stale too
    made = pd.read_parquet(built / "results/audit/manifest.parquet")["path"].tolist()
    assert set(marks) == {*made, "results/audit/manifest.parquet"}
    assert "built by other thematic code" in output


def test_verify_of_no_results_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err
