"""The pending sheet: one row per unit in dispute that no decision settles, with what the
adjudicator needs to decide it.

Two shapes of the same rows: :func:`pending_sheet` (results/adjudication/pending.csv: one
``quotes`` column) and :func:`pending_workbook_table` (pending.xlsx: each coder's verdict,
quotes and their context side by side, and the code's definition). Both carry the unit's
fingerprint and empty ``decision``, ``adjudicator`` and ``rationale`` columns.

Context (the sentences around a quote) is cut only from essays the de-identification gate
cleared or a reviewer waived: a flagged essay's text stays out of the sheet even where policy
``warn`` keeps it in the analysis. Not for writing the workbook (see :mod:`.workbook`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from thematic import schemas
from thematic.codebook import lookup
from thematic.schemas import columns

CONTEXT_STATUSES = ("cleared", "waived")
WHOLE_ESSAY = "(whole essay)"
# A sentence ends at . ! ? or … (with any closing quotes or brackets) before white space, or at
# a blank line. A full stop after a title or an initial ("Mr.", "Dr.", "J.") ends no sentence.
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+|\n\s*\n")
_TITLE_OR_INITIAL = re.compile(r"(?:^|[\s(\"'\u201c\u2018])[A-Z][a-z]{0,2}\.$")
CONTEXT_SIDE = 300  # characters of context kept before and after a quote, at most


def pending_sheet(
    disagreement_table: pd.DataFrame,
    codebook: pd.DataFrame,
    codings: Mapping[str, pd.DataFrame],
    unused: pd.DataFrame,
) -> pd.DataFrame:
    """The adjudication sheet (schema: Pending): every pending unit with each coder's quotes,
    any stale decision on it, its fingerprint, and the decision left blank."""
    pending = disagreement_table.loc[
        disagreement_table["status"] == "pending",
        ["essay_id", "code", "coders_applied", "coders_not_applied", "fingerprint"],
    ]
    segments = _pending_segments(pending, codings)
    labelled = segments.assign(quotes=segments["coder"] + " " + _quote_lines(segments))
    quotes = labelled.groupby(["essay_id", "code"], sort=False)["quotes"].agg(" | ".join)
    sheet = pending.merge(quotes.reset_index(), on=["essay_id", "code"], how="left")
    sheet = sheet.merge(earlier_decisions(unused), on=["essay_id", "code"], how="left")
    sheet["code_label"] = sheet["code"].map(lookup(codebook, "label"))
    for column in ("decision", "adjudicator", "rationale"):
        sheet[column] = ""
    return sheet[columns(schemas.Pending)].reset_index(drop=True)


def pending_workbook_table(
    sheet: pd.DataFrame,
    codebook: pd.DataFrame,
    codings: Mapping[str, pd.DataFrame],
    essays: pd.DataFrame,
) -> pd.DataFrame:
    """The pending sheet for the workbook (schema: PendingWorkbook): per coder a verdict
    (``applied`` or ``not applied``), their quotes (``[start-end] quote``, one a line) and the
    context of each quote (the sentence before, the quote's sentences and the one after, the
    quote between « and »), blank-line-separated.

    ``sheet``: :func:`pending_sheet`'s rows; ``essays``: essay_id, deid_status and text of the
    essays (text null where the gate withheld it).
    """
    coders = sorted(codings)
    table = sheet[["essay_id", "code", "code_label"]].copy()
    table["definition"] = table["code"].map(lookup(codebook, "definition"))
    segments = _pending_segments(sheet, codings)
    segments = segments.assign(
        quote_line=_quote_lines(segments),
        context=quote_contexts(segments, essays),
    )
    by_unit_coder = segments.groupby(["essay_id", "code", "coder"], sort=False).agg(
        quotes=("quote_line", "\n".join), context=("context", "\n\n".join)
    )
    for coder in coders:
        applied = sheet["coders_applied"].str.split(", ").apply(lambda names, c=coder: c in names)
        table[f"{coder} verdict"] = np.where(applied, "applied", "not applied")
        index = pd.MultiIndex.from_arrays([sheet["essay_id"], sheet["code"], [coder] * len(sheet)])
        found = by_unit_coder.reindex(index)
        table[f"{coder} quotes"] = found["quotes"].fillna("").to_numpy()
        table[f"{coder} context"] = found["context"].fillna("").to_numpy()
    for column in ("earlier_decision", "decision", "adjudicator", "rationale", "fingerprint"):
        table[column] = sheet[column].to_numpy()
    return table.reset_index(drop=True)


def earlier_decisions(unused: pd.DataFrame) -> pd.DataFrame:
    """essay_id, code and earlier_decision: the stale decisions on each unit, said in words."""
    stale = unused[unused["reason"] == "stale"]
    said = (
        stale["decision"]
        + " by "
        + stale["adjudicator"]
        + " ("
        + stale["source_file"]
        + np.where(stale["source_file"].str.contains(", sheet "), ", row ", ", line ")
        + stale["source_line"].astype(str)
        + "), before the unit changed"
    )
    earlier = stale[["essay_id", "code"]].assign(earlier_decision=said)
    return (
        earlier.groupby(["essay_id", "code"], sort=False)["earlier_decision"]
        .agg("; ".join)
        .reset_index()
    )


def _pending_segments(units: pd.DataFrame, codings: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The coders' segments of these units, by coder then position."""
    segments = pd.concat(list(codings.values()), ignore_index=True)
    segments = segments.merge(units[["essay_id", "code"]], on=["essay_id", "code"])
    return segments.sort_values(["coder", "start", "end"], ignore_index=True)


