"""Coders' files for the one-pass check: which files are coders' files, and each one's rows.

The readers are :mod:`thematic.interop`'s, one per file type (CSV, XLSX, REFI-QDA projects),
the same the ``apply_codebook`` stage calls; a new type plugs in there
(:func:`thematic.interop.coders.read_coder_file` and the suffixes of
:mod:`thematic.interop.discovery`). This module adds what a check needs on top: a file in the
coders' folder that no reader takes is named, where the workflow would pass it over silently.
"""

from __future__ import annotations

from pathlib import Path

from thematic.errors import Problem
from thematic.interop.discovery import PROJECT_SUFFIXES, TABLE_SUFFIXES

READ_SUFFIXES = (*TABLE_SUFFIXES, *PROJECT_SUFFIXES)


def unread_files(codings_dir: str | Path) -> list[Problem]:
    """A problem for each file in ``codings_dir`` that is no coder's file thematic reads
    (hidden files and Office lock files ``~$name.xlsx`` aside)."""
    folder = Path(codings_dir)
    if not folder.is_dir():
        return []
    return [
        Problem(
            str(path),
            "not a coder's file type thematic reads, so no coder's work is read from it.",
            f"save it as {', '.join(READ_SUFFIXES)}, or move it out of {folder}/.",
        )
        for path in sorted(folder.iterdir())
        if path.is_file()
        and not path.name.startswith(("~$", "."))
        and path.suffix.lower() not in READ_SUFFIXES
    ]
