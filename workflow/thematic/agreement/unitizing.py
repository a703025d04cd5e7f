"""Agreement at the character level: Krippendorff's alpha for unitizing text (the u-alpha family).

Each essay's text is a continuum of characters. A coder's *value* at a character is the set of
codes (of the scope) they applied there, the empty set being a gap; a coder's *unit* is a maximal
run of characters with one value within one essay (a coder's overlapping or abutting segments of
one code are one unit). The coefficients of Krippendorff, Mathet, Bouvry & Widloecher (2016), the
family ATLAS.ti reports, all 1 - D_o / D_e on coincidences of overlapping lengths:

- u_alpha: agreement on where units are and which value they carry (gaps included);
- binary_u_alpha (|u-alpha): agreement on coded versus uncoded text, values ignored;
- cu_alpha: agreement on the values where coders' units overlap (gaps left out).

Observed coincidences: u_ck = 1/(m-1) sum over ordered pairs of coders i != j of the length over
which i has value c and j value k. Expected coincidences, given the coders' units:
e_ck = u..(u_c. u_.k - [c = k] S_c) / (u..^2 - S), where S_c sums over the units of value c the
squared unit length (characters of one unit cannot pair by chance with each other) and over gaps
the plain length (a gap is not a unit: its characters can pair with any other), S = sum_c S_c.
For cu_alpha the same with coincidences among coded values only and unit lengths counted over
the part other coders coded too (Krippendorff 2019, section 12.6.5, as implemented in the R
package quallmer's reliability_alpha_u). Nominal differences throughout.

Scopes: per code the value is that code or a gap, so u_alpha = binary_u_alpha (Krippendorff's
per-category cu-alpha of a code) and cu_alpha is undefined (one value, nothing to choose). Per
theme (ATLAS.ti's semantic domain) and overall, the values are the sets of the scope's codes
(convention "codes_as_values"); where codes never overlap in one coder's text this is exactly the
paper's multi-valued uα; overlapping codes become their own set value, so identical codings still
give 1. Also "mean_of_codes": the unweighted mean of the defined per-code u_alpha values. The
essays are concatenated into one continuum (coincidences and gap terms add over essays; units
never cross an essay boundary); bootstrap replicates resample essays. Each scope reduces to
per-essay sums (coincidences, value totals, the S_c terms), so a replicate's coefficients follow
from the essays' draw counts times those sums: every scope's sums side by side, one product.

Undefined (NaN with a reason): D_e <= 0, e.g. nobody applied the code, or every coder coded all
of the text with it (cu_alpha's unit-length correction can even make D_e negative on tiny data,
where the formula would exceed 1).

References:
    Krippendorff, K. (1995). On the reliability of unitizing contiguous data. Sociological
        Methodology 25, 47-76.
    Krippendorff, K. (2004). Content Analysis (2nd ed.), section 12.4. Sage.
    Krippendorff, K., Mathet, Y., Bouvry, S. & Widloecher, A. (2016). On the reliability of
        unitizing textual continua: Further developments. Quality & Quantity 50, 2347-2364.
    Krippendorff, K. (2019). Content Analysis (4th ed.), section 12.6. Sage.
Not for: the essay-presence or segment units (`presence`, `segments`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from thematic.agreement.bands import interpretation
from thematic.agreement.bootstrap import Resamples, weighted_totals
from thematic.agreement.rows import (
    bootstrap_interval,
    code_order_of,
    finish,
    labelled,
    mean_over_codes,
    scopes_of,
)
from thematic.agreement.spans import Spans, prepare_spans

UNITIZING_NAMES = ("u_alpha", "binary_u_alpha", "cu_alpha")
_SOURCE = "Krippendorff et al. (2016) / Krippendorff (2019, 12.6)"
_NOTES = {
    "u_alpha": "units and their values, gaps included",
    "binary_u_alpha": "coded versus uncoded text, values ignored",
    "cu_alpha": "values where coders' units overlap, gaps left out",
}
_KEY_SEED = 20160501  # fixed: a value's key must not depend on anything but the code


def _code_keys(n_codes: int) -> np.ndarray:
    """Random 64-bit key per code; a set of codes is keyed by the (wrapping) sum of its keys."""
    return np.random.default_rng(_KEY_SEED).integers(1, 2**62, size=n_codes, dtype=np.int64)


@dataclass(frozen=True)
class Continuum:
    """All essays end to end: essay e occupies [offset[e], offset[e] + n_chars[e])."""

    offset: np.ndarray
    length: int


def _sorted_distinct(points: np.ndarray) -> np.ndarray:
    """np.unique(points) by a sort: numpy >= 2.3's unique hashes first, ~50x slower here."""
    points = np.sort(points)
    return points[np.r_[True, points[1:] != points[:-1]]]


