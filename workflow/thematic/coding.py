"""Applying the codebook to one coder's file: read it, resolve codes, check segments against text.

The canonical coding file is a CSV with columns ``coder, essay_id, code, start, end, quote,
memo``. ``start``/``end`` are 0-based code-point offsets, end exclusive; leave both empty to
locate the segment by its quote, or leave start, end and quote empty to code the whole essay.
A row with an empty ``code`` records that the coder read the essay and no code applies.

Error messages never echo essay text or quotes: a quote may hold what the deid gate withholds.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

import pandas as pd

from thematic.codebook import normalise_name, resolver
from thematic.errors import InputError, Problem, check_header, raise_if_any

REQUIRED_COLUMNS = ("essay_id", "code")
OPTIONAL_COLUMNS = ("coder", "start", "end", "quote", "memo")
CANONICAL_COLUMNS = ("coder", "essay_id", "code", "start", "end", "quote", "memo")
OUTPUT_COLUMNS = [
    "coder",
    "essay_id",
    "code",
    "theme",
    "code_as_written",
    "start",
    "end",
    "whole_essay",
    "quote",
    "memo",
    "source_line",
]


def read_coding_file(path: str | Path) -> pd.DataFrame:
    """The rows of a coding CSV as strings, with the line each row starts on (``source_line``)."""
    file = str(path)
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError.single(
            file,
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at byte offset {err.start}).",
            "save the coding file as CSV UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)').",
            line=raw[: err.start].count(b"\n") + 1,
        ) from None
    if not text.strip():
        raise InputError.single(
            file,
            "the coding file is empty.",
            "add a header line: coder,essay_id,code,start,end,quote,memo.",
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    check_header(file, header, REQUIRED_COLUMNS, ",".join(CANONICAL_COLUMNS))
    records = []
    start_line = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            if len(values) != len(header):
                raise InputError.single(
                    file,
                    f"{len(values)} fields where the header has {len(header)}.",
                    "quote fields that contain commas with double quotes.",
                    line=start_line,
                )
            records.append([*values, start_line])
        start_line = reader.line_num + 1
    frame = pd.DataFrame(records, columns=[*header, "source_line"], dtype=object)
    for column in OPTIONAL_COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame[list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)] = (
        frame[list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)].fillna("").astype(str)
    )
    return frame


def locate_quote(text: str, quote: str) -> tuple[int, int] | None:
    """First place ``quote`` stands in ``text``, exactly or up to differences in white space."""
    exact = text.find(quote)
    if exact >= 0:
        return exact, exact + len(quote)
    words = quote.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (found.start(), found.end()) if found else None


def _same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


def apply_codebook(
    rows: pd.DataFrame, *, coder: str, codebook: pd.DataFrame, essays: pd.DataFrame, file: str
) -> tuple[pd.DataFrame, int]:
    """Resolve and check one coder's rows; returns (coding, rows skipped for withheld essays).

    essays: essay_id, text (null when the deid gate withheld the essay: its rows are skipped).
    """
    names = resolver(codebook)
    theme_of = dict(zip(codebook["code"], codebook["theme"], strict=True))
    texts = dict(zip(essays["essay_id"], essays["text"], strict=True))
    problems: list[Problem] = []
    out: list[dict[str, object]] = []
    skipped = 0
    for row in rows.itertuples(index=False):
        line = int(row.source_line)

        def problem(what: str, fix: str, line: int = line) -> None:
            problems.append(Problem(file, what, fix, line=line))

        essay_id = row.essay_id.strip()
        if row.coder.strip() and row.coder.strip() != coder:
            problem(
                f"the row's coder is {row.coder.strip()!r} but this file belongs to {coder!r}.",
                "put each coder's rows in resources/codings/<coder>.csv, or fix the name.",
            )
            continue
        if not essay_id:
            problem("essay_id is empty.", "give the essay's id (its file name without .txt).")
            continue
        if essay_id not in texts:
            problem(
                f"essay {essay_id!r} does not exist (no such file in resources/essays/).",
                "correct the essay id or add the essay file.",
            )
            continue
        text = texts[essay_id]
        if text is None or (isinstance(text, float) and pd.isna(text)):
            skipped += 1  # withheld by the deid gate: nothing of it, or of its quotes, goes on
            continue
        written = row.code.strip()
        quote = row.quote if row.quote.strip() else ""
        has_span = bool(row.start.strip() or row.end.strip())
        if not written:
            if has_span or quote:
                problem(
                    "a segment without a code.",
                    "fill in the code, or clear start, end and quote to mark the essay "
                    "as read with no code applying.",
                )
                continue
            out.append(_row(coder, essay_id, None, None, "", 0, 0, False, None, row.memo, line))
            continue
        code = names.get(normalise_name(written))
        if code is None:
            close = difflib.get_close_matches(normalise_name(written), list(names), n=3)
            hint = f" Did you mean {', '.join(repr(names[c]) for c in close)}?" if close else ""
            problem(
                f"unknown code {written!r}.{hint}",
                "use a code id, label or alias from config/codebook.yaml, or add an alias.",
            )
            continue
        span = _check_span(row, text, quote, has_span, problem)
        if span is None:
            continue
        start, end, whole = span
        segment = None if whole else text[start:end]
        out.append(
            _row(
                coder,
                essay_id,
                code,
                theme_of[code],
                written,
                start,
                end,
                whole,
                segment,
                row.memo,
                line,
            )
        )
    raise_if_any(problems)
    coding = pd.DataFrame(out, columns=OUTPUT_COLUMNS)
    coding = coding.sort_values(
        ["essay_id", "start", "end", "code", "source_line"], na_position="first", ignore_index=True
    )
    return coding, skipped


def _check_span(
    row, text: str, quote: str, has_span: bool, problem
) -> tuple[int, int, bool] | None:
    """(start, end, whole_essay) for a row, or None after recording what is wrong."""
    if not has_span:
        if not quote:
            return 0, len(text), True
        where = locate_quote(text, quote)
        if where is None:
            problem(
                f"the quote ({len(quote)} characters) is not in the essay's text.",
                "copy the quote from the essay exactly, or give start and end offsets.",
            )
            return None
        return where[0], where[1], False
    try:
        start, end = int(row.start), int(row.end)
    except ValueError:
        problem(
            f"start {row.start!r} and end {row.end!r} must both be whole numbers.",
            "give 0-based code-point offsets (end exclusive), or leave both empty.",
        )
        return None
    if not 0 <= start < end <= len(text):
        problem(
            f"segment {start}-{end} is outside the essay (0-{len(text)}) or empty.",
            "offsets are 0-based code points, end exclusive, start < end.",
        )
        return None
    if quote and not _same_words(text[start:end], quote):
        where = locate_quote(text, quote)
        hint = (
            f"the quote stands at {where[0]}-{where[1]}; correct the offsets."
            if where
            else "the quote is not in the essay at all; copy it exactly."
        )
        problem(f"the quote does not match the essay's text at {start}-{end}.", hint)
        return None
    return start, end, False


def _row(coder, essay_id, code, theme, written, start, end, whole, quote, memo, line):
    return {
        "coder": coder,
        "essay_id": essay_id,
        "code": code,
        "theme": theme,
        "code_as_written": written,
        "start": start,
        "end": end,
        "whole_essay": whole,
        "quote": quote,
        "memo": memo.strip() or None,
        "source_line": line,
    }
