"""Where a study's files are: essay discovery and stable sharding.

Kept free of pandas, so the Snakefile can import it at parse time cheaply. Not for reading
essays (see :mod:`thematic.ingest`).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from thematic.errors import Problem, raise_if_any

ESSAY_SUFFIXES = (".txt", ".md")
_ESSAY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def shard_of(essay_id: str, n_shards: int) -> int:
    """Stable shard of an essay: a new essay dirties one shard, not all of them."""
    return zlib.crc32(essay_id.encode("utf-8")) % n_shards


def discover_essays(essay_dir: str | Path) -> list[Path]:
    """Essay files in ``essay_dir`` (not recursive), sorted; ids must be unique and file-safe."""
    folder = Path(essay_dir)
    if not folder.is_dir():
        return []
    files = sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ESSAY_SUFFIXES
    )
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in files:
        if not _ESSAY_ID.match(path.stem):
            problems.append(
                Problem(
                    str(path),
                    f"essay id {path.stem!r} (the file name) has characters other than letters, "
                    "digits, '_', '-' and '.'.",
                    "rename the file, e.g. essay_23.txt.",
                )
            )
        if path.stem in seen:
            problems.append(
                Problem(
                    str(path),
                    f"essay id {path.stem!r} is also used by {seen[path.stem].name}.",
                    "keep one file per essay id.",
                )
            )
        seen[path.stem] = path
    raise_if_any(problems)
    return files