def _value_pieces(spans: Spans, members: np.ndarray, continuum: Continuum, n_coders: int):
    """Common grid of pieces and each coder's value key on each piece.

    Returns (left, width, essay, keys (n_coders, n_pieces)); a key identifies a set of codes
    (sum of per-code random 64-bit keys, wrapping; 0 = gap).
    """
    chosen = np.isin(spans.code, members)
    where = continuum.offset[spans.essay[chosen]]
    start, end = where + spans.start[chosen], where + spans.end[chosen]
    coder = spans.coder[chosen]
    key = _code_keys(int(spans.code.max(initial=0)) + 1)[spans.code[chosen]]
    grid = _sorted_distinct(np.r_[continuum.offset, continuum.length, start, end])
    left = grid[:-1]
    opening, closing = np.searchsorted(grid, start), np.searchsorted(grid, end)
    keys = np.zeros((n_coders, len(grid)), np.int64)
    for i in range(n_coders):
        mine = coder == i
        # a key enters at its span's first piece and leaves after its last; the running sum of
        # these changes (wrapping, like the keys) is the coder's set of codes on each piece
        np.add.at(keys[i], opening[mine], key[mine])
        np.subtract.at(keys[i], closing[mine], key[mine])
    keys = np.cumsum(keys[:, :-1], axis=1)
    essay = np.searchsorted(continuum.offset, left, side="right") - 1
    return left, np.diff(grid), essay, keys


def _sums_by_essay(
    index: np.ndarray, weights: np.ndarray, n_essays: int, n_cells: int | None = None
) -> np.ndarray:
    """Sums of `weights` per essay (n_essays,), or per (essay, cell) (n_essays, n_cells) for a
    flat index essay * n_cells + cell; added in the order given, as np.add.at would."""
    if n_cells is None:
        return np.bincount(index, weights=weights, minlength=n_essays)
    sums = np.bincount(index, weights=weights, minlength=n_essays * n_cells)
    return sums.reshape(n_essays, n_cells)


def _statistics(spans: Spans, members: np.ndarray, continuum: Continuum, n_coders: int):
    """Per-essay sums (n_essays, K) from which every coefficient of the scope follows.

    Layout: [obs_all, obs_binary, obs_coded, corr_gap, corr_coded, corr_star, row(V),
    row_star(V)] with value 0 the gap; V = number of distinct values (sets of codes) observed.
    The S_c corrections enter the coefficients only through their sums over the gap, over the
    coded values and over all values, so those three sums are all that is kept of them.
    """
    n_essays = len(continuum.offset)
    left, width, essay, keys = _value_pieces(spans, members, continuum, n_coders)
    # value 0 is the gap (key 0); the sets of codes follow in key order. Keys wrap, so a set of
    # three or more codes can have a negative key: ranking keys with 0 among them would put such
    # a set first and count it as the gap. The distinct keys are found by hashing (few) rather
    # than by sorting every piece.
    sets = np.sort(pd.unique(keys.ravel()))
    sets = sets[sets != 0]
    value = np.where(keys == 0, 0, np.searchsorted(sets, keys) + 1)
    n_values = len(sets) + 1
    coded = keys != 0
    same = np.zeros(len(left))
    same_coded = np.zeros(len(left))
    same_binary = np.zeros(len(left))
    for i in range(n_coders):
        for j in range(n_coders):
            if i != j:
                same += keys[i] == keys[j]
                same_coded += (keys[i] == keys[j]) & coded[i]
                same_binary += coded[i] == coded[j]
    n_coded = coded.sum(axis=0)
    scale = 1.0 / max(n_coders - 1, 1)
    share = width * scale
    observed = [
        _sums_by_essay(essay, agree * share, n_essays) for agree in (same, same_binary, same_coded)
    ]
    new_essay = np.r_[True, essay[1:] != essay[:-1]]
    cells, row_width, star_width = [], [], []
    run_essay, run_gap, run_corr, run_star = [], [], [], []
    for i in range(n_coders):
        others_coded = n_coded - coded[i]
        cells.append(essay * n_values + value[i])
        row_width.append(width)
        star_width.append(width * coded[i] * others_coded * scale)
        opens = new_essay | np.r_[True, keys[i, 1:] != keys[i, :-1]]
        run = np.cumsum(opens) - 1
        run_length = np.bincount(run, weights=width)
        pairable = np.bincount(run, weights=width * (others_coded > 0))
        gap = value[i][opens] == 0
        run_essay.append(essay[opens])
        run_gap.append(gap)
        run_corr.append(np.where(gap, run_length, run_length**2))
        run_star.append(np.where(gap, 0.0, pairable**2))
    cells, run_essay = np.concatenate(cells), np.concatenate(run_essay)
    run_gap, run_corr = np.concatenate(run_gap), np.concatenate(run_corr)
    corr_gap = _sums_by_essay(run_essay[run_gap], run_corr[run_gap], n_essays)
    corr_coded = _sums_by_essay(run_essay[~run_gap], run_corr[~run_gap], n_essays)
    corr_star = _sums_by_essay(run_essay, np.concatenate(run_star), n_essays)
    row = _sums_by_essay(cells, np.concatenate(row_width), n_essays, n_values)
    row_star = _sums_by_essay(cells, np.concatenate(star_width), n_essays, n_values)
    columns = np.stack([*observed, corr_gap, corr_coded, corr_star], axis=1)
    return np.concatenate([columns, row, row_star], axis=1), n_values


