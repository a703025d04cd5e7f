"""Where a study's files are: essay discovery, stable sharding, and which essays the coders'
and the adjudicator's files mention.

Kept free of pandas, so the Snakefile can import it at parse time cheaply. Not for reading
essays (see :mod:`thematic.ingest`).
"""

from __future__ import annotations

import csv
import glob
import os
import zlib
from collections.abc import Iterable
from pathlib import Path

from thematic.errors import Problem, raise_if_any
from thematic.ids import ALLOWED, is_id
from thematic.sheets import TABLE_SUFFIXES, column_values

ESSAY_SUFFIXES = (".txt", ".md")
# The shard of essays that no coder's file and no decision mentions yet. It is its own shard so
# that an essay arriving re-screens only it: nothing the coders' work feeds (codings, merge,
# agreement, themes) reads it. Once coded, an essay moves to its numbered (crc32) shard.
UNCODED_SHARD = "uncoded"


def shard_of(essay_id: str, n_shards: int) -> int:
    """Stable shard of an essay: a new essay dirties one shard, not all of them."""
    return zlib.crc32(essay_id.encode("utf-8")) % n_shards


def essay_shards(
    essay_files: Iterable[Path], n_shards: int, coded: set[str] | None
) -> dict[str, list[str]]:
    """Essay files by shard name: ``"0"`` to ``str(n_shards - 1)`` for essays in ``coded`` (by
    crc32 of the id), :data:`UNCODED_SHARD` for the others. ``coded=None`` (the coders' files
    could not be read here) puts every essay in a numbered shard. Every shard is listed, even an
    empty one, so no shard artifact outlives the essays it held."""
    shards: dict[str, list[str]] = {str(shard): [] for shard in range(n_shards)}
    shards[UNCODED_SHARD] = []
    for path in essay_files:
        if coded is None or path.stem in coded:
            shards[str(shard_of(path.stem, n_shards))].append(str(path))
        else:
            shards[UNCODED_SHARD].append(str(path))
    return shards


def mentioned_essay_ids(
    csv_files: Iterable[str | Path], known: set[str] | None = None
) -> set[str] | None:
    """The essay ids in the ``essay_id`` column of these CSV (or XLSX) files (coders' files,
    decisions), and those the coded sources of REFI-QDA projects name.

    Read leniently, at parse time, and never fewer than the stages accept: a row of the wrong
    width still gives its id (the coding stage refuses the row later, with its line). None when
    a file cannot be read this way (not UTF-8, no ``essay_id`` column): then every essay counts
    as coded, and the stage that reads the file reports the problem. None too when a project's
    source names an essay not among ``known`` (the study's essay ids): the pipeline may match
    that source to an essay by its content, which only the coding stage can see.
    """
    ids: set[str] = set()
    for path in csv_files:
        if Path(path).suffix.lower() in (".qdpx", ".qde"):
            from thematic.interop.discovery import project_essay_ids  # lxml: only when needed

            named = project_essay_ids(path)
            if known is None or not named <= known:
                return None
            ids.update(named)
            continue
        if Path(path).suffix.lower() == ".xlsx":  # an adjudicator's workbook
            mentioned = column_values(path, "essay_id")
            if mentioned is None:
                return None
            ids.update(mentioned)
            continue
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = [name.strip() for name in next(reader, [])]
                if "essay_id" not in header:
                    return None
                column = header.index("essay_id")
                ids.update(values[column].strip() for values in reader if len(values) > column)
        except (OSError, UnicodeDecodeError, csv.Error):
            return None
    ids.discard("")
    return ids


def _stem_and_suffix(name: str) -> tuple[str, str]:
    """``Path(name).stem`` and ``.suffix`` without building a Path (``"..txt"`` is ``"."`` and
    ``".txt"``, where os.path.splitext would see a hidden file with no suffix)."""
    dot = name.rfind(".")
    return (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")


def discover_essays(essay_dir: str | Path) -> list[Path]:
    """Essay files in ``essay_dir`` (not recursive), sorted; ids must be unique and file-safe."""
    folder = Path(essay_dir)
    if not folder.is_dir():
        return []
    # Names, not Paths, until the end: this runs at every parse, over every essay file.
    with os.scandir(folder) as entries:  # the directory's own file types: no stat per essay
        names = sorted(
            entry.name
            for entry in entries
            if _stem_and_suffix(entry.name)[1].lower() in ESSAY_SUFFIXES and entry.is_file()
        )
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for name in names:
        essay_id = _stem_and_suffix(name)[0]
        if not is_id(essay_id):
            problems.append(
                Problem(
                    str(folder / name),
                    f"essay id {essay_id!r} (the file name) may hold only {ALLOWED}.",
                    "rename the file, e.g. essay_23.txt.",
                )
            )
        if essay_id in seen:
            problems.append(
                Problem(
                    str(folder / name),
                    f"essay id {essay_id!r} is also used by {seen[essay_id]}.",
                    "keep one file per essay id.",
                )
            )
        seen[essay_id] = name
    raise_if_any(problems)
    return [folder / name for name in names]


def decision_files(decisions: str | Path) -> list[Path]:
    """The adjudicator's files the config key ``decisions`` names, sorted by path: every
    ``*.csv`` and ``*.xlsx`` in a folder, the files a glob pattern matches, or one file.

    Left out: hidden files and the lock files office programs keep beside an open workbook
    (``~$round-1.xlsx``, ``.~lock.round-1.xlsx#``). Nothing when the path does not exist yet.
    """
    spec = str(decisions)
    if glob.has_magic(spec):
        found = [Path(p) for p in glob.glob(spec)]
    elif Path(spec).is_dir():
        found = list(Path(spec).iterdir())
    else:
        return [Path(spec)] if Path(spec).is_file() else []
    return sorted(
        path
        for path in found
        if path.is_file()
        and path.suffix.lower() in TABLE_SUFFIXES
        and not path.name.startswith((".", "~$"))
    )
