"""Exemplar quotes: for each code, two or three short passages the coders marked with it.

A quote comes only from a coder's segment for that code (``results/coding/<coder>.parquet``
``quote``), in an essay the de-identification gate cleared (``cleared``, or ``waived`` after a
reviewer ruled every finding a false positive) and whose consensus has the code. Text of an
essay the gate withheld (``quarantined``) or only warned about (``flagged``) is refused: the
selection raises rather than filters, so a change upstream that lets such text through fails
loudly instead of quietly reaching a report. Not for choosing quotes by meaning: the choice is
mechanical and deterministic (coders' overlap first, then length, then essay id).
"""

from __future__ import annotations

import re

import pandas as pd

QUOTABLE_STATUSES = ("cleared", "waived")
MAX_CHARS = 220  # a quote longer than this is cut at a sentence or word boundary
PER_CODE = 3
QUOTE_COLUMNS = ["code", "essay_id", "coder", "quote", "shortened"]
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s")


class WithheldTextError(RuntimeError):
    """Text of an essay the de-identification gate did not clear reached the quote selection.

    A defect upstream, never bad user input: the report stage must blank such text first
    (:func:`withhold_unquotable`). The message names essays, never their text.
    """


def withhold_unquotable(segments: pd.DataFrame, deid_status: pd.DataFrame) -> pd.DataFrame:
    """The segments with ``quote`` blanked for every essay not cleared or waived by the gate
    (including essays the gate never saw). The report stage's one place that drops text."""
    quotable = segments["essay_id"].map(_status_of(deid_status)).isin(QUOTABLE_STATUSES)
    return segments.assign(quote=segments["quote"].where(quotable, None))


def check_quotable(segments: pd.DataFrame, deid_status: pd.DataFrame) -> None:
    """Raise :class:`WithheldTextError` when any segment carries text of an essay the gate did
    not clear or waive."""
    status = segments["essay_id"].map(_status_of(deid_status))
    carries_text = segments["quote"].notna()
    refused = segments.loc[carries_text & ~status.isin(QUOTABLE_STATUSES), "essay_id"]
    if len(refused):
        essays = ", ".join(sorted(set(refused))[:10])
        raise WithheldTextError(
            f"{len(refused)} segment(s) carry text of essays the de-identification gate did not "
            f"clear ({essays}); exemplar quotes are taken from cleared or waived essays only."
        )


def exemplar_quotes(
    segments: pd.DataFrame,
    consensus: pd.DataFrame,
    deid_status: pd.DataFrame,
    *,
    per_code: int = PER_CODE,
    max_chars: int = MAX_CHARS,
) -> pd.DataFrame:
    """Up to ``per_code`` quotes per code, each from a different essay, columns QUOTE_COLUMNS.

    ``segments``: every coder's rows (schema Coding); ``consensus``: schema Consensus;
    ``deid_status``: schema DeidStatus. Raises :class:`WithheldTextError` if any segment
    carries text of an essay that is not cleared or waived, whatever its code.

    Ranking, for a mechanical but sensible choice: segments another coder also marked
    (overlapping, same code) first, then those that fit ``max_chars`` uncut, then shorter, then
    by essay id and position. Whole-essay codings are skipped (their text is the essay).
    """
    check_quotable(segments, deid_status)
    present = consensus.loc[consensus["present"].fillna(False).astype(bool), ["essay_id", "code"]]
    candidates = segments[
        segments["quote"].notna() & segments["code"].notna() & ~segments["whole_essay"]
    ].merge(present, on=["essay_id", "code"], how="inner")
    if candidates.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    candidates = candidates.assign(
        text=candidates["quote"].map(lambda q: " ".join(str(q).split())),
        n_overlapping=_overlapping_coders(candidates, segments),
    )
    candidates = candidates[candidates["text"] != ""]
    candidates = candidates.assign(
        too_long=candidates["text"].str.len() > max_chars, length=candidates["text"].str.len()
    ).sort_values(
        ["code", "n_overlapping", "too_long", "length", "essay_id", "start", "coder"],
        ascending=[True, False, True, True, True, True, True],
    )
    chosen = candidates.drop_duplicates(["code", "essay_id"]).drop_duplicates(["code", "text"])
    chosen = chosen.groupby("code", sort=False).head(per_code)
    shortened = chosen["text"].map(lambda t: shorten(t, max_chars))
    return pd.DataFrame(
        {
            "code": chosen["code"].to_numpy(),
            "essay_id": chosen["essay_id"].to_numpy(),
            "coder": chosen["coder"].to_numpy(),
            "quote": shortened.to_numpy(),
            "shortened": (shortened != chosen["text"]).to_numpy(),
        }
    )


def shorten(text: str, max_chars: int = MAX_CHARS) -> str:
    """``text`` cut to at most ``max_chars`` characters plus an ellipsis: at the last sentence
    end when that keeps at least half, else at the last space (a word is never split)."""
    if len(text) <= max_chars:
        return text
    head = text[: max_chars + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= max_chars // 2:
        return head[: ends[-1]].rstrip() + " …"
    cut = head.rfind(" ")
    return (head[:cut] if cut > 0 else head[:max_chars]).rstrip(" ,;:") + " …"


def _overlapping_coders(candidates: pd.DataFrame, segments: pd.DataFrame) -> pd.Series:
    """For each candidate, how many other coders marked an overlapping segment with its code."""
    others = segments.loc[segments["code"].notna(), ["essay_id", "code", "coder", "start", "end"]]
    pairs = candidates.reset_index()[["index", "essay_id", "code", "coder", "start", "end"]].merge(
        others, on=["essay_id", "code"], suffixes=("", "_other")
    )
    overlap = (
        (pairs["coder"] != pairs["coder_other"])
        & (pairs["start_other"] < pairs["end"])
        & (pairs["start"] < pairs["end_other"])
    )
    counts = pairs[overlap].groupby("index")["coder_other"].nunique()
    return counts.reindex(candidates.index, fill_value=0)


def _status_of(deid_status: pd.DataFrame) -> dict[str, str]:
    return dict(zip(deid_status["essay_id"], deid_status["status"], strict=True))
