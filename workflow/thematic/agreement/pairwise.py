"""Pairwise agreement tables: every coefficient of presence_agreement for each pair of coders.

With more than two coders a reader wants to see who disagrees with whom, and the two-coder
coefficients (Cohen, Scott, PABAK) only exist per pair. Not for: pooled multi-coder figures
(`presence_agreement` on all coders).
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from thematic.agreement.presence import presence_agreement
from thematic.agreement.rows import PAIR_COLUMNS


def pairwise_agreement(
    presence: pd.DataFrame, codebook: pd.DataFrame, *, all_coders: pd.DataFrame | None = None
) -> pd.DataFrame:
    """presence_agreement for every pair of coders (sorted), without bootstrap.

    ``all_coders``: presence_agreement over every coder, when already computed: with exactly
    two coders it is the one pair's table (with its bootstrap intervals) and is used as is.

    Returns the agreement artifact's columns followed by coder_a, coder_b (coder_a < coder_b);
    pairs in sorted order, each pair's rows in presence_agreement's order. Fewer than two coders
    give an empty table with these columns.
    """
    if "coder" not in presence.columns:
        raise ValueError("presence lacks column coder")
    coders = sorted(presence["coder"].unique())
    pairs = list(combinations(coders, 2))
    if len(pairs) == 1 and all_coders is not None:
        return all_coders.assign(coder_a=pairs[0][0], coder_b=pairs[0][1])[PAIR_COLUMNS]
    frames = []
    for coder_a, coder_b in pairs:
        pair = presence[presence["coder"].isin([coder_a, coder_b])]
        table = presence_agreement(pair, codebook)
        frames.append(table.assign(coder_a=coder_a, coder_b=coder_b))
    if not frames:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    return pd.concat(frames, ignore_index=True)[PAIR_COLUMNS]
