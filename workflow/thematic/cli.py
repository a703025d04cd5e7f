"""The ``thematic`` command: one subcommand per module in :mod:`thematic.commands`.

Only the invoked command's module is imported, so a quick command (``thematic deid scan``) does
not pay for the imports of the others (pandera, the audit).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from thematic import __version__

# Each module provides add_parser(subparsers) and sets ``func`` (args -> exit code).
COMMANDS = {
    "init": "scaffold a new study folder (config, codebook template, resource folders)",
    "run": "run the workflow on a study folder (default: the current folder)",
    "agreement": "every agreement coefficient on a ratings table",
    "deid": "the de-identification check outside the pipeline",
    "synth": "write a synthetic study",
    "verify": "check that results are intact and current (exit 1 naming what is not)",
    "import-qdpx": "a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder) as a new study folder",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, that command's arguments in full and the others as names."""
    parser = argparse.ArgumentParser(
        prog="thematic",
        description="Reproducible, audited multi-coder thematic analysis.",
    )
    parser.add_argument("--version", action="version", version=f"thematic {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, summary in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(f"thematic.commands.{name.replace('-', '_')}").add_parser(
                subparsers
            )
        else:
            subparsers.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    invoked = next((a for a in arguments if not a.startswith("-")), None)
    args = build_parser(invoked if invoked in COMMANDS else None).parse_args(arguments)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
