"""Running the real Snakemake workflow on a study folder, for the end-to-end tests."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The generated study of the shared ``synthetic_build`` (conftest), which the cluster run is
# compared with: 24 essays, two coders, two shards.
SYNTHETIC = {"essays": 24, "coders": 2, "seed": 21, "n_shards": 2}


def copy_study(study: Path, source: Path = REPO) -> Path:
    """A copy of a study's config/ and resources/ (by default the bundled example study)."""
    for part in ("config", "resources"):
        shutil.copytree(source / part, study / part)
    return study


def copy_built(built: Path, study: Path) -> Path:
    """A copy of a built study that Snakemake sees as up to date: its records (.snakemake,
    locks left out) and every file's modification time come along."""
    shutil.copytree(built, study, symlinks=True, ignore=shutil.ignore_patterns("locks"))
    return study


def snakemake_command(study: Path, *args: str) -> list[str]:
    """The workflow's command line for ``study`` (2 cores, no colour), as a list."""
    return [
        sys.executable,
        "-m",
        "snakemake",
        "--snakefile",
        str(REPO / "Snakefile"),
        "--directory",
        str(study),
        "--cores",
        "2",
        "--nocolor",
        *args,
    ]


def snakemake(study: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = snakemake_command(study, *args)
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if check and done.returncode != 0:
        raise AssertionError(f"snakemake failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return done


def jobs_run(done: subprocess.CompletedProcess[str]) -> list[str]:
    """Rule names of the jobs a run executed, from Snakemake's log."""
    return [
        line.split()[1].rstrip(":")
        for line in done.stderr.splitlines()
        if line.startswith("rule ") or line.startswith("localrule ")
    ]


def result_hashes(study: Path) -> dict[str, str]:
    """sha256 of every file under the study's results/, by path. Hidden files are left out: an
    atomic write cut short by a kill leaves one, which no rule reads and no later run trusts."""
    folder = study / "results"
    return {
        p.relative_to(study).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def shared_build(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """``folder/<name>``, made by ``make(folder)`` once for the whole session: the xdist workers
    share the session's base folder, and a lock makes the others wait for the first. A build
    that failed is made again by the next test that asks (and fails it the same way)."""
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / "shared" / name
    folder.parent.mkdir(exist_ok=True)
    with open(folder.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (folder.parent / f"{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder.parent / f"{name}.done").touch()
    return folder
