"""``thematic init DIR``: lay out a new study folder that the workflow builds once essays and
codings are in it (``snakemake --directory DIR`` or ``thematic run DIR``).

Writes a commented config, a codebook template with one worked code, the resource folders and a
README of next steps. Never overwrites: a file that exists is an error, named, and nothing is
written. Not for importing data (put essays and coding files in the folders it makes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thematic.io import atomic_write_text

TEMPLATES = Path(__file__).parent / "templates"
# file in the study: template it is made from
FILES = {
    "config/config.yaml": "config.yaml",
    "config/codebook.yaml": "codebook.yaml",
    "README.md": "README.md",
}
FOLDERS = (
    "resources/essays",
    "resources/codings",
    "resources/adjudication",
    "resources/deid",
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="scaffold a new study folder (config, codebook template, resource folders)",
        description="Creates DIR (or fills an empty one) with config/config.yaml (commented), "
        "config/codebook.yaml (a template with one worked code), resources/ folders for "
        "essays, codings, adjudication and de-identification waivers, and a README of next "
        "steps. Existing files are never overwritten.",
    )
    parser.add_argument("study", help="the new study folder")
    parser.set_defaults(func=init)


def scaffold(study: Path) -> list[Path]:
    """Write the study's files and folders; returns what was created. Raises FileExistsError
    naming every file that is already there (then nothing is written)."""
    existing = [study / name for name in FILES if (study / name).exists()]
    if existing:
        raise FileExistsError(", ".join(str(p) for p in existing))
    created = []
    for folder in FOLDERS:
        (study / folder).mkdir(parents=True, exist_ok=True)
        created.append(study / folder)
    for name, template in FILES.items():
        text = (TEMPLATES / template).read_text("utf-8")
        if name == "README.md":
            text = text.replace("{title}", study.resolve().name).replace("{study}", str(study))
        atomic_write_text(study / name, text)
        created.append(study / name)
    return created


def init(args: argparse.Namespace) -> int:
    study = Path(args.study)
    try:
        created = scaffold(study)
    except FileExistsError as err:
        print(
            f"thematic init: {err} already exist(s); nothing was written. Choose a new folder, "
            "or move those files away first.",
            file=sys.stderr,
        )
        return 1
    for path in created:
        print(f"  {path}{'/' if path.is_dir() else ''}")
    print(f"Study laid out in {study}: next steps are in {study / 'README.md'}.")
    return 0
