"""Reading essay files: decoding and the optional metadata manifest (discovery and sharding
live in :mod:`thematic.layout`, re-exported here).

Not for de-identification (see :mod:`thematic.deid`) or anything downstream of the text.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from thematic import schemas
from thematic.errors import InputError, Problem, check_header, raise_if_any
from thematic.layout import ESSAY_SUFFIXES, discover_essays, shard_of  # noqa: F401 - re-exported
from thematic.schemas import columns
from thematic.textio import decode_text, read_text


def decode_essay(raw: bytes, file: str) -> str:
    """UTF-8 text of an essay file (a leading BOM dropped), or a clear error."""
    return decode_text(raw, file, what="essay")


def read_essays(paths: Sequence[str | Path]) -> pd.DataFrame:
    """One row per essay file: essay_id, source_file, sha256 (of the file's bytes), n_chars, n_words, text.

    Every file is read; all problems are reported together.
    """
    rows: list[dict[str, object]] = []
    problems: list[Problem] = []
    for path in paths:
        file = str(path)
        raw = Path(path).read_bytes()
        try:
            text = decode_essay(raw, file)
        except InputError as err:
            problems.extend(err.problems)
            continue
        rows.append(
            {
                "essay_id": Path(path).stem,
                "source_file": Path(path).as_posix(),
                "sha256": hashlib.sha256(raw).hexdigest(),
                "n_chars": len(text),
                "n_words": len(text.split()),
                "text": text,
            }
        )
    raise_if_any(problems)
    read = [name for name in columns(schemas.Essays) if name != "deid_status"]  # not screened yet
    return pd.DataFrame(rows, columns=read).sort_values("essay_id", ignore_index=True)


def read_manifest(path: str | Path, known_ids: set[str] | None = None) -> pd.DataFrame:
    """The optional manifest CSV: an ``essay_id`` column plus metadata columns, prefixed ``meta_``.

    ``known_ids``: when given, a manifest row for an essay with no file is an error (a typo guard).
    """
    file = str(path)
    text = read_text(path, what="manifest")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    check_header(file, header, ["essay_id"], "essay_id,<metadata columns, e.g. role>")
    rows = []
    problems = []
    seen: set[str] = set()
    for row in reader:
        essay_id = (row.get("essay_id") or "").strip()
        if essay_id in seen:
            problems.append(
                Problem(
                    file,
                    f"essay {essay_id!r} is listed twice.",
                    "keep one row per essay.",
                    line=reader.line_num,
                )
            )
        elif known_ids is not None and essay_id not in known_ids:
            problems.append(
                Problem(
                    file,
                    f"essay {essay_id!r} has no essay file.",
                    "fix the id or remove the row.",
                    line=reader.line_num,
                )
            )
        seen.add(essay_id)
        rows.append(row)
    raise_if_any(problems)
    frame = pd.DataFrame(rows, columns=header, dtype="str")
    return frame.rename(columns={c: f"meta_{c.strip()}" for c in header if c != "essay_id"})
