"""The ``thematic`` command: one subcommand per module in :mod:`thematic.commands`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from thematic import __version__

# Each module provides add_parser(subparsers) and sets ``func`` (args -> exit code); the module
# import_qdpx is the command import-qdpx.
COMMANDS = ("run", "agreement", "deid", "synth", "verify", "import_qdpx")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thematic",
        description="Reproducible, audited multi-coder thematic analysis.",
    )
    parser.add_argument("--version", action="version", version=f"thematic {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"thematic.commands.{name}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
