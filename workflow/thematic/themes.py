"""Theme tabulation: essays per code and per theme, for the consensus and for each coder, and
code co-occurrence. N is the number of analysed essays (coded by every coder, not withheld).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thematic import schemas
from thematic.codebook import theme_labels
from thematic.schemas import columns


def _percent(n: pd.Series, total: int) -> pd.Series:
    return (100.0 * n / total).round(1) if total else pd.Series(np.nan, index=n.index)


def _sources(consensus: pd.DataFrame, presence: pd.DataFrame) -> pd.DataFrame:
    """Long table essay_id, code, source, present, pending across consensus and coders."""
    agreed = consensus.assign(
        source="consensus",
        pending=consensus["present"].isna(),
        present=consensus["present"].fillna(False).astype(bool),
    )[["essay_id", "code", "source", "present", "pending"]]
    coders = presence.assign(source=presence["coder"], present=presence["applied"], pending=False)
    return pd.concat([agreed, coders[agreed.columns]], ignore_index=True)


def source_order(presence: pd.DataFrame) -> list[str]:
    return ["consensus", *sorted(presence["coder"].unique())]


def code_counts(
    consensus: pd.DataFrame, presence: pd.DataFrame, codebook: pd.DataFrame, n_total: int
) -> pd.DataFrame:
    """One row per (code, source): n_essays, n_pending, n_total, percent."""
    long = _sources(consensus, presence)
    counts = long.groupby(["code", "source"]).agg(
        n_essays=("present", "sum"), n_pending=("pending", "sum")
    )
    sources = source_order(presence)
    grid = pd.MultiIndex.from_product([list(codebook["code"]), sources], names=["code", "source"])
    table = counts.reindex(grid, fill_value=0).astype("int64").reset_index()
    table = table.merge(codebook[["code", "label", "theme"]], on="code", how="left")
    table["n_total"] = n_total
    table["percent"] = _percent(table["n_essays"], n_total)
    return table[columns(schemas.CodeCounts)]


def theme_counts(
    consensus: pd.DataFrame, presence: pd.DataFrame, codebook: pd.DataFrame, n_total: int
) -> pd.DataFrame:
    """One row per (theme, source): essays where at least one code of the theme is present."""
    long = _sources(consensus, presence).merge(codebook[["code", "theme"]], on="code")
    per_essay = long.groupby(["theme", "source", "essay_id"])["present"].any()
    counts = per_essay.groupby(["theme", "source"]).sum()
    themes = codebook.drop_duplicates("theme").sort_values("theme_order")
    grid = pd.MultiIndex.from_product(
        [list(themes["theme"]), source_order(presence)], names=["theme", "source"]
    )
    table = counts.reindex(grid, fill_value=0).astype("int64").rename("n_essays").reset_index()
    table["label"] = table["theme"].map(theme_labels(codebook))
    table["n_total"] = n_total
    table["percent"] = _percent(table["n_essays"], n_total)
    return table[columns(schemas.ThemeCounts)]


def cooccurrence(consensus: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Consensus essays carrying both codes, for every pair a <= b in codebook order."""
    codes = list(codebook["code"])
    matrix = (
        consensus.assign(present=consensus["present"].fillna(False).astype(bool))
        .pivot(index="essay_id", columns="code", values="present")
        .reindex(columns=codes, fill_value=False)
        .to_numpy(dtype=np.int64)
    )
    both = matrix.T @ matrix
    each = np.diag(both)
    upper_a, upper_b = np.triu_indices(len(codes))
    n_both = both[upper_a, upper_b]
    union = each[upper_a] + each[upper_b] - n_both
    with np.errstate(invalid="ignore", divide="ignore"):
        jaccard = np.where(union > 0, n_both / np.maximum(union, 1), np.nan)
    return pd.DataFrame(
        {
            "code_a": [codes[i] for i in upper_a],
            "code_b": [codes[j] for j in upper_b],
            "n_essays": n_both.astype(np.int64),
            "jaccard": np.round(jaccard, 6),
        }
    )
