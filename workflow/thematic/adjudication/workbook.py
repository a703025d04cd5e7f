"""The pending sheet as an XLSX workbook a person adjudicates in (openpyxl): a styled header,
frozen panes on the header row and the unit's columns, a present/absent drop-down on
``decision``, the columns to fill in shaded, wrapped text, landscape printing; a second sheet
says how to use it.

The bytes are the same for the same rows: openpyxl stamps docProps/core.xml with the time of
saving and the zip entries with the time of writing, so both are set to a constant here. Not for
what the rows hold (see :mod:`.sheet`).
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pandas as pd

# a fixed moment for the document properties and the zip entries (the zip format's earliest)
FIXED_TIME = datetime.datetime(1980, 1, 1)
SHEET_TITLE = "Pending"
TO_FILL_IN = ("decision", "adjudicator", "rationale")
DECISIONS = ("present", "absent")
HEADER_FILL = "1F4E78"  # dark blue, white bold text
TO_FILL_HEADER_FILL = "833C0B"  # dark orange: the columns that are the adjudicator's
TO_FILL_FILL = "FFF2CC"  # pale yellow cells to fill in
QUIET_FONT = "808080"  # the fingerprint: to keep, not to read
WIDTHS = {
    "essay_id": 12,
    "code": 20,
    "code_label": 20,
    "definition": 40,
    "earlier_decision": 28,
    "decision": 12,
    "adjudicator": 16,
    "rationale": 44,
    "fingerprint": 22,
}
WIDTH_BY_SUFFIX = {" verdict": 12, " quotes": 40, " context": 56}
FROZEN = "D2"
ABOUT_WIDTH = 110
LINE_HEIGHT = 15  # points per line of the default 11-point font
MAX_ROW_HEIGHT = 409  # Excel's largest row height
CHARACTERS_PER_WIDTH = 1.15  # running text fits a few more characters than a width unit (a "0")  # the header row, and essay_id, code and code_label, stay in view
ABOUT = (
    "How to adjudicate with this sheet",
    "",
    "Each row of the sheet Pending is a unit (an essay and a code) on which the coders differ "
    "and no decision applies yet.",
    "Each coder's verdict, quotes and the sentences around each quote (between « and ») are side "
    "by side; context comes only from essays the de-identification gate cleared or waived.",
    "Fill in decision (present or absent, from the drop-down), adjudicator (who decided) and "
    "rationale (why). Leave a row's decision empty to keep the unit pending.",
    "Keep the fingerprint column as it is: it records the essay's text and each coder's verdict. "
    "If either changes later, the decision is reported as stale and the unit comes back here.",
    "Save the workbook, under a name of its own (e.g. round-1.xlsx), in resources/adjudication/ "
    "of the study and run the pipeline again. Every .xlsx and .csv file there is read; keep the "
    "sheet Pending first.",
    "A unit decided differently in two files on the same evidence stops the run naming both "
    "files: edit a decision where it is, do not add a second one.",
)


def pending_workbook_bytes(table: pd.DataFrame) -> bytes:
    """The workbook of these rows (schema: PendingWorkbook), as deterministic bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _fill_pending(sheet, table)
    _fill_about(workbook.create_sheet("About"))
    workbook.properties.creator = "thematic"
    workbook.properties.title = "Pending adjudication"
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    return _with_fixed_times(buffer.getvalue(), workbook)


def _fill_pending(sheet, table: pd.DataFrame) -> None:  # noqa: ANN001 - an openpyxl Worksheet
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    names = list(table.columns)
    sheet.append(names)
    for row in table.itertuples(index=False):
        sheet.append(["" if pd.isna(value) else str(value) for value in row])
    n_rows = len(table) + 1
    edge = Side(style="thin", color="BFBFBF")
    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        fill_in = name in TO_FILL_IN
        header = sheet.cell(row=1, column=index)
        header.font = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
        header.fill = PatternFill("solid", fgColor=TO_FILL_HEADER_FILL if fill_in else HEADER_FILL)
        header.alignment = Alignment(wrap_text=True, vertical="center")
        header.border = Border(bottom=edge)
        sheet.column_dimensions[letter].width = _width(name)
        for cell in sheet[letter][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(bottom=edge)
            if fill_in:
                cell.fill = PatternFill("solid", fgColor=TO_FILL_FILL)
            if name == "fingerprint":
                cell.font = Font(name="Calibri", size=11, color=QUIET_FONT)
    sheet.row_dimensions[1].height = 30
    widths = [_width(name) for name in names]
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        sheet.row_dimensions[number].height = _row_height(row, widths)
    sheet.freeze_panes = FROZEN
    last = get_column_letter(len(names))
    sheet.auto_filter.ref = f"A1:{last}{n_rows}"
    decision = get_column_letter(names.index("decision") + 1)
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(DECISIONS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="present or absent",
        error="Choose present or absent, or leave the cell empty (still pending).",
        showInputMessage=True,
        promptTitle="decision",
        prompt="present or absent",
    )
    choice.add(f"{decision}2:{decision}{max(n_rows, 2)}")
    sheet.add_data_validation(choice)
    _print_to_width(sheet)
    sheet.print_title_rows = "1:1"


def _print_to_width(sheet) -> None:  # noqa: ANN001 - an openpyxl Worksheet
    """Landscape, every column on the page's width."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _width(name: str) -> int:
    if name in WIDTHS:
        return WIDTHS[name]
    return next((w for suffix, w in WIDTH_BY_SUFFIX.items() if name.endswith(suffix)), 16)


def _row_height(values: tuple[object, ...], widths: list[int]) -> float:
    """Points for a row to show its wrapped text: neither Excel nor LibreOffice sizes the rows
    of a file it opens to wrapped text it did not lay out itself, so the lines are estimated
    (a column's width is in characters of the default font's "0")."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        text = "" if value is None else str(value)
        per_line = max(int(width * CHARACTERS_PER_WIDTH), 1)
        wrapped = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
        lines = max(lines, wrapped)
    return min(LINE_HEIGHT * lines + 4, MAX_ROW_HEIGHT)


def _fill_about(sheet) -> None:  # noqa: ANN001 - an openpyxl Worksheet
    from openpyxl.styles import Alignment, Font

    for line in ABOUT:
        sheet.append([line])
    sheet["A1"].font = Font(name="Calibri", bold=True, size=13)
    sheet.column_dimensions["A"].width = ABOUT_WIDTH
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[number].height = _row_height((row[0].value,), [ABOUT_WIDTH])
    _print_to_width(sheet)


def _with_fixed_times(payload: bytes, workbook) -> bytes:  # noqa: ANN001 - openpyxl Workbook
    """The saved workbook rewritten with docProps/core.xml from the (fixed) properties and every
    zip entry dated :data:`FIXED_TIME`, entries in the order openpyxl wrote them."""
    from openpyxl.xml.functions import tostring

    core = tostring(workbook.properties.to_tree())
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(payload)) as saved,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as fixed,
    ):
        for entry in saved.infolist():
            data = core if entry.filename == "docProps/core.xml" else saved.read(entry)
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            fixed.writestr(info, data)
    return out.getvalue()
