"""Faults, on real runs of the workflow: a run killed with SIGKILL, two runs at once, the sources
of staleness Snakemake does not see by itself (package code, a deleted essay, an essay arriving
mid-run), and the scheduled-run recipe (workflow/scripts/scheduled-run.sh).

Each test takes a built copy of its own (or, for the kill, an unbuilt study), so none depends on
another or on their order.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from thematic import schemas
from thematic.audit import verify_results
from thematic.io import validate
from thematic.provenance import code_fingerprint
from workflow_helpers import REPO, result_hashes, snakemake, snakemake_command

SCHEDULED_RUN = REPO / "workflow" / "scripts" / "scheduled-run.sh"
LOCKED = "Directory cannot be locked"


pytestmark = pytest.mark.e2e


@pytest.fixture()
def study(built_copy: Path) -> Path:
    """A built copy of the example study of this test's own."""
    return built_copy


def start(study: Path, *args: str) -> subprocess.Popen[str]:
    """A snakemake run in the background, in its own process group (so it can be killed whole)."""
    command = snakemake_command(study, *args)
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def wait_for(condition, what: str, run: subprocess.Popen[str], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert run.poll() is None, f"the run ended before {what}: {run.communicate()[1][-2000:]}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def holds_lock(study: Path) -> bool:
    locks = study / ".snakemake" / "locks"
    return locks.is_dir() and any(locks.iterdir())


def arrive(study: Path, essay: str = "essay_24") -> None:
    """Give the next run work to do: a new essay that no coder has coded yet (it runs its shard,
    the registry, the gate, coverage, suggestions, the report and the audit)."""
    path = study / f"resources/essays/{essay}.txt"
    path.write_text("I am a chaplain, and this essay has not been coded yet. " * 30, "utf-8")


def assert_every_artifact_whole(study: Path) -> None:
    """Every Parquet file a run could trust reads in full and passes its schema."""
    for path in (study / "results").rglob("*.parquet"):
        if path.name.startswith("."):
            continue  # an atomic write cut short: hidden, never an input of any rule
        model = getattr(schemas, pq.read_schema(path).metadata[b"thematic.schema"].decode())
        validate(pd.read_parquet(path), model, str(path))


def assert_verified(study: Path) -> None:
    findings = verify_results(study / "results")
    assert findings == [], "\n".join(map(str, findings))


def planned_jobs(done: subprocess.CompletedProcess[str]) -> dict[str, int]:
    """The 'Job stats' table of a dry run: {rule: jobs}."""
    lines = done.stdout.splitlines()
    table = lines[lines.index("Job stats:") + 3 :]
    counts = {}
    for line in table:
        if not line.strip() or line.startswith("total"):
            break
        rule, count = line.split()
        counts[rule] = int(count)
    return counts


def test_a_killed_run_leaves_nothing_half_written_and_the_next_completes_to_the_same_bytes(
    example_study: Path, example_build: Path
) -> None:
    """SIGKILL in the first build; the next run (from inside the study, naming the Snakefile:
    the second way to run one) completes it, byte for byte as the shared build of the same
    inputs made elsewhere, in one go: same inputs, same artifacts."""
    study = example_study  # not built yet: the kill lands in the first build
    run = start(study)
    wait_for(lambda: any((study / "results").rglob("*.parquet")), "the first artifact", run)
    wait_for(lambda: (study / "results/ingest/essays.parquet").exists(), "essays.parquet", run)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    assert not (study / "results/audit/manifest.parquet").exists(), "killed too late to test"
    assert_every_artifact_whole(study)

    # Snakemake's directory lock outlives a SIGKILL; --unlock clears it (docs/operations.md).
    again = run_from_inside(study)
    if again.returncode != 0:
        assert LOCKED in again.stderr and "Traceback" not in again.stderr
        snakemake(study, "--unlock")
        again = run_from_inside(study)  # the profile's rerun-incomplete redoes what was cut short
    assert again.returncode == 0, again.stderr[-3000:]
    assert_every_artifact_whole(study)
    assert_verified(study)
    assert result_hashes(study) == result_hashes(example_build)


def run_from_inside(study: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile")]
    return subprocess.run(
        [*command, "--cores", "2"], cwd=study, capture_output=True, text=True, timeout=900
    )


def test_a_second_run_at_once_stops_with_a_clear_message(study: Path) -> None:
    arrive(study)
    first = start(study)
    wait_for(lambda: holds_lock(study), "the first run to lock the study", first)
    second = snakemake(study, check=False)
    assert first.poll() is None, "the first run ended before the second started: test too slow"
    assert second.returncode != 0
    assert LOCKED in second.stderr and "no other Snakemake process" in second.stderr
    assert first.wait(timeout=600) == 0, first.communicate()[1][-3000:]
    assert_every_artifact_whole(study)
    assert_verified(study)


def test_an_essay_arriving_mid_run_waits_for_the_next_run(study: Path) -> None:
    arrive(study, "essay_24")
    run = start(study)
    wait_for(lambda: holds_lock(study), "the run to lock the study (essays are frozen)", run)
    arrive(study, "essay_23")
    assert run.wait(timeout=600) == 0, run.communicate()[1][-3000:]
    essays = pd.read_parquet(study / "results/ingest/essays.parquet")
    assert "essay_23" not in set(essays["essay_id"])
    findings = verify_results(study / "results")
    assert any(
        f.artifact == "results/ingest/essays.parquet" and "essay_23.txt" in f.reason
        for f in findings
    )

    snakemake(study)
    essays = pd.read_parquet(study / "results/ingest/essays.parquet")
    assert "essay_23" in set(essays["essay_id"])
    coverage = pd.read_parquet(study / "results/merge/coverage.parquet").set_index("essay_id")
    assert coverage.loc["essay_23", "status"] == "awaiting_coding"
    assert_verified(study)


def test_a_deleted_essay_vanishes_from_every_artifact(study: Path) -> None:
    gone = "essay_22"
    (study / f"resources/essays/{gone}.txt").unlink()
    failed = snakemake(study, check=False)  # its coders' rows and its manifest row still name it
    assert failed.returncode != 0
    assert gone in failed.stderr and "Traceback" not in failed.stderr
    for table in (
        "resources/codings/coder_a.csv",
        "resources/codings/coder_b.csv",
        "resources/adjudication/decisions.csv",
        "resources/manifest.csv",
    ):
        drop_rows(study / table, gone)
    snakemake(study)

    for path in (study / "results").rglob("*.parquet"):
        frame = pd.read_parquet(path)
        for column in frame.select_dtypes(include=["object", "string"]).columns:
            assert not frame[column].astype(str).str.contains(gone).any(), f"{gone} in {path}"
    coverage = pd.read_parquet(study / "results/merge/coverage.parquet")
    counts = pd.read_parquet(study / "results/themes/code_counts.parquet")
    assert set(counts["n_total"]) == {int((coverage["status"] == "analysed").sum())}
    assert len(coverage) == 21  # the 22 example essays, less essay_22
    assert_verified(study)


def drop_rows(path: Path, essay_id: str) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [
        rows[0],
        *(row for row in rows[1:] if row and row[rows[0].index("essay_id")] != essay_id),
    ]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)


def test_a_change_in_the_package_code_reruns_every_rule(study: Path, tmp_path: Path) -> None:
    """Snakemake sees rule text and script mtimes, not imported modules: the code param does."""
    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copy2(REPO / "Snakefile", copy / "Snakefile")
    shutil.copytree(REPO / "profiles", copy / "profiles")
    shutil.copytree(
        REPO / "workflow",
        copy / "workflow",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    package = copy / "workflow" / "thematic"
    assert code_fingerprint(package) == code_fingerprint(), "the repository changed mid-test"

    def dry_run() -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable,
            "-m",
            "snakemake",
            "--snakefile",
            str(copy / "Snakefile"),
            "--directory",
            str(study),
            "--cores",
            "2",
            "--nocolor",
            "--dry-run",
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)

    assert "Nothing to be done" in dry_run().stdout
    themes = package / "themes.py"
    themes.write_text(themes.read_text("utf-8") + "\n# a change in how themes are counted\n")
    plan = dry_run()
    assert "Params have changed since last execution" in plan.stdout
    rules = set(planned_jobs(plan))
    assert {
        "ingest_shard",
        "ingest",
        "deid",
        "codebook",
        "apply_codebook",
        "merge",
        "agreement",
        "themes",
        "report",
        "audit",
    } <= rules


def scheduled_run(study: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "THEMATIC_PYTHON": sys.executable, **env}
    return subprocess.run(
        [str(SCHEDULED_RUN), str(study), *args],
        capture_output=True,
        text=True,
        timeout=900,
        env=environment,
    )


def last_run(study: Path) -> dict[str, str]:
    return (
        pd.read_csv(study / "results/audit/runs/runs.tsv", sep="\t", dtype=str).iloc[-1].to_dict()
    )


def test_scheduled_run_of_a_current_study_passes_and_logs_outside_the_artifacts(
    study: Path,
) -> None:
    manifest = (study / "results/audit/manifest.parquet").read_bytes()
    done = scheduled_run(study)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ": ok after" in done.stdout
    assert last_run(study)["outcome"] == "ok"
    assert len(list((study / "results/audit/runs").glob("*.log"))) == 1
    assert (study / "results/audit/manifest.parquet").read_bytes() == manifest


def test_scheduled_run_exits_non_zero_on_quarantine_and_pending_codings(study: Path) -> None:
    (study / "resources/essays/essay_24.txt").write_text(
        "I rang Mrs. Whitlock on (617) 555-0142 the morning after her scan on March 3, 2021. " * 5,
        "utf-8",
    )
    consensus = pd.read_parquet(study / "results/merge/consensus.parquet")
    ruled = consensus[consensus["decided_by"] == "adjudicated"].iloc[0]
    drop_decision(study / "resources/adjudication/decisions.csv", ruled["essay_id"], ruled["code"])
    done = scheduled_run(study)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "newly quarantined" in done.stdout and "essay_24" in done.stdout
    assert "1 coding disagreement(s) await adjudication" in done.stdout
    assert last_run(study)["outcome"] == "attention"


def drop_decision(path: Path, essay_id: str, code: str) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [row for row in rows if (row["essay_id"], row["code"]) != (essay_id, code)]
    assert len(kept) == len(rows) - 1
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)


def test_scheduled_run_that_overruns_is_stopped_and_leaves_no_lock(study: Path) -> None:
    done = scheduled_run(study, "--forceall", THEMATIC_LIMIT="3s", THEMATIC_GRACE="2s")
    assert done.returncode == 1
    assert "the run exceeded 3s and was stopped" in done.stdout
    assert last_run(study)["outcome"] == "failed"
    assert not holds_lock(study), "the script must clear the lock of the run it killed"
    left = subprocess.run(["pgrep", "-f", f"--directory {study}"], capture_output=True, text=True)
    assert left.stdout == "", "timeout -k must end the whole run, jobs included"
