"""Coders' files as they come, read into the rows the coding stage checks: a REFI-QDA project
(.qdpx, one coder per user), a spreadsheet (.xlsx) or the canonical CSV; each with segments
(``start, end, quote``) or at essay level (``coder, essay_id, code``).

Every reader gives the frame :func:`thematic.coding.read_coding_file` gives: the coding file's
columns as strings (``coder, essay_id, code, start, end, quote, memo``) and ``source_line``
(the CSV line, the spreadsheet row, or the XML line of the ``Coding`` element).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from thematic.coding import (
    CANONICAL_COLUMNS,
    REQUIRED_COLUMNS,
    coding_rows,  # the CSV reader's frame, shared
    read_coding_file,
)
from thematic.errors import InputError, Problem, check_header
from thematic.interop.archive import open_project
from thematic.interop.matching import Canonical
from thematic.interop.naming import coder_ids, essay_id
from thematic.interop.project import Project, TextSource, read_project, text_coding_users
from thematic.interop.segments import project_segments

PROJECT_SUFFIXES = (".qdpx", ".qde")
SPREADSHEET_SUFFIXES = (".xlsx",)
CODING_SUFFIXES = (".csv", *SPREADSHEET_SUFFIXES, *PROJECT_SUFFIXES)


@dataclass(frozen=True)
class Unmatched:
    """A source of a coder's project that is no essay of the study, and why."""

    source: str
    reason: str
    codings: int


@dataclass
class ProjectRows:
    """A coder's project read against the study: rows per coder id, and what did not match."""

    rows: dict[str, pd.DataFrame]
    unmatched: list[Unmatched]
    users: dict[str, str]  # coder id -> user name


# --- REFI-QDA projects ---------------------------------------------------------------------


def project_rows(project: Project, essays: pd.DataFrame) -> ProjectRows:
    """The canonical coding rows of each user of ``project`` (one coder per user), for the
    study whose essays are ``essays`` (essay_id, text; text null for an essay the deid gate
    withheld, matched by name only and its offsets passed on as they are: its rows are
    skipped). Offsets are moved to the study essay's text (see :mod:`thematic.interop.matching`)."""
    placed = project_segments(project, project.file)
    users = {segment.user_guid for source in placed for segment in source.segments}
    coders = coder_ids(project.users, users, project.file)
    codes = project.all_codes()
    study = _StudyEssays(essays)
    records: dict[str, list[list[str]]] = {coder: [] for coder in sorted(set(coders.values()))}
    lines: dict[str, list[int]] = {coder: [] for coder in records}
    unmatched = []
    for source in placed:
        match = study.match(source.source)
        if isinstance(match, str):
            unmatched.append(Unmatched(source.source.name, match, len(source.segments)))
            continue
        essay, text, moved = match
        for segment in source.segments:
            start, end, quote = "", "", ""
            if segment.start is not None:
                begin, finish = moved(segment.start, segment.end)
                start, end = str(begin), str(finish)
                quote = text[begin:finish] if text is not None else ""
            coder = coders[segment.user_guid]
            records[coder].append(
                [coder, essay, codes[segment.code_guid].name, start, end, quote, segment.memo]
            )
            lines[coder].append(segment.line or 0)
    header = list(CANONICAL_COLUMNS)
    rows = {
        coder: coding_rows(header, records[coder], np.array(lines[coder], dtype=np.int64))
        for coder in records
    }
    names = {coders[g]: (project.users[g].name if g in project.users else g) for g in coders}
    return ProjectRows(rows, unmatched, names)


class _StudyEssays:
    """The study's essays, matched to sources by name or, failing that, by canonical text."""

    def __init__(self, essays: pd.DataFrame) -> None:
        self.text = dict(zip(essays["essay_id"], essays["text"], strict=True))
        self._canonical: dict[str, Canonical] = {}
        self._by_hash: dict[str, list[str]] | None = None

    def canonical(self, essay: str) -> Canonical:
        if essay not in self._canonical:
            self._canonical[essay] = Canonical(self.text[essay])
        return self._canonical[essay]

    def by_hash(self) -> dict[str, list[str]]:
        if self._by_hash is None:
            self._by_hash = {}
            for essay, text in self.text.items():
                if isinstance(text, str):
                    self._by_hash.setdefault(self.canonical(essay).sha256, []).append(essay)
        return self._by_hash

    def match(self, source: TextSource):
        """(essay id, its text, offset mover) or why the source matches no essay."""
        assert source.text is not None
        composed = unicodedata.normalize("NFC", source.name)  # macOS tools write names in NFD
        named = [
            name
            for name in dict.fromkeys(
                (composed, Path(composed).stem, essay_id(source.name, source.guid))
            )
            if name in self.text
        ]
        mine = Canonical(source.text)
        for essay in named:
            text = self.text[essay]
            if not isinstance(text, str):  # withheld by the deid gate: its rows are skipped
                return essay, None, lambda s, e: (s, e)
            if self.canonical(essay).sha256 == mine.sha256:
                return essay, text, _mover(mine, self.canonical(essay))
        same = self.by_hash().get(mine.sha256, [])
        if len(same) == 1:
            return same[0], self.text[same[0]], _mover(mine, self.canonical(same[0]))
        if len(same) > 1:
            return (
                f"its text is that of several essays ({', '.join(sorted(same))}); name it after one"
            )
        if named:
            return (
                f"named like essay {named[0]!r} but its text differs (BOM, line endings and "
                "white space at line ends aside); code the study's essay file"
            )
        return "no essay of the study has its name or its text"


