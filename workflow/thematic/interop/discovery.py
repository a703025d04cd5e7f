"""Which coders a study has: one per ``.csv`` or ``.xlsx`` file in the coders' folder (named
after the file), and one per user who coded in each REFI-QDA project (``.qdpx``/``.qde``) there.

For the Snakefile at parse time: no pandas. Two files giving the same coder id is an error (one
coder's work would hide the other's).
"""

from __future__ import annotations

from pathlib import Path

from thematic.errors import InputError, Problem
from thematic.interop.archive import open_project
from thematic.interop.naming import coder_ids, essay_id
from thematic.interop.project import children, guid_key, text_coding_users

TABLE_SUFFIXES = (".csv", ".xlsx")
PROJECT_SUFFIXES = (".qdpx", ".qde")


def project_coders(path: str | Path) -> list[str]:
    """The coder ids of the users who coded a text source in this project (from its XML: no
    source is read)."""
    users, coding_users = text_coding_users(open_project(path))
    return sorted(set(coder_ids(users, coding_users, str(path)).values()))


def project_essay_ids(path: str | Path) -> set[str]:
    """The essay ids that the names of this project's coded text sources give (from its XML:
    no source is read). The pipeline also matches a source to an essay by content, which this
    cannot see: see :func:`thematic.layout.mentioned_essay_ids` for how that is kept safe."""
    root = open_project(path).root
    return {
        essay_id((source.get("name") or "").strip(), guid_key(source.get("guid")))
        for part in children(root, "Sources")
        for source in children(part, "TextSource")
        if any(True for _ in source.iter("{*}Coding", "Coding"))
    }


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
