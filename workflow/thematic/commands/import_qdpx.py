"""``thematic import-qdpx FILE --out DIR``: a REFI-QDA project as a new study folder.

FILE is a .qdpx (a zip of project.qde and its sources) or a bare .qde beside its sources
folder, as NVivo, ATLAS.ti, MAXQDA or QualCoder export it. DIR gets config/codebook.yaml,
config/config.yaml, resources/essays/<id>.txt, resources/codings/<coder>.csv (one per user) and
import-summary.md, ready for ``snakemake --directory DIR``. The summary is printed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from thematic.errors import InputError
from thematic.interop.archive import open_project
from thematic.interop.project import read_project
from thematic.interop.study import build_study
from thematic.interop.summary import render_summary

SUMMARY = "import-summary.md"
WRITTEN = ("config", "resources", SUMMARY)  # what the import puts in DIR


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-qdpx",
        help="make a study folder from a REFI-QDA project (.qdpx / .qde) from NVivo, ATLAS.ti, ...",
        description=__doc__.split("\n\n")[1].replace("\n", " "),
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the .qdpx (or .qde) to import")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="study folder to write"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace DIR's config/, resources/ and summary if they exist",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    existing = [out / name for name in WRITTEN if (out / name).exists()]
    if existing and not args.force:
        print(
            f"thematic import-qdpx: {existing[0]} exists; choose an empty folder or pass --force.",
            file=sys.stderr,
        )
        return 2
    try:
        summary = import_project(args.file, out)
    except InputError as error:
        print(f"thematic import-qdpx: {error}", file=sys.stderr)
        return 2
    print(summary, end="")
    return 0


def import_project(file: str | Path, out: Path) -> str:
    """Import ``file`` into ``out``; returns the summary. Everything is written to a temporary
    folder beside ``out`` and moved into place only once complete, so an error leaves ``out`` as
    it was."""
    project = read_project(open_project(file))
    study = build_study(project)
    if not study.essays:
        raise InputError.single(
            str(file),
            "no text source could be imported, so there is no essay to analyse "
            f"({len(project.skipped)} item(s) not imported: "
            + "; ".join(f"{s.kind} {s.name!r}: {s.reason}" for s in project.skipped[:3])
            + ("; ..." if len(project.skipped) > 3 else "")
            + ").",
            "export the project as a .qdpx with its text sources embedded.",
        )
    if not study.codings:
        raise InputError.single(
            str(file),
            "the project holds no coding of a text source, so there is nothing to analyse.",
            "code the sources in your QDA tool and export again.",
        )
    summary = render_summary(project, study)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".importing", dir=out.parent))
    try:
        for relative, text in {**study.files, SUMMARY: summary}.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return summary


def _move_into_place(staging: Path, out: Path) -> None:
    """A new ``out`` is the staging folder renamed; an existing one gets each part renamed in
    (what it held of them removed first)."""
    if not out.exists():
        os.replace(staging, out)
        return
    for name in WRITTEN:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        os.replace(staging / name, target)