def _mover(source: Canonical, essay: Canonical):
    return lambda start, end: source.translate(essay, start, end)


def read_project_coder(
    path: str | Path, coder: str, essays: pd.DataFrame
) -> tuple[pd.DataFrame, list[Unmatched]]:
    """One coder's rows from a project in the coders' folder, and the unmatched sources."""
    archive = open_project(path)
    read = project_rows(read_project(archive), essays)
    users, coding_users = text_coding_users(archive)
    listed = set(coder_ids(users, coding_users, str(path)).values())
    if coder not in read.rows and coder in listed:  # all their codings on unreadable sources
        return coding_rows(
            list(CANONICAL_COLUMNS), [], np.array([], dtype=np.int64)
        ), read.unmatched
    if coder not in read.rows:
        raise InputError.single(
            str(path),
            f"no user of this project gives the coder id {coder!r} "
            f"(its coders: {', '.join(sorted(read.rows)) or 'none'}).",
            "check the user names in the QDA tool.",
        )
    return read.rows[coder], read.unmatched


# --- spreadsheets ------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """A cell as the CSV would hold it: numbers without a trailing '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_coding_xlsx(path: str | Path) -> pd.DataFrame:
    """The rows of a coding spreadsheet (first sheet; a header row, then one row per coding),
    as :func:`thematic.coding.read_coding_file` gives a CSV's; ``source_line`` is the row."""
    from openpyxl import load_workbook  # imported here: only spreadsheets need it

    file = str(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            table = [
                (number, list(values))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
        finally:
            workbook.close()
    except InputError:
        raise
    except Exception as err:  # openpyxl raises many kinds on a damaged or foreign file
        raise InputError.single(
            file,
            f"not a readable .xlsx workbook ({type(err).__name__}).",
            "save the sheet from Excel or LibreOffice as .xlsx (Excel Workbook), or as CSV UTF-8.",
        ) from None
    return _sheet_rows(file, table)


def _sheet_rows(file: str, table: list[tuple[int, list[object]]]) -> pd.DataFrame:
    numbered = [(n, [_cell_text(v) for v in values]) for n, values in table]
    filled = [(n, values) for n, values in numbered if any(v.strip() for v in values)]
    if not filled:
        raise InputError.single(
            file,
            "the sheet is empty.",
            "add a header row: coder,essay_id,code,start,end,quote,memo.",
            row=1,
        )
    header_row, header = filled[0]
    while header and not header[-1].strip():
        header.pop()
    header = [name.strip() for name in header]
    try:
        check_header(file, header, REQUIRED_COLUMNS, ",".join(CANONICAL_COLUMNS))
    except InputError as err:
        raise InputError(
            [dataclasses.replace(p, line=None, row=header_row) for p in err.problems]
        ) from None
    problems, records, lines = [], [], []
    for number, values in filled[1:]:
        extra = [v for v in values[len(header) :] if v.strip()]
        if extra:
            problems.append(
                Problem(
                    file,
                    f"a value beyond the {len(header)} named columns.",
                    "name every column in the header row, or clear the cells to its right.",
                    row=number,
                )
            )
            continue
        records.append(values[: len(header)] + [""] * (len(header) - len(values)))
        lines.append(number)
    if problems:
        raise InputError(problems)
    return coding_rows(header, records, np.array(lines, dtype=np.int64))


# --- any coder's file --------------------------------------------------------------------


def read_coder_file(
    path: str | Path, coder: str, essays: pd.DataFrame
) -> tuple[pd.DataFrame, list[Unmatched]]:
    """A coder's rows from a .csv, .xlsx or REFI-QDA project, and (for a project) its sources
    that match no essay."""
    suffix = Path(path).suffix.lower()
    if suffix in PROJECT_SUFFIXES:
        return read_project_coder(path, coder, essays)
    if suffix in SPREADSHEET_SUFFIXES:
        return read_coding_xlsx(path), []
    return read_coding_file(path), []
