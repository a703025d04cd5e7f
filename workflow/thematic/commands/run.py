"""``thematic run [STUDY]``: build a study's results with this repository's workflow.

Before it starts Snakemake it looks at the study's lock: Snakemake locks the folder while it
runs, and a run that was killed (``kill -9``, a power loss) leaves the lock behind. A lock whose
run is gone is named as such, with the command that clears it; a run under way is left alone.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the workflow on a study folder (default: the current folder)",
        description="Runs snakemake with thematic's Snakefile and default profile on STUDY, a "
        "folder holding config/ and resources/. Arguments after -- go to snakemake.",
    )
    parser.add_argument("study", nargs="?", default=".", help="study folder (default: .)")
    parser.add_argument(
        "snakemake_args", nargs=argparse.REMAINDER, help="further snakemake arguments, after --"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    snakefile = REPO / "Snakefile"
    if not snakefile.exists():
        print(
            f"thematic run: no Snakefile at {snakefile}; install thematic from a source "
            "checkout with `pip install -e .`.",
            file=sys.stderr,
        )
        return 2
    study = Path(args.study)
    if not (study / "resources").is_dir():
        print(
            f"thematic run: {study} has no resources/ folder (essays in resources/essays/, "
            "codings in resources/codings/).",
            file=sys.stderr,
        )
        return 2
    extra = [a for a in args.snakemake_args if a != "--"]
    if "--unlock" not in extra and lock_files(study):
        owners = lock_owners(study)
        if owners:
            print(
                f"thematic run: a run is under way in {study} (process "
                f"{', '.join(map(str, owners))}); wait for it to finish, then run again.",
                file=sys.stderr,
            )
            return 2
        if owners is not None:
            print(
                f"thematic run: {study} is locked by a run that no longer exists (a killed "
                "run leaves its lock in .snakemake/locks/): no Snakemake process is running "
                f"there. Clear the lock once with `thematic run {study} -- --unlock`, then run "
                f"`thematic run {study}` again.",
                file=sys.stderr,
            )
            return 2
    command = [
        sys.executable,
        "-m",
        "snakemake",
        "--snakefile",
        str(snakefile),
        "--directory",
        str(study),
        "--profile",
        str(REPO / "profiles" / "default"),
        *extra,
    ]
    return subprocess.call(command)


def lock_files(study: Path) -> list[Path]:
    """The lock files Snakemake keeps while a run is under way in ``study``."""
    locks = study / ".snakemake" / "locks"
    return sorted(locks.glob("*.lock")) if locks.is_dir() else []


def lock_owners(study: Path) -> list[int] | None:
    """The processes that could hold ``study``'s lock: those whose command line names
    snakemake and whose working folder is the study (Snakemake moves into the folder it
    runs in). None where processes cannot be listed (no /proc): the lock is then left for
    Snakemake to judge."""
    proc = Path("/proc")
    if not (proc / "self" / "cwd").exists():
        return None
    target = study.resolve()
    owners = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            if b"snakemake" in command and (entry / "cwd").resolve() == target:
                owners.append(int(entry.name))
        except OSError:  # gone meanwhile, or another user's
            continue
    return sorted(owners)
