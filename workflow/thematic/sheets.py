"""Reading a person's table, a CSV or an XLSX workbook, by its header: the rows as dicts of
strings, each with where it came from (a CSV's line, a sheet's row number), so a problem can be
named as a person finds it in the file.

CSV text goes through :mod:`thematic.textio` (encoding, NUL bytes, BOM); workbooks through
openpyxl, imported only when a workbook is read. Kept free of pandas, so the Snakefile can list
what such files mention at parse time. Not for what the columns mean (each reader checks its own).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from thematic.errors import InputError
from thematic.textio import read_text

TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Table:
    """The header (names as written, stripped) and the non-blank rows of one table.

    ``where`` names the table in messages: the file, and for a workbook its sheet.
    ``numbered`` says how rows are numbered: ``"line"`` (CSV: the line a record starts on) or
    ``"row"`` (a sheet's row number, as the spreadsheet shows it).
    """

    where: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    numbered: str = "line"


def header_key(name: str) -> str:
    """A column name as matched: case, surrounding space and inner spaces do not matter
    ("Essay ID" is ``essay_id``)."""
    return "_".join(name.strip().casefold().split())


def read_table(path: str | Path, *, what: str = "table") -> Table:
    """The table in a ``.csv`` file or the first sheet of an ``.xlsx`` workbook.

    Header names are normalised by :func:`header_key`; blank rows are left out.
    """
    if Path(path).suffix.lower() == ".xlsx":
        return _read_workbook(path, what=what)
    return _read_csv(path, what=what)


def _read_csv(path: str | Path, *, what: str) -> Table:
    file = str(path)
    text = read_text(path, what=what, allow_empty=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [header_key(name) for name in next(reader, [])]
        rows = []
        for values in reader:
            line = reader.line_num - _newlines_in(values)
            if any(value.strip() for value in values):
                rows.append((line, dict(zip(header, values, strict=False))))
    except csv.Error as err:
        raise InputError.single(
            file,
            f"not a readable CSV file ({err}).",
            "save it as CSV (UTF-8).",
            line=reader.line_num,
        ) from None
    return Table(file, header, rows, "line")


def _newlines_in(values: Iterable[str]) -> int:
    """Line breaks inside the record's quoted fields: csv's line_num is where a record ends."""
    return sum(value.count("\n") for value in values)


def _read_workbook(path: str | Path, *, what: str) -> Table:
    where, numbered = sheet_rows(path, what=what)
    values = iter(numbered)
    header = [header_key(cell) for cell in next(values, (1, []))[1]]
    while header and not header[-1]:  # a sheet's used range may run past its last named column
        header.pop()
    rows = [
        (number, dict(zip(header, cells, strict=False)))
        for number, cells in values
        if any(cell.strip() for cell in cells)
    ]
    return Table(where, header, rows, "row")


def sheet_rows(path: str | Path, *, what: str = "table") -> tuple[str, list[tuple[int, list[str]]]]:
    """The first sheet of an ``.xlsx`` workbook: where it is (``"FILE, sheet 'TITLE'"``) and
    every row as (row number, cells as text; see :func:`cell_text`). An InputError naming the
    file when it is not a workbook openpyxl can read, or has no sheet."""
    from openpyxl import load_workbook  # imported here: only spreadsheets need it

    file = str(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    # openpyxl fails on a damaged or foreign file with many kinds of exception (BadZipFile,
    # KeyError for a missing part, InvalidFileException, XML errors): all mean "not a workbook"
    except Exception as err:
        raise InputError.single(
            file,
            f"not a readable .xlsx workbook ({type(err).__name__}).",
            f"save the {what} from Excel or LibreOffice as .xlsx (or as CSV UTF-8).",
        ) from None
    try:
        if not workbook.worksheets:
            raise InputError.single(file, "the workbook has no sheet.", f"put the {what} in it.")
        sheet = workbook.worksheets[0]
        rows = [
            (number, [cell_text(cell) for cell in cells])
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    except InputError:
        raise
    except Exception as err:  # a part that opened but does not parse
        raise InputError.single(
            file,
            f"not a readable .xlsx workbook ({type(err).__name__}).",
            f"save the {what} from Excel or LibreOffice as .xlsx (or as CSV UTF-8).",
        ) from None
    finally:
        workbook.close()
    return f"{file}, sheet {sheet.title!r}", rows


def cell_text(value: object) -> str:
    """A cell as the text a person sees in it: whole numbers without ``.0``, TRUE/FALSE for
    booleans, dates in ISO form, empty for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def column_values(path: str | Path, column: str) -> set[str] | None:
    """The non-empty values of one column (by :func:`header_key`), or None when the file cannot
    be read as a table or has no such column. Lenient: for listing, not for checking."""
    try:
        table = read_table(path)
    except InputError:
        return None
    if column not in table.header:
        return None
    return {row.get(column, "").strip() for _, row in table.rows} - {""}
