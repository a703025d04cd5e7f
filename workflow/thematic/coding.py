"""Applying the codebook to one coder's file: read it, resolve codes, check segments against text.

The canonical coding file is a CSV with columns ``coder, essay_id, code, start, end, quote,
memo``. ``start``/``end`` are 0-based code-point offsets, end exclusive; leave both empty to
locate the segment by its quote, or leave start, end and quote empty to code the whole essay.
A row with an empty ``code`` records that the coder read the essay and no code applies.

The checks run column-wise over the whole file (a coder's file may hold hundreds of thousands
of rows); only what is per row by nature (cutting a segment from its essay, locating a quote,
wording a problem) loops, and only over the rows that need it.

Error messages never echo essay text or quotes: a quote may hold what the deid gate withholds.
"""

from __future__ import annotations

import csv
import difflib
import gc
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from thematic import schemas
from thematic.codebook import lookup, normalise_name, resolver
from thematic.errors import InputError, Problem, check_header, raise_if_any
from thematic.schemas import columns
from thematic.textio import decode_text

if TYPE_CHECKING:
    import _csv

REQUIRED_COLUMNS = ("essay_id", "code")
OPTIONAL_COLUMNS = ("coder", "start", "end", "quote", "memo")
CANONICAL_COLUMNS = ("coder", "essay_id", "code", "start", "end", "quote", "memo")
# what astype(str) makes of strings: pandas' str dtype (pandas 3), or object (pandas 2)
TEXT_DTYPE = pd.Series([""], dtype=object).astype(str).dtype
LARGEST_OFFSET = 2**62  # beyond any essay: offsets past it fail the bounds check as they are


def read_coding_file(path: str | Path) -> pd.DataFrame:
    """The rows of a coding CSV as strings, with the line each row starts on (``source_line``)."""
    file = str(path)
    raw = Path(path).read_bytes()
    decode_text(
        raw,
        file,
        what="coding file",
        empty_fix="add a header line: coder,essay_id,code,start,end,quote,memo.",
    )
    # read from the bytes: a StringIO would hold the whole text again, 4 bytes a character
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline=""))
    header = [h.strip() for h in next(reader)]
    check_header(file, header, REQUIRED_COLUMNS, ",".join(CANONICAL_COLUMNS))
    with _cycle_collector_paused():
        records, lines = _records(reader)
        filled = np.fromiter(map(bool, map(str.strip, map("".join, records))), bool, len(records))
        widths = np.fromiter(map(len, records), dtype=np.int64, count=len(records))
        wrong = np.flatnonzero(filled & (widths != len(header)))
        if wrong.size:
            raise InputError.single(
                file,
                f"{widths[wrong[0]]} fields where the header has {len(header)}.",
                "quote fields that contain commas with double quotes.",
                line=int(lines[wrong[0]]),
            )
        kept = np.flatnonzero(filled)
        if kept.size < len(records):
            records = [records[i] for i in kept]
        return coding_rows(header, records, lines[kept])


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector. Reading a big file makes a list per row, none in a cycle;
    as they pile up the collector walks them all, again and again, for longer than the parsing
    takes. Reference counting frees everything as usual meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _records(reader: _csv.Reader) -> tuple[list[list[str]], np.ndarray]:
    """The records left in ``reader``, and the line each starts on: the line after the one the
    previous record ended on (a quoted field may run over several lines)."""
    first_line = reader.line_num + 1
    ended = [(values, reader.line_num) for values in reader]
    last_lines = np.fromiter((line for _, line in ended), dtype=np.int64, count=len(ended))
    starts = np.concatenate(([first_line], last_lines + 1))[:-1]
    return [values for values, _ in ended], starts


