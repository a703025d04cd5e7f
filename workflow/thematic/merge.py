"""Merging coders: which essays are analysed, who applied what, where coders differ, and the
consensus after adjudication.

A unit is an (essay, code) pair. Coders agree on a unit when all of them applied the code or
none did; every other unit needs an adjudicator's decision and stays ``pending`` until it has
one. Not for agreement statistics (see :mod:`thematic.agreement`), nor for reading decisions or
writing the pending sheet (see :mod:`thematic.adjudication`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from thematic import schemas
from thematic.codebook import lookup
from thematic.schemas import columns


def coverage(
    essays: pd.DataFrame,
    codings: dict[str, pd.DataFrame],
    excluded_statuses: Sequence[str] = ("quarantined",),
) -> pd.DataFrame:
    """Per essay: analysed (every coder coded it), partially_coded, awaiting_coding, quarantined."""
    coders = sorted(codings)
    done = {c: set(codings[c]["essay_id"]) for c in coders}
    rows = []
    for essay_id, status in zip(essays["essay_id"], essays["deid_status"], strict=True):
        have = [c for c in coders if essay_id in done[c]]
        missing = [c for c in coders if essay_id not in done[c]]
        if status in excluded_statuses:
            state = "quarantined"
        elif coders and not missing:
            state = "analysed"
        elif have:
            state = "partially_coded"
        else:
            state = "awaiting_coding"
        rows.append(
            {
                "essay_id": essay_id,
                "status": state,
                "coders_done": ", ".join(have),
                "coders_missing": ", ".join(missing),
            }
        )
    return pd.DataFrame(rows, columns=columns(schemas.Coverage))


def presence(
    coverage_table: pd.DataFrame, codings: dict[str, pd.DataFrame], codebook: pd.DataFrame
) -> pd.DataFrame:
    """Essay x code x coder over analysed essays: applied (bool) and n_segments."""
    analysed = coverage_table.loc[coverage_table["status"] == "analysed", "essay_id"]
    grid = pd.MultiIndex.from_product(
        [sorted(analysed), list(codebook["code"]), sorted(codings)],
        names=["essay_id", "code", "coder"],
    )
    segments = pd.concat(
        [c[["essay_id", "code", "coder"]] for c in codings.values()], ignore_index=True
    ).dropna(subset=["code"])
    counts = segments.groupby(["essay_id", "code", "coder"]).size()
    n_segments = counts.reindex(grid, fill_value=0).astype("int64")
    table = n_segments.rename("n_segments").reset_index()
    table["applied"] = table["n_segments"] > 0
    return table[columns(schemas.Presence)]


def unit_votes(presence_table: pd.DataFrame) -> pd.DataFrame:
    """Per (essay, code): how many coders applied the code, out of how many."""
    votes = presence_table.groupby(["essay_id", "code"], sort=False).agg(
        n_applied=("applied", "sum"), n_coders=("applied", "size")
    )
    return votes.reset_index()


def is_split(n_applied: pd.Series, n_coders: pd.Series | int) -> pd.Series:
    """Whether a unit is split between coders: some applied the code and some did not. The one
    definition of a disagreement; every other unit is agreed (all applied it, or none did)."""
    return (n_applied > 0) & (n_applied < n_coders)


def disagreements(
    presence_table: pd.DataFrame,
    codebook: pd.DataFrame,
    decisions: pd.DataFrame,
    fingerprints: pd.DataFrame,
) -> pd.DataFrame:
    """Units where coders differ, with the adjudicator's decision where one applies.

    ``decisions``: the applied decisions, at most one per unit (see
    :func:`thematic.adjudication.decisions.match_decisions`); ``fingerprints``: essay_id,
    code, fingerprint of these units (:func:`~thematic.adjudication.decisions.unit_fingerprints`).
    """
    applied = presence_table.pivot(index=["essay_id", "code"], columns="coder", values="applied")
    split = applied[is_split(applied.sum(axis=1), applied.shape[1])]
    coders = sorted(split.columns)
    flags = split[coders].to_numpy(dtype=bool)
    table = split.index.to_frame(index=False)
    table["theme"] = table["code"].map(lookup(codebook, "theme"))
    table["coders_applied"] = _names_where(flags, coders)
    table["coders_not_applied"] = _names_where(~flags, coders)
    ruled = decisions[["essay_id", "code", "decision"]]
    table = table.merge(ruled, on=["essay_id", "code"], how="left")
    table["status"] = np.where(table["decision"].notna(), "adjudicated", "pending")
    table = table.merge(fingerprints, on=["essay_id", "code"], how="left")
    return _in_codebook_order(table[columns(schemas.Disagreements)], codebook)


def _names_where(flags: np.ndarray, names: Sequence[str]) -> list[str]:
    """Per row, the names whose flag is set, ', '-joined (few coders, many rows)."""
    return [", ".join(n for n, f in zip(names, row, strict=True) if f) for row in flags.tolist()]


def consensus(
    presence_table: pd.DataFrame, codebook: pd.DataFrame, decisions: pd.DataFrame
) -> pd.DataFrame:
    """The consensus essay x code table, each cell with how it was reached.

    Agreed units take the coders' common value (``agreed``); split units take the applied
    decision (``adjudicated``, with its adjudicator and rationale), else stay ``pending`` with
    ``present`` null. ``decisions``: the applied decisions, at most one per unit in dispute.
    """
    votes = unit_votes(presence_table)
    decided = votes.merge(decisions, on=["essay_id", "code"], how="left")
    split = is_split(decided["n_applied"], decided["n_coders"])
    has_decision = decided["decision"].notna() & split
    decided["decided_by"] = np.select(
        [~split, has_decision], ["agreed", "adjudicated"], default="pending"
    )
    present = pd.array(decided["n_applied"] > 0, dtype="boolean")
    present[split.to_numpy()] = pd.NA
    ruled = has_decision.to_numpy()
    present[ruled] = (decided.loc[ruled, "decision"] == "present").to_numpy()
    decided["present"] = present
    for column in ("adjudicator", "rationale"):
        decided[column] = decided[column].where(decided["decided_by"] == "adjudicated", None)
    decided["theme"] = decided["code"].map(lookup(codebook, "theme"))
    decided = decided.rename(columns={"n_applied": "n_coders_applied"})
    return _in_codebook_order(decided[columns(schemas.Consensus)], codebook)


def _in_codebook_order(frame: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    order = lookup(codebook, "code_order")
    return (
        frame.assign(_order=frame["code"].map(order))
        .sort_values(["essay_id", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
