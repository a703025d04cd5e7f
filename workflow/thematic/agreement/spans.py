"""Coders' text spans made ready for the segment and character units of analysis.

Takes the concatenated Coding artifacts (one row per coded segment), keeps the rows that carry a
code, checks them against the codebook, and merges a coder's overlapping spans of one code in one
essay: coding the same passage twice with the same code is one segment, not two. Also the shared
output helpers of the span-based units. Not for: any coefficient (`segments`, `unitizing`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SPAN_COLUMNS = ("coder", "essay_id", "code", "start", "end")  # all the span units read


@dataclass(frozen=True)
class Spans:
    """Merged spans as parallel integer arrays, sorted by (essay, code, coder, start).

    essay, code, coder: indices into `essays`, the codebook's codes and `coders`;
    start, end: code-point offsets, end exclusive.
    """

    essay: np.ndarray
    code: np.ndarray
    coder: np.ndarray
    start: np.ndarray
    end: np.ndarray
    essays: pd.Index
    coders: pd.Index


def merge_runs(group: np.ndarray, start: np.ndarray, end: np.ndarray, touching: bool):
    """Union of intervals within each group; inputs sorted by (group, start).

    Returns (keep, merged_end): rows that open a merged interval and the end of each. With
    `touching`, intervals that only abut ([0, 5) and [5, 9)) merge too.
    """
    if not len(start):
        return np.zeros(0, bool), end
    # running maximum of end within a group: cumulative max of (group, end) pairs
    key = group.astype(np.int64) * (int(end.max()) + 1) + end
    reach = np.maximum.accumulate(key) - group.astype(np.int64) * (int(end.max()) + 1)
    new_group = np.r_[True, group[1:] != group[:-1]]
    previous_reach = np.r_[-1, reach[:-1]]
    opens = new_group | ((start > previous_reach) if touching else (start >= previous_reach))
    run = np.cumsum(opens) - 1
    merged_end = np.zeros(int(opens.sum()), end.dtype)
    np.maximum.at(merged_end, run, end)
    return opens, merged_end


def prepare_spans(codings: pd.DataFrame, code_order: pd.Index, *, touching: bool = False) -> Spans:
    """Coded rows of `codings` as merged spans (rows with a null code are ignored)."""
    missing = set(SPAN_COLUMNS) - set(codings.columns)
    if missing:
        raise ValueError(f"codings lacks columns {sorted(missing)}")
    coded = codings.loc[codings["code"].notna(), ["code", "start", "end"]]
    code_idx = code_order.get_indexer(coded["code"])
    if (code_idx < 0).any():
        unknown = coded.loc[code_idx < 0, "code"].unique()[:5].tolist()
        raise ValueError(f"codings has codes not in the codebook: {unknown}")
    start = coded["start"].to_numpy(np.int64)
    end = coded["end"].to_numpy(np.int64)
    if ((start < 0) | (end <= start)).any():
        raise ValueError("codings has empty or negative spans (need 0 <= start < end)")
    essay_idx, essays = pd.factorize(codings["essay_id"], sort=True)
    essay_idx = essay_idx[codings["code"].notna().to_numpy()]
    coder_idx, coders = pd.factorize(codings["coder"], sort=True)
    coder_idx = coder_idx[codings["code"].notna().to_numpy()]
    order = np.lexsort((start, coder_idx, code_idx, essay_idx))
    essay_idx, code_idx, coder_idx = essay_idx[order], code_idx[order], coder_idx[order]
    start, end = start[order], end[order]
    group = (essay_idx.astype(np.int64) * len(code_order) + code_idx) * len(coders) + coder_idx
    keep, merged_end = merge_runs(group, start, end, touching)
    return Spans(
        essay_idx[keep], code_idx[keep], coder_idx[keep], start[keep], merged_end, essays, coders
    )