def coding_rows(header: list[str], records: list[list[str]], lines: np.ndarray) -> pd.DataFrame:
    """The records as a frame: the coding file's own columns as strings (an absent optional
    column as empty strings), any other column as read, and ``source_line``."""
    columns = list(zip(*records, strict=True)) or [()] * len(header)
    named = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    data = {
        i: _strings(values) if name in named else pd.Series(values, dtype=object)
        for i, (name, values) in enumerate(zip(header, columns, strict=True))
    }
    data[len(header)] = pd.Series(lines.tolist(), dtype=object)
    # positional keys, named afterwards: a header may name a column "source_line" as well
    frame = pd.DataFrame(data)
    frame.columns = [*header, "source_line"]
    for column in OPTIONAL_COLUMNS:
        if column not in frame:
            frame[column] = _strings([""] * len(records))
    return frame


def _strings(values: Sequence[str]) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """A column of strings, typed as ``astype(str)`` types it; Arrow builds it from the values
    at once rather than pandas checking them one by one."""
    if not isinstance(TEXT_DTYPE, pd.StringDtype):
        return np.array(values, dtype=object)
    return pd.array(pa.array(values, type=pa.large_string()), dtype=TEXT_DTYPE)


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


class Verdict(IntEnum):
    """What became of a row: kept, skipped, or the first thing wrong with it. The checks run in
    this order and a row stops at the first that fails, so each row has one problem at most."""

    CODED = 0
    READ = 1  # the coder read the essay and no code applies
    SKIPPED = 2  # the essay is withheld by the deid gate: nothing of it, or of its quotes, goes on
    OTHER_CODER = 3
    NO_ESSAY_ID = 4
    UNKNOWN_ESSAY = 5
    UNCODED_SEGMENT = 6
    UNKNOWN_CODE = 7
    QUOTE_NOT_IN_ESSAY = 8
    NOT_WHOLE_NUMBERS = 9
    OUTSIDE_ESSAY = 10
    QUOTE_MISMATCH = 11


@dataclass(frozen=True)
class Distinct:
    """A column as its distinct values and which of them each row holds, so that a function of
    the values runs once per distinct value: a coder's file repeats one coder, a few dozen codes
    and a few thousand offsets over hundreds of thousands of rows."""

    which: np.ndarray  # per row, the index of its value in ``values``; -1 for a null
    values: list

    @classmethod
    def of(cls, column: pd.Series | np.ndarray) -> Distinct:
        which, values = pd.factorize(column)
        return cls(which, values.tolist())

    def map(self, function: Callable[[Any], Any], dtype: type = object) -> np.ndarray:
        """``function(value)`` for each row; a null row gets None (or 0, False)."""
        results = np.zeros(len(self.values) + 1, dtype=dtype)  # the last for nulls
        results[:-1] = [function(value) for value in self.values]
        results[-1] = None if dtype is object else 0
        return results[self.which]


@dataclass(frozen=True)
class Rows:
    """A coding file's columns as the checks read them, one object or number array per column:
    stripped where the checks strip; ``quote`` as written, or "" when blank; ``start`` and
    ``end`` as written, with ``first`` and ``last`` the numbers int() reads in them (clipped to
    [-1, LARGEST_OFFSET], 0 when it reads none) and ``readable`` whether it reads both;
    ``memo`` stripped, None when blank."""

    coder: np.ndarray
    essay_id: np.ndarray
    written: np.ndarray
    quote: np.ndarray
    start: np.ndarray
    end: np.ndarray
    has_span: np.ndarray
    first: np.ndarray
    last: np.ndarray
    readable: np.ndarray
    memo: np.ndarray
    line: np.ndarray

    @classmethod
    def of(cls, rows: pd.DataFrame) -> Rows:
        start, end = Distinct.of(rows["start"]), Distinct.of(rows["end"])
        return cls(
            coder=Distinct.of(rows["coder"]).map(str.strip),
            essay_id=Distinct.of(rows["essay_id"]).map(str.strip),
            written=Distinct.of(rows["code"]).map(str.strip),
            quote=np.array([q if q.strip() else "" for q in rows["quote"].tolist()], dtype=object),
            start=start.map(str),
            end=end.map(str),
            has_span=start.map(_filled, bool) | end.map(_filled, bool),
            first=start.map(_offset, np.int64),
            last=end.map(_offset, np.int64),
            readable=start.map(_readable, bool) & end.map(_readable, bool),
            memo=Distinct.of(rows["memo"]).map(_memo),
            line=_reader_lines(rows).to_numpy(dtype=np.int64),
        )


