"""Cluster execution: the workflow through snakemake-executor-plugin-cluster-generic.

profiles/cluster-local submits every job with a script that runs it in the background on this
machine, so each job is a fresh Snakemake process started from a jobscript, as on SLURM. Its
results must equal a local run's, byte for byte: the session's shared build of the same
generated study (``synthetic_build``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow_helpers import (
    REPO,
    copy_built,
    copy_study,
    jobs_run,
    result_hashes,
    shared_build,
    snakemake,
)

pytest.importorskip("snakemake_executor_plugin_cluster_generic")


pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def studies(synthetic_build: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The local build, and the same inputs built on the (local) cluster, once a session."""

    def make(folder: Path) -> None:
        copy_study(folder / "study", synthetic_build)
        snakemake(folder / "study", "--profile", str(REPO / "profiles" / "cluster-local"))

    return synthetic_build, shared_build(tmp_path_factory, "cluster", make) / "study"


def test_cluster_run_equals_local_run(studies: tuple[Path, Path]) -> None:
    local, cluster = studies
    local_results, cluster_results = result_hashes(local), result_hashes(cluster)
    assert "results/report.md" in local_results
    assert local_results.keys() == cluster_results.keys()
    differ = [name for name in local_results if local_results[name] != cluster_results[name]]
    assert not differ


def test_jobs_went_through_the_submit_command(studies: tuple[Path, Path]) -> None:
    _, cluster = studies
    submitted = list((cluster / ".snakemake" / "cluster-local").glob("*.log"))
    assert len(submitted) >= 5  # shards, gate, codings, merge, agreement, themes, report...


def test_cluster_rerun_with_nothing_changed_submits_nothing(
    studies: tuple[Path, Path], tmp_path: Path
) -> None:
    cluster = copy_built(studies[1], tmp_path / "study")
    done = snakemake(cluster, "--profile", str(REPO / "profiles" / "cluster-local"))
    assert jobs_run(done) == []
