"""Agreement at the segment-overlap unit (MAXQDA's segment mode), per code, per theme, overall.

Units. Per (essay, code) and pair of coders, a segment of one coder is matched with a segment of
the other when their overlap is at least `min_overlap` of their union (intersection over union).
A matched pair is one unit both coders applied; an unmatched segment is one unit its coder
applied and the other did not. A coder's overlapping segments of one code in one essay are merged
first (abutting ones are not).

Matching is greedy: candidate pairs in decreasing overlap share (ties by position), each accepted
when neither segment is matched yet. Why not an optimal assignment: with min_overlap >= 0.5 (the
default, and MAXQDA's practice) a segment can have at most one candidate partner among the other
coder's disjoint segments (two would each need half of it, a tie at exactly 0.5), so greedy *is*
the optimal one-to-one matching; below 0.5 greedy keeps the best-overlapping pairs, which is what
a reader checking a disagreement expects, where a maximum-cardinality matching could pair weaker
overlaps to match more.

Coefficients. No unit where neither coder applied the code can exist in this mode (a structural
zero), so every coefficient whose chance agreement comes from the coders' marginals (Cohen,
Scott, Krippendorff, Fleiss, Conger, Light, Gwet's AC1) would compare the data with a chance
model that has an impossible cell: those are null with that reason. Reported: percent agreement
(matched units / all units) and the uniform-chance coefficients over {applied, not applied},
Brennan-Prediger and PABAK, (2 pa - 1), the Brennan-Prediger style kappa MAXQDA reports for
segments. With more than two coders, units are built for every pair of coders and pooled (each
unit rated by its pair, the others missing); PABAK then is null as for any table of > 2 coders.
Theme and overall: convention "pooled" (all units of the scope's codes as one table).
Bootstrap replicates resample essays.

References:
    Brennan, R. L. & Prediger, D. J. (1981). Coefficient kappa: some uses, misuses, and
        alternatives. Educ. Psychol. Meas. 41, 687-699.
    VERBI Software. MAXQDA manual, "Intercoder agreement": segment-level agreement with a
        minimum overlap of the coded segments, and its kappa (Brennan & Prediger 1981).
Not for: the character level (`unitizing`) or essay presence (`presence`).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from thematic.agreement.bootstrap import Resamples, weighted_totals
from thematic.agreement.coefficients import Design, summarize
from thematic.agreement.estimators import features, totals, values_of
from thematic.agreement.rows import code_order_of, finish, labelled, scopes_of
from thematic.agreement.spans import Spans, prepare_spans
from thematic.agreement.tables import MISSING, Patterns, agreement_weights, encode, patterns

REPORTED = ("percent_agreement", "brennan_prediger", "pabak")
_STRUCTURAL_ZERO = (
    "undefined in segment mode: no unit where neither coder applied the code can exist, so "
    "chance agreement from the coders' marginals has no meaning; see brennan_prediger"
)
_UNIT_NOTE = "units: matched segment pairs (both applied) and unmatched segments (one applied)"


def _pair_units(spans: Spans, a: int, b: int, min_overlap: float):
    """(essay, code, rating of a, rating of b) of the units of coders a and b."""
    frame = pd.DataFrame(
        {"essay": spans.essay, "code": spans.code, "start": spans.start, "end": spans.end}
    )
    frame["row"] = np.arange(len(frame))
    left, right = frame[spans.coder == a], frame[spans.coder == b]
    pairs = left.merge(right, on=["essay", "code"], suffixes=("_a", "_b"))
    overlap = np.minimum(pairs["end_a"], pairs["end_b"]) - np.maximum(
        pairs["start_a"], pairs["start_b"]
    )
    union = (pairs["end_a"] - pairs["start_a"]) + (pairs["end_b"] - pairs["start_b"]) - overlap
    share = overlap / union
    pairs = pairs.assign(share=share)[(overlap > 0) & (share >= min_overlap)]
    pairs = pairs.sort_values(
        ["share", "essay", "code", "start_a", "start_b"],
        ascending=[False, True, True, True, True],
        kind="stable",
    )
    row_a = pairs["row_a"].to_numpy(np.int64)
    row_b = pairs["row_b"].to_numpy(np.int64)
    contested = pd.Series(row_a).duplicated(keep=False).to_numpy() | (
        pd.Series(row_b).duplicated(keep=False).to_numpy()
    )
    accepted = ~contested
    if contested.any():  # only below min_overlap 0.5 or on exact ties: walk these in order
        used_a, used_b = set(), set()
        for k in np.flatnonzero(contested):
            if row_a[k] not in used_a and row_b[k] not in used_b:
                used_a.add(row_a[k])
                used_b.add(row_b[k])
                accepted[k] = True
    matched_a, matched_b = row_a[accepted], row_b[accepted]
    # rows are unique and ascending, so assume_unique keeps them as they are without np.unique
    lone_a = np.setdiff1d(left["row"].to_numpy(), matched_a, assume_unique=True)
    lone_b = np.setdiff1d(right["row"].to_numpy(), matched_b, assume_unique=True)
    rows = np.r_[matched_a, lone_a, lone_b]
    rating_a = np.r_[np.ones(len(matched_a) + len(lone_a)), np.zeros(len(lone_b))]
    rating_b = np.r_[np.ones(len(matched_a)), np.zeros(len(lone_a)), np.ones(len(lone_b))]
    return spans.essay[rows], spans.code[rows], rating_a, rating_b


def segment_units(spans: Spans, min_overlap: float):
    """(essay, code, ratings units x coders with NaN for coders outside the unit's pair)."""
    n_coders = len(spans.coders)
    essays, codes, ratings = [], [], []
    for a, b in combinations(range(n_coders), 2):
        essay, code, rating_a, rating_b = _pair_units(spans, a, b, min_overlap)
        block = np.full((len(essay), n_coders), np.nan)
        block[:, a], block[:, b] = rating_a, rating_b
        essays.append(essay)
        codes.append(code)
        ratings.append(block)
    return np.concatenate(essays), np.concatenate(codes), np.concatenate(ratings)


def _null_marginal_coefficients(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    null = ~frame["name"].isin(REPORTED)
    frame.loc[null, ["value", "se", "ci_low", "ci_high"]] = np.nan
    frame.loc[null, "note"] = _STRUCTURAL_ZERO
    frame.loc[null, "interpretation"] = "undefined"
    frame.loc[~null, "note"] = frame.loc[~null, "note"] + "; " + _UNIT_NOTE
    return frame


def segment_agreement(
    codings: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    min_overlap: float = 0.5,
    resamples: Resamples | None = None,
) -> pd.DataFrame:
    """Agreement on coded segments matched by overlap, per code, per theme and overall.

    Parameters
    ----------
    codings : concatenated Coding artifacts (coder, essay_id, code, start, end, ...), restricted
        to analysed essays; rows with a null code ("read, no code") are ignored.
    codebook : columns code, theme; its row order orders the output.
    min_overlap : share of the union two segments must overlap to match, in (0, 1].
    resamples : seeded bootstrap draws of essays (`bootstrap.Resamples`), shared with the other
        units of analysis; None for no bootstrap.

    Returns
    -------
    The columns of `presence_agreement` with unit "segment_overlap"; scope "code" (convention
    "per_code"), "theme" and "overall" (convention "pooled"). n_units counts the units of the
    scope. Only percent_agreement, brennan_prediger and pabak have values (see the module
    docstring for why the others are null); a code nobody applied has no unit, so every value
    is null there.
    """
    if not 0 < min_overlap <= 1:
        raise ValueError(f"min_overlap must be in (0, 1], not {min_overlap}")
    code_order = code_order_of(codebook)
    spans = prepare_spans(codings, code_order)
    n_coders, n_codes, n_essays = len(spans.coders), len(code_order), len(spans.essays)
    if n_coders < 2:
        raise ValueError("segment agreement needs at least two coders")
    essay, code, ratings = segment_units(spans, min_overlap)
    values = np.array([0.0, 1.0])
    des = Design(values, agreement_weights(values, None), None, "nominal", declared=True)
    pats = patterns(encode(ratings, values), 2)
    if not len(pats.table):  # nobody coded anything: one all-missing pattern keeps the shapes
        pats = Patterns(np.full((1, n_coders), MISSING), np.zeros(0, np.int64))
    feats = features(pats.table, des.weights)
    n_patterns = len(pats.table)
    slot = code * n_patterns + pats.inverse
    counts = np.bincount(slot, minlength=n_codes * n_patterns).astype(float)
    counts = counts.reshape(n_codes, n_patterns)

    boot = None
    if resamples is not None and resamples.n_boot > 0 and n_essays:
        n_slots = n_codes * n_patterns
        by_essay = np.bincount(essay * n_slots + slot, minlength=n_essays * n_slots)
        by_essay = by_essay.reshape(n_essays, n_slots)  # units per essay and (code, pattern)
        boot = weighted_totals(resamples.weights(n_essays), by_essay)
        boot = boot.reshape(resamples.n_boot, n_codes, n_patterns)

    def scored(members: np.ndarray) -> pd.DataFrame:
        reps = None
        if boot is not None:
            reps = values_of(
                totals(feats, boot[:, members].sum(axis=1)), des.weights, des.values, des.level
            )
        frame = summarize(feats, counts[members].sum(axis=0), reps, des, "essays")
        return _null_marginal_coefficients(frame)

    def label(members, scope, scope_id, convention):
        n_units = int(counts[members].sum())
        return labelled(
            scored(members), "segment_overlap", scope, scope_id, convention, n_units, n_coders
        )

    rows = [label(np.array([j]), "code", str(c), "per_code") for j, c in enumerate(code_order)]
    for scope, scope_id, members in scopes_of(codebook):
        rows.append(label(members, scope, scope_id, "pooled"))
    return finish(rows)