def _memo(memo: str) -> str | None:
    return memo.strip() or None


def _filled(value: str) -> bool:
    return bool(value.strip())


def _as_int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _readable(value: str) -> bool:
    return _as_int(value) is not None


def _offset(value: str) -> int:
    """int() of an offset; past any essay, clipped: the bounds check fails it all the same."""
    number = _as_int(value)
    return 0 if number is None else min(max(number, -1), LARGEST_OFFSET)


def _reader_lines(rows: pd.DataFrame) -> pd.Series:
    """The lines the reader found. A header may name a column ``source_line`` too: an extra
    column, ignored like any other; the reader's own comes after every column of the header."""
    lines = rows["source_line"]
    return lines.iloc[:, -1] if isinstance(lines, pd.DataFrame) else lines


@dataclass(frozen=True)
class Segments:
    """Where each coded row's segment stands, or what is wrong with it (rows as ``at``)."""

    at: np.ndarray  # the rows placed (indices into the file's rows)
    verdict: np.ndarray
    start: np.ndarray
    end: np.ndarray
    whole: np.ndarray
    text: np.ndarray  # the essay's text at start:end; None for a whole essay


def apply_codebook(
    rows: pd.DataFrame, *, coder: str, codebook: pd.DataFrame, essays: pd.DataFrame, file: str
) -> tuple[pd.DataFrame, int]:
    """Resolve and check one coder's rows; returns (coding, rows skipped for withheld essays).

    essays: essay_id, text (null when the deid gate withheld the essay: its rows are skipped).
    Every problem in the file is reported at once, in the order of the rows.
    """
    fields = Rows.of(rows)
    names = resolver(codebook)
    texts = essays["text"].tolist()
    lengths = np.fromiter(  # once per essay, not per row; a withheld essay's text is null
        (len(text) if isinstance(text, str) else 0 for text in texts), np.int64, len(texts)
    )
    position = essay_positions(fields.essay_id, essays["essay_id"])
    code = Distinct.of(fields.written).map(lambda written: names.get(normalise_name(written)))
    verdict = screen(fields, coder, position, essays["text"].isna().to_numpy(), code)
    coded = np.flatnonzero(verdict == Verdict.CODED)
    placed = place_segments(fields, coded, position, texts, lengths)
    verdict[placed.at] = placed.verdict
    failing = np.flatnonzero(verdict > Verdict.SKIPPED)
    raise_if_any(_problems(file, failing, verdict, fields, coder, names, position, texts))
    theme_of = lookup(codebook, "theme")
    kept = np.flatnonzero(verdict <= Verdict.READ)
    code = np.where(verdict == Verdict.CODED, code, None)  # READ: the essay read, no code
    skipped = int((verdict == Verdict.SKIPPED).sum())
    return _coding(coder, fields, kept, code, theme_of, placed), skipped


def essay_positions(wanted: np.ndarray, essay_ids: pd.Series) -> np.ndarray:
    """The row of ``essay_ids`` holding each wanted id, -1 where none does (an id listed twice:
    its last row)."""
    listed = pd.Index(essay_ids)
    last = np.flatnonzero(~listed.duplicated(keep="last"))
    found = listed[last].get_indexer(wanted)
    return np.where(found >= 0, last[found], -1) if len(last) else np.full(len(wanted), -1)


def screen(
    fields: Rows, coder: str, position: np.ndarray, withheld: np.ndarray, code: np.ndarray
) -> np.ndarray:
    """Each row's verdict from the checks that need no essay text, first failing check first;
    CODED rows go on to have their segments placed."""
    known = position >= 0
    withheld_row = np.zeros(len(position), bool)
    withheld_row[known] = withheld[position[known]]
    uncoded = fields.written == ""
    checks = {
        Verdict.OTHER_CODER: (fields.coder != "") & (fields.coder != coder),
        Verdict.NO_ESSAY_ID: fields.essay_id == "",
        Verdict.UNKNOWN_ESSAY: ~known,
        Verdict.SKIPPED: withheld_row,
        Verdict.UNCODED_SEGMENT: uncoded & (fields.has_span | (fields.quote != "")),
        Verdict.READ: uncoded,
        Verdict.UNKNOWN_CODE: pd.isna(code),
    }
    return np.select(list(checks.values()), list(checks), default=Verdict.CODED).astype(np.int8)


