"""Readers of coders' files, one per file type: what ``thematic check`` and the workflow call
to turn a coder's file into the canonical coding rows (see :mod:`thematic.coding`).

A new file type plugs in by adding its reader to :data:`READERS`: a function from the file's
path to the rows as :func:`thematic.coding.read_coding_file` gives them (the coding file's
columns as strings, plus ``source_line``, the line, row or element a problem should name),
raising :class:`thematic.errors.InputError` for what it cannot read. Not for the checks of the
rows themselves (codes, essays, quotes): those are the same whatever the file type.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from thematic.coding import read_coding_file
from thematic.errors import Problem

Reader = Callable[[Path], pd.DataFrame]
READERS: dict[str, Reader] = {".csv": read_coding_file}


def coder_files(codings_dir: str | Path) -> tuple[list[Path], list[Problem]]:
    """The coders' files in ``codings_dir`` (sorted; the coder is the file's stem), and a
    problem for each other file there: a file no reader takes would be left out silently."""
    folder = Path(codings_dir)
    if not folder.is_dir():
        return [], []
    files, problems = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() in READERS:
            files.append(path)
        else:
            problems.append(
                Problem(
                    str(path),
                    "not a coder's file type thematic reads.",
                    f"save it as {' or '.join(sorted(READERS))}, or move it out of {folder}/.",
                )
            )
    return files, problems


def read_coder_file(path: Path) -> pd.DataFrame:
    """The rows of a coder's file, by the reader of its type."""
    return READERS[path.suffix.lower()](path)
