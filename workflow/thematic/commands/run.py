"""``thematic run [STUDY]``: build a study's results with this repository's workflow."""

from __future__ import annotations

import argparse
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