def place_segments(
    fields: Rows, at: np.ndarray, position: np.ndarray, texts: list, lengths: np.ndarray
) -> Segments:
    """Place each coded row's segment in its essay: the whole essay, where its quote stands, or
    at its offsets, checked to be inside the essay and to hold its quote. Only searching and
    cutting text loops, over the rows that need it."""
    verdict = np.full(len(at), Verdict.CODED, dtype=np.int8)
    essay, quote, by_offsets = position[at], fields.quote[at], fields.has_span[at]
    whole = ~by_offsets & (quote == "")
    start = np.where(by_offsets, fields.first[at], 0)
    end = np.where(by_offsets, fields.last[at], np.where(whole, lengths[essay], 0))
    located = np.flatnonzero(~by_offsets & ~whole)
    found, start[located], end[located] = locate_quotes(texts, essay[located], quote[located])
    verdict[located[~found]] = Verdict.QUOTE_NOT_IN_ESSAY
    readable = by_offsets & fields.readable[at]
    inside = readable & (0 <= start) & (start < end) & (end <= lengths[essay])
    verdict[by_offsets & ~readable] = Verdict.NOT_WHOLE_NUMBERS
    verdict[readable & ~inside] = Verdict.OUTSIDE_ESSAY
    cut = np.flatnonzero((verdict == Verdict.CODED) & ~whole)
    segment = np.full(len(at), None, dtype=object)
    segment[cut] = cut_segments(texts, essay[cut], start[cut], end[cut])
    checked = np.flatnonzero(inside & (quote != ""))
    verdict[checked[~same_words(segment[checked], quote[checked])]] = Verdict.QUOTE_MISMATCH
    return Segments(at, verdict, start, end, whole, segment)


