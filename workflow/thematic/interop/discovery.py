"""Which coders a study has: one per ``.csv`` or ``.xlsx`` file in the coders' folder (named
after the file), and one per user who coded in each REFI-QDA project (``.qdpx``/``.qde``) there.

For the Snakefile at parse time: no pandas. Two files giving the same coder id is an error (one
coder's work would hide the other's).
"""

from __future__ import annotations

from pathlib import Path

from thematic.errors import InputError, Problem
from thematic.interop.archive import open_project
from thematic.interop.naming import coder_ids
from thematic.interop.project import text_coding_users

TABLE_SUFFIXES = (".csv", ".xlsx")
PROJECT_SUFFIXES = (".qdpx", ".qde")


def project_coders(path: str | Path) -> list[str]:
    """The coder ids of the users who coded a text source in this project (from its XML: no
    source is read)."""
    users, coding_users = text_coding_users(open_project(path))
    return sorted(set(coder_ids(users, coding_users, str(path)).values()))


def discover_coders(codings_dir: str | Path) -> dict[str, Path]:
    """{coder id: the file holding that coder's codings}, sorted by coder id. Office lock files
    (``~$name.xlsx``) and hidden files are not coders' files."""
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    folder = Path(codings_dir)
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    for path in files:
        suffix = path.suffix.lower()
        if not path.is_file() or path.name.startswith(("~$", ".")):
            continue
        if suffix in TABLE_SUFFIXES:
            coders = [path.stem]
        elif suffix in PROJECT_SUFFIXES:
            coders = project_coders(path)
        else:
            continue
        for coder in coders:
            if coder in found:
                problems.append(
                    Problem(
                        str(path),
                        f"coder {coder!r} also has codings in {found[coder].name}.",
                        "keep one file per coder (a project's users are its coders: rename the "
                        "user or the other file).",
                    )
                )
            else:
                found[coder] = path
    if problems:
        raise InputError(problems)
    return dict(sorted(found.items()))
