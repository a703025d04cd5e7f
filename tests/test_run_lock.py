"""``thematic run`` and Snakemake's lock: a lock left by a killed run is named as such, with
the command that clears it; a run under way is left alone."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from thematic.cli import main
from thematic.commands.run import lock_owners


def _locked_study(tmp_path: Path) -> Path:
    study = tmp_path / "study"
    (study / "resources").mkdir(parents=True)
    locks = study / ".snakemake" / "locks"
    locks.mkdir(parents=True)
    (locks / "0.output.lock").write_text(str(study / "results/report.md") + "\n")
    return study


def test_a_lock_whose_run_was_killed_says_how_to_unlock(tmp_path: Path, capsys) -> None:
    # before: Snakemake's "Directory cannot be locked ... --unlock argument", which does not
    # say how to pass --unlock through thematic run
    study = _locked_study(tmp_path)
    assert main(["run", str(study)]) == 2
    err = capsys.readouterr().err
    assert "no Snakemake process is running there" in err
    assert f"thematic run {study} -- --unlock" in err


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs /proc")
def test_a_lock_held_by_a_live_run_is_not_called_stale(tmp_path: Path, capsys) -> None:
    study = _locked_study(tmp_path)
    # a stand-in for a running snakemake: its command line names snakemake, its folder the study
    holder = subprocess.Popen(
        [sys.executable, "-c", "import time  # snakemake\ntime.sleep(60)"], cwd=study
    )
    try:
        deadline = time.monotonic() + 10
        while not lock_owners(study) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lock_owners(study) == [holder.pid]
        assert main(["run", str(study)]) == 2
        err = capsys.readouterr().err
        assert f"process {holder.pid}" in err and "--unlock" not in err
    finally:
        holder.kill()
        holder.wait()
