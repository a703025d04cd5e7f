"""``thematic check [STUDY]``: every input of a study checked in one pass, without a build.

Reads the config, the codebook, the essays, every coder's file, the decisions, the waivers and
the manifest, and lists every problem by file and line. Exit status 0: no problems; 1: some
(each listed); 2: STUDY is not a study folder. The checks are :func:`thematic.checks.check_study`,
the same the workflow runs before any job.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check every input of a study in one pass (exit 1 listing each problem)",
        description=__doc__.split("\n\n")[1],
    )
    parser.add_argument("study", nargs="?", default=".", help="study folder (default: .)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from thematic.checks import check_study

    study = Path(args.study)
    if not (study / "resources").is_dir() and not (study / "config").is_dir():
        print(
            f"thematic check: {study} is not a study folder (no config/ or resources/).",
            file=sys.stderr,
        )
        return 2
    checked = check_study(study)
    read = ", ".join(f"{n} {kind}" if n != 1 else kind for kind, n in checked.read.items())
    if not checked.problems:
        print(f"checked {read}: no problems.")
        return 0
    for problem in sorted(checked.problems, key=lambda p: (p.file, p.line or 0, p.row or 0)):
        print(problem)
    files = len({p.file for p in checked.problems})
    print(
        f"\n{len(checked.problems)} problem(s) in {files} file(s) (checked {read}). "
        "Fix them and check again.",
        file=sys.stderr,
    )
    return 1
