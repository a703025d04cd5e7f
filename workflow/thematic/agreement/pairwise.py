"""Pairwise agreement tables: every coefficient of presence_agreement for each pair of coders.

With more than two coders a reader wants to see who disagrees with whom, and the two-coder
coefficients (Cohen, Scott, PABAK) only exist per pair. Not for: pooled multi-coder figures
(`presence_agreement` on all coders).
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from thematic.agreement.presence import OUTPUT_COLUMNS, presence_agreement


def pairwise_agreement(presence: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """presence_agreement for every pair of coders (sorted), without bootstrap.

    Returns the presence_agreement columns preceded by coder_a, coder_b (coder_a < coder_b);
    pairs in sorted order, each pair's rows in presence_agreement's order. Fewer than two coders
    give an empty table with these columns.
    """
    if "coder" not in presence.columns:
        raise ValueError("presence lacks column coder")
    coders = sorted(presence["coder"].unique())
    frames = []
    for coder_a, coder_b in combinations(coders, 2):
        pair = presence[presence["coder"].isin([coder_a, coder_b])]
        table = presence_agreement(pair, codebook)
        frames.append(table.assign(coder_a=coder_a, coder_b=coder_b))
    columns = ["coder_a", "coder_b", *OUTPUT_COLUMNS]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