def _one_minus(observed, expected):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            expected > 1e-9 * np.maximum(1.0, np.abs(observed)), 1 - observed / expected, np.nan
        )


def unitizing_alphas(stats: np.ndarray, n_values: int) -> np.ndarray:
    """(u_alpha, binary_u_alpha, cu_alpha) from summed statistics (..., K) -> (..., 3)."""
    obs_all, obs_binary, obs_coded = stats[..., 0], stats[..., 1], stats[..., 2]
    corr_gap, corr_coded, corr_star = stats[..., 3], stats[..., 4], stats[..., 5]
    row = stats[..., 6 : 6 + n_values]
    row_star = stats[..., 6 + n_values : 6 + 2 * n_values]
    total = row.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = total / (total**2 - (corr_gap + corr_coded))
        expected_same = scale * ((row**2).sum(axis=-1) - (corr_gap + corr_coded))
        coded_row = row[..., 1:].sum(axis=-1)
        expected_binary = scale * (row[..., 0] ** 2 - corr_gap + coded_row**2 - corr_coded)
        star_total = row_star.sum(axis=-1)
        star_scale = star_total / (star_total**2 - corr_star)
        expected_coded = star_scale * ((row_star**2).sum(axis=-1) - corr_star)
    u = _one_minus(total - obs_all, total - expected_same)
    binary = _one_minus(total - obs_binary, total - expected_binary)
    cu = _one_minus(star_total - obs_coded, star_total - expected_coded)
    return np.stack([u, binary, cu], axis=-1)


_COEFFICIENT_COLUMNS = ["coefficient", "value", "se", "ci_low", "ci_high", "note", "interpretation"]


def _rows(point, replicates, reasons, scope, scope_id, convention, n_units, n_coders, extra=""):
    low, high, undefined, ci_note = bootstrap_interval(replicates, len(point))
    rows = []
    for k, name in enumerate(UNITIZING_NAMES):
        if not np.isfinite(point[k]):
            note = f"undefined: {reasons[name]}; {_NOTES[name]}; {_SOURCE}"
            lo = hi = np.nan
        else:
            parts = [_NOTES[name], _SOURCE, "se: no analytic formula, see the bootstrap CI"]
            parts.append(ci_note)
            if undefined[k]:
                parts.append(f"{undefined[k]} replicates undefined and left out of the CI")
            note, lo, hi = "; ".join(parts + ([extra] if extra else [])), low[k], high[k]
        rows.append(
            (name, point[k], np.nan, lo, hi, note, interpretation("krippendorff_alpha", point[k]))
        )
    frame = pd.DataFrame(rows, columns=_COEFFICIENT_COLUMNS)
    return labelled(frame, "characters", scope, scope_id, convention, n_units, n_coders)


def _scored_scopes(spans, continuum, n_coders, scopes, resamples):
    """Point alphas (n_scopes, 3) and bootstrap replicates (n_boot, n_scopes, 3) or None.

    Every scope's per-essay statistics go side by side into one matrix, so the replicates are one
    product of the essays' draw counts with it, not one product per scope.
    """
    blocks = [_statistics(spans, members, continuum, n_coders) for _, _, members in scopes]
    edges = np.cumsum([0] + [stats.shape[1] for stats, _ in blocks])
    n_values = [values for _, values in blocks]
    stacked = np.empty((len(continuum.offset), edges[-1]))
    for k, (stats, _) in enumerate(blocks):
        stacked[:, edges[k] : edges[k + 1]] = stats
    del blocks[:]  # the stacked copy is all that is needed from here
    totals = stacked.sum(axis=0)
    sums = None
    if resamples is not None and resamples.n_boot > 0 and len(continuum.offset):
        sums = weighted_totals(resamples.weights(len(continuum.offset)), stacked)
    point, replicates = [], []
    for k, values in enumerate(n_values):
        columns = slice(edges[k], edges[k + 1])
        point.append(unitizing_alphas(totals[columns], values))
        if sums is not None:
            replicates.append(unitizing_alphas(sums[:, columns], values))
    return np.stack(point), np.stack(replicates, axis=1) if sums is not None else None


_NO_VARIATION = "no expected disagreement (nobody applied it, or all coders coded all the text)"