def _quote_lines(segments: pd.DataFrame) -> pd.Series:
    """'[start-end]: quote' per segment, the quote on one line; '(whole essay)' for a code on the
    whole essay; offsets alone where the quote is withheld."""
    shown = segments["quote"].fillna("").str.split().str.join(" ")
    shown = shown.where(~segments["whole_essay"].astype(bool), WHOLE_ESSAY)
    return (
        "[" + segments["start"].astype(str) + "-" + segments["end"].astype(str) + "]: " + shown
    ).str.rstrip()


def quote_contexts(segments: pd.DataFrame, essays: pd.DataFrame) -> pd.Series:
    """Per segment, its context from a cleared or waived essay (see :func:`context`); a note
    saying why there is none otherwise."""
    texts = essays.set_index("essay_id")
    shown: list[str] = []
    for essay_id, start, end, whole in zip(
        segments["essay_id"],
        segments["start"],
        segments["end"],
        segments["whole_essay"],
        strict=True,
    ):
        status = texts.at[essay_id, "deid_status"] if essay_id in texts.index else None
        text = texts.at[essay_id, "text"] if essay_id in texts.index else None
        if status not in CONTEXT_STATUSES or not isinstance(text, str):
            shown.append(f"(no context: the essay is {status or 'not screened'})")
        elif whole:
            shown.append(WHOLE_ESSAY)
        else:
            shown.append(context(text, int(start), int(end)))
    return pd.Series(shown, index=segments.index, dtype=object)


def sentence_starts(text: str) -> list[int]:
    """Offsets where the sentences of ``text`` start (the first is 0)."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        dot = match.start()
        if text[dot] == "." and _TITLE_OR_INITIAL.search(text, max(dot - 4, 0), dot + 1):
            continue
        if match.end() < len(text):
            starts.append(match.end())
    return starts


def context(text: str, start: int, end: int, side: int = CONTEXT_SIDE) -> str:
    """The sentence before the quote ``text[start:end]``, the sentences it spans and the one
    after, on one line, the quote between « and »; at most ``side`` characters either side
    (cut at a word, marked …)."""
    starts = sentence_starts(text)
    first = max(np.searchsorted(starts, start, side="right") - 2, 0)
    last = np.searchsorted(starts, max(end - 1, start), side="right") + 1
    begin = starts[first]
    finish = starts[last] if last < len(starts) else len(text)
    before = _one_line(text[begin:start])
    after = _one_line(text[end:finish])
    if len(before) > side:
        before = "…" + before[-side:].split(" ", 1)[-1]
    if len(after) > side:
        after = after[:side].rsplit(" ", 1)[0] + "…"
    quote = _one_line(text[start:end])
    return f"{before} «{quote}» {after}".strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())