def locate_quotes(
    texts: list, essay: np.ndarray, quote: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(found, start, end): where each quote stands in its essay (0-0 where it is not found)."""
    where = [locate_quote(texts[p], q) for p, q in zip(essay.tolist(), quote.tolist(), strict=True)]
    spans = np.array([w or (0, 0) for w in where], dtype=np.int64).reshape(-1, 2)
    return np.array([w is not None for w in where], dtype=bool), spans[:, 0], spans[:, 1]


def cut_segments(texts: list, essay: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[str]:
    """Each segment's text: its essay's text from start to end."""
    return [
        texts[p][s:e] for p, s, e in zip(essay.tolist(), start.tolist(), end.tolist(), strict=True)
    ]


def same_words(segments: np.ndarray, quotes: np.ndarray) -> np.ndarray:
    """Whether each segment holds its quote's words, white space aside."""
    return np.array(
        [
            s == q or s.split() == q.split()
            for s, q in zip(segments.tolist(), quotes.tolist(), strict=True)
        ],
        dtype=bool,
    )


def _coding(
    coder: str,
    fields: Rows,
    kept: np.ndarray,
    code: np.ndarray,
    theme_of: dict[str, str],
    placed: Segments,
) -> pd.DataFrame:
    """The coding: the kept rows, sorted by essay and place; a row with a null code records an
    essay read with no code applying (no segment: 0-0, quote null)."""
    if not kept.size:
        return pd.DataFrame([], columns=columns(schemas.Coding))
    start, end = np.zeros(len(fields.line), np.int64), np.zeros(len(fields.line), np.int64)
    whole, segment = np.zeros(len(fields.line), bool), np.full(len(fields.line), None, object)
    start[placed.at], end[placed.at] = placed.start, placed.end
    whole[placed.at], segment[placed.at] = placed.whole, placed.text
    values = {
        "coder": np.full(len(kept), coder, dtype=object),
        "essay_id": fields.essay_id[kept],
        "code": code[kept],
        "theme": Distinct.of(code[kept]).map(theme_of.get),
        "code_as_written": fields.written[kept],
        "start": start[kept],
        "end": end[kept],
        "whole_essay": whole[kept],
        "quote": segment[kept],
        "memo": fields.memo[kept],
        "source_line": fields.line[kept],
    }
    # object arrays of Python strings: pandas infers their dtype as it does for rows of values
    coding = pd.DataFrame(values)[columns(schemas.Coding)]
    return coding.sort_values(
        ["essay_id", "start", "end", "code", "source_line"], na_position="first", ignore_index=True
    )


def _problems(
    file: str,
    failing: np.ndarray,
    verdict: np.ndarray,
    fields: Rows,
    coder: str,
    names: dict[str, str],
    position: np.ndarray,
    texts: list,
) -> list[Problem]:
    """A Problem for each failing row, in the file's order."""
    hints = {
        written: _suggestion(written, names)
        for written in set(fields.written[verdict == Verdict.UNKNOWN_CODE])
    }
    problems = []
    for i in failing:
        text = texts[position[i]] if position[i] >= 0 else None
        what, fix = _describe(Verdict(verdict[i]), fields, i, coder, hints, text)
        problems.append(Problem(file, what, fix, line=int(fields.line[i])))
    return problems


def _suggestion(written: str, names: dict[str, str]) -> str:
    close = difflib.get_close_matches(normalise_name(written), list(names), n=3)
    return f" Did you mean {', '.join(repr(names[c]) for c in close)}?" if close else ""


def _describe(
    verdict: Verdict, fields: Rows, i: int, coder: str, hints: dict[str, str], text: str | None
) -> tuple[str, str]:
    """(what is wrong, how to fix it) for one failing row; never the quote or the essay's text."""
    quote = fields.quote[i]
    match verdict:
        case Verdict.OTHER_CODER:
            return (
                f"the row's coder is {fields.coder[i]!r} but this file belongs to {coder!r}.",
                "put each coder's rows in resources/codings/<coder>.csv, or fix the name.",
            )
        case Verdict.NO_ESSAY_ID:
            return "essay_id is empty.", "give the essay's id (its file name without .txt)."
        case Verdict.UNKNOWN_ESSAY:
            return (
                f"essay {fields.essay_id[i]!r} does not exist (no such file in resources/essays/).",
                "correct the essay id or add the essay file.",
            )
        case Verdict.UNCODED_SEGMENT:
            return (
                "a segment without a code.",
                "fill in the code, or clear start, end and quote to mark the essay "
                "as read with no code applying.",
            )
        case Verdict.UNKNOWN_CODE:
            return (
                f"unknown code {fields.written[i]!r}.{hints[fields.written[i]]}",
                "use a code id, label or alias from config/codebook.yaml, or add an alias.",
            )
        case Verdict.QUOTE_NOT_IN_ESSAY:
            return (
                f"the quote ({len(quote)} characters) is not in the essay's text.",
                "copy the quote from the essay exactly, or give start and end offsets.",
            )
        case Verdict.NOT_WHOLE_NUMBERS:
            return (
                f"start {fields.start[i]!r} and end {fields.end[i]!r} must both be whole numbers.",
                "give 0-based code-point offsets (end exclusive), or leave both empty.",
            )
        case Verdict.OUTSIDE_ESSAY:
            return (
                f"segment {int(fields.start[i])}-{int(fields.end[i])} is outside the essay "
                f"(0-{len(text)}) or empty.",
                "offsets are 0-based code points, end exclusive, start < end.",
            )
    where = locate_quote(text, quote)  # QUOTE_MISMATCH: say where the quote does stand
    hint = (
        f"the quote stands at {where[0]}-{where[1]}; correct the offsets."
        if where
        else "the quote is not in the essay at all; copy it exactly."
    )
    at = f"{int(fields.start[i])}-{int(fields.end[i])}"
    return f"the quote does not match the essay's text at {at}.", hint