def character_agreement(
    codings: pd.DataFrame,
    essays: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    resamples: Resamples | None = None,
) -> pd.DataFrame:
    """Krippendorff's unitizing alphas on the essays' characters, per code, theme and overall.

    Parameters
    ----------
    codings : concatenated Coding artifacts (coder, essay_id, code, start, end, ...) over the
        analysed essays; rows with a null code are ignored. Offsets are code points, end exclusive.
    essays : essay_id, n_chars of every analysed essay (the continua).
    codebook : columns code, theme; its row order orders the output.
    resamples : seeded bootstrap draws of essays (`bootstrap.Resamples`), shared with the other
        units of analysis; None for no bootstrap.

    Returns
    -------
    The columns of `presence_agreement` with unit "characters", coefficients u_alpha,
    binary_u_alpha and cu_alpha (see the module docstring), se always null (no analytic formula),
    n_units = characters in the continuum. Scope "code" (convention "per_code"), "theme" and
    "overall" (conventions "codes_as_values" and "mean_of_codes"). Bands: Krippendorff's.
    """
    code_order = code_order_of(codebook)
    if not {"essay_id", "n_chars"} <= set(essays.columns):
        raise ValueError("essays needs columns essay_id and n_chars")
    essays = essays.sort_values("essay_id", kind="stable")
    essay_ids = pd.Index(essays["essay_id"])
    if not essay_ids.is_unique:
        raise ValueError("essays has duplicate essay_id")
    n_chars = essays["n_chars"].to_numpy(np.int64)
    spans = prepare_spans(codings, code_order, touching=True)
    where = essay_ids.get_indexer(spans.essays)
    if (where < 0).any():
        raise ValueError(f"codings has essays not in essays: {list(spans.essays[where < 0][:5])}")
    essay = where[spans.essay]
    if (spans.end > n_chars[essay]).any():
        raise ValueError("codings has spans that end past their essay's n_chars")
    spans = Spans(essay, spans.code, spans.coder, spans.start, spans.end, essay_ids, spans.coders)
    n_coders = len(spans.coders)
    if n_coders < 2:
        raise ValueError("character agreement needs at least two coders")
    continuum = Continuum(np.r_[0, np.cumsum(n_chars)[:-1]], int(n_chars.sum()))
    code_scopes = [("code", str(code), np.array([j])) for j, code in enumerate(code_order)]
    scopes = code_scopes + scopes_of(codebook)
    point, replicates = _scored_scopes(spans, continuum, n_coders, scopes, resamples)

    frames = []
    code_reasons = dict.fromkeys(UNITIZING_NAMES, _NO_VARIATION)
    code_reasons["cu_alpha"] = "one value (the code): coded characters have no value to differ in"
    reasons = dict.fromkeys(UNITIZING_NAMES, _NO_VARIATION)
    reasons["cu_alpha"] = "no coded character has two coders' values that could differ"
    n_codes = len(code_order)
    per_code_point = point[:n_codes, 0]
    per_code_reps = None if replicates is None else replicates[:, :n_codes, 0]
    for k, (scope, scope_id, members) in enumerate(scopes):
        reps = None if replicates is None else replicates[:, k]
        per_code = scope == "code"
        convention, why = ("per_code", code_reasons) if per_code else ("codes_as_values", reasons)
        length = continuum.length
        frames.append(_rows(point[k], reps, why, scope, scope_id, convention, length, n_coders))
        if per_code:
            continue
        frames.append(
            _mean_rows(
                per_code_point[members],
                None if per_code_reps is None else per_code_reps[:, members],
                scope,
                scope_id,
                continuum.length,
                n_coders,
            )
        )
    return finish(frames)


def _mean_rows(values, replicates, scope, scope_id, n_units, n_coders):
    """u_alpha averaged over the scope's codes with a defined value."""
    point = mean_over_codes(values, axis=0)
    reps = None if replicates is None else mean_over_codes(replicates, axis=1)[:, None]
    parts = [f"unweighted mean of per-code u_alpha over {len(values)} codes"]
    left_out = int((~np.isfinite(values)).sum())
    if left_out:
        parts.append(f"{left_out} codes with an undefined value left out")
    low = high = np.nan
    if not np.isfinite(point):
        parts = ["undefined: no code with a defined u_alpha"] + parts
    elif reps is not None:
        lows, highs, _, ci_note = bootstrap_interval(reps, 1)
        low, high = lows[0], highs[0]
        parts.append(ci_note)
    row = ("u_alpha", point, np.nan, low, high, "; ".join(parts))
    frame = pd.DataFrame(
        [(*row, interpretation("krippendorff_alpha", point))], columns=_COEFFICIENT_COLUMNS
    )
    return labelled(frame, "characters", scope, scope_id, "mean_of_codes", n_units, n_coders)
