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
never cross an essay boundary); bootstrap replicates resample essays.

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
from thematic.agreement.bootstrap import percentile_interval
from thematic.agreement.spans import Spans, code_order_of, finish, prepare_spans, scopes_of

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
    bounds = np.r_[continuum.offset, continuum.length]
    grid = np.unique(np.r_[bounds, start, end])
    left = grid[:-1]
    keys = np.zeros((n_coders, len(left)), np.int64)
    for i in range(n_coders):
        mine = coder == i
        position = np.r_[start[mine], end[mine]]
        delta = np.r_[key[mine], -key[mine]]
        order = np.argsort(position, kind="stable")
        position, running = position[order], np.cumsum(delta[order])
        if not len(position):
            continue
        last = np.r_[position[1:] != position[:-1], True]  # value after all events at a point
        position, running = position[last], running[last]
        at = np.searchsorted(position, left, side="right") - 1
        keys[i] = np.where(at >= 0, running[np.maximum(at, 0)], 0)
    essay = np.searchsorted(continuum.offset, left, side="right") - 1
    return left, np.diff(grid), essay, keys


def _statistics(spans: Spans, members: np.ndarray, continuum: Continuum, n_coders: int):
    """Per-essay sums (n_essays, K) from which every coefficient of the scope follows.

    Layout: [obs_all, obs_binary, obs_coded, row(V), corr(V), row_star(V), corr_star(V)] with
    value 0 the gap; V = number of distinct values (sets of codes) observed.
    """
    n_essays = len(continuum.offset)
    left, width, essay, keys = _value_pieces(spans, members, continuum, n_coders)
    values, value = np.unique(np.r_[0, keys.ravel()], return_inverse=True)
    value = value[1:].reshape(keys.shape)  # values[0] == 0: the gap is value 0
    n_values = len(values)
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
    obs = np.stack([same, same_binary, same_coded], axis=1) * (width * scale)[:, None]
    stats = np.zeros((n_essays, 3 + 4 * n_values))
    np.add.at(stats[:, :3], essay, obs)
    new_essay = np.r_[True, essay[1:] != essay[:-1]]
    row = np.zeros((n_essays, n_values))
    corr = np.zeros((n_essays, n_values))
    row_star = np.zeros((n_essays, n_values))
    corr_star = np.zeros((n_essays, n_values))
    for i in range(n_coders):
        others_coded = n_coded - coded[i]
        np.add.at(row, (essay, value[i]), width)
        np.add.at(row_star, (essay, value[i]), width * coded[i] * others_coded * scale)
        opens = new_essay | np.r_[True, keys[i, 1:] != keys[i, :-1]]
        run = np.cumsum(opens) - 1
        run_length = np.bincount(run, weights=width)
        pairable = np.bincount(run, weights=width * (others_coded > 0))
        run_value, run_essay = value[i][opens], essay[opens]
        gap = run_value == 0
        np.add.at(corr, (run_essay, run_value), np.where(gap, run_length, run_length**2))
        np.add.at(corr_star, (run_essay, run_value), np.where(gap, 0.0, pairable**2))
    stats[:, 3:] = np.concatenate([row, corr, row_star, corr_star], axis=1)
    return stats, n_values


def _one_minus(observed, expected):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            expected > 1e-9 * np.maximum(1.0, np.abs(observed)), 1 - observed / expected, np.nan
        )


def unitizing_alphas(stats: np.ndarray, n_values: int) -> np.ndarray:
    """(u_alpha, binary_u_alpha, cu_alpha) from summed statistics (..., K) -> (..., 3)."""
    obs_all, obs_binary, obs_coded = stats[..., 0], stats[..., 1], stats[..., 2]
    blocks = stats[..., 3:].reshape(stats.shape[:-1] + (4, n_values))
    row, corr, row_star, corr_star = (blocks[..., k, :] for k in range(4))
    total = row.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = total / (total**2 - corr.sum(axis=-1))
        expected_same = scale * (row**2 - corr).sum(axis=-1)
        coded_row = row[..., 1:].sum(axis=-1)
        expected_binary = scale * (
            row[..., 0] ** 2 - corr[..., 0] + coded_row**2 - corr[..., 1:].sum(axis=-1)
        )
        star_total = row_star.sum(axis=-1)
        star_scale = star_total / (star_total**2 - corr_star.sum(axis=-1))
        expected_coded = star_scale * (row_star**2 - corr_star).sum(axis=-1)
    u = _one_minus(total - obs_all, total - expected_same)
    binary = _one_minus(total - obs_binary, total - expected_binary)
    cu = _one_minus(star_total - obs_coded, star_total - expected_coded)
    return np.stack([u, binary, cu], axis=-1)


def _rows(point, replicates, reasons, scope, scope_id, convention, n_units, n_coders, extra=""):
    low = high = np.full(len(point), np.nan)
    ci_note = "CI: none without bootstrap"
    undefined = np.zeros(len(point), int)
    if replicates is not None and len(replicates):
        low, high, undefined = percentile_interval(replicates)
        ci_note = f"CI: bootstrap percentile 95%, {len(replicates)} resamples of essays"
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
    frame = pd.DataFrame(
        rows, columns=["coefficient", "value", "se", "ci_low", "ci_high", "note", "interpretation"]
    )
    return frame.assign(
        unit="characters",
        scope=scope,
        scope_id=scope_id,
        convention=convention,
        n_units=n_units,
        n_coders=n_coders,
    )


_NO_VARIATION = "no expected disagreement (nobody applied it, or all coders coded all the text)"


def character_agreement(
    codings: pd.DataFrame,
    essays: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    n_boot: int = 0,
    seed: int = 0,
) -> pd.DataFrame:
    """Krippendorff's unitizing alphas on the essays' characters, per code, theme and overall.

    Parameters
    ----------
    codings : concatenated Coding artifacts (coder, essay_id, code, start, end, ...) over the
        analysed essays; rows with a null code are ignored. Offsets are code points, end exclusive.
    essays : essay_id, n_chars of every analysed essay (the continua).
    codebook : columns code, theme; its row order orders the output.
    n_boot, seed : bootstrap resamples of essays (0 = none) and the numpy default_rng seed.

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
    weights = None
    if n_boot > 0 and len(n_chars):
        rng = np.random.default_rng(seed)
        draws = [rng.integers(0, len(n_chars), len(n_chars)) for _ in range(n_boot)]
        weights = np.stack([np.bincount(d, minlength=len(n_chars)) for d in draws]).astype(float)

    def scored(members):
        stats, n_values = _statistics(spans, members, continuum, n_coders)
        point = unitizing_alphas(stats.sum(axis=0), n_values)
        reps = unitizing_alphas(weights @ stats, n_values) if weights is not None else None
        return point, reps

    frames = []
    per_code_point, per_code_reps = [], []
    code_reasons = dict.fromkeys(UNITIZING_NAMES, _NO_VARIATION)
    code_reasons["cu_alpha"] = "one value (the code): coded characters have no value to differ in"
    for j, code in enumerate(code_order):
        point, reps = scored(np.array([j]))
        per_code_point.append(point[0])
        per_code_reps.append(None if reps is None else reps[:, 0])
        frames.append(
            _rows(
                point, reps, code_reasons, "code", str(code), "per_code", continuum.length, n_coders
            )
        )
    reasons = dict.fromkeys(UNITIZING_NAMES, _NO_VARIATION)
    reasons["cu_alpha"] = "no coded character has two coders' values that could differ"
    for scope, scope_id, members in scopes_of(codebook):
        point, reps = scored(members)
        frames.append(
            _rows(
                point, reps, reasons, scope, scope_id, "codes_as_values", continuum.length, n_coders
            )
        )
        frames.append(
            _mean_rows(
                np.array(per_code_point)[members],
                None if weights is None else np.stack([per_code_reps[k] for k in members], 1),
                scope,
                scope_id,
                continuum.length,
                n_coders,
            )
        )
    return finish(frames)


def _mean_rows(values, replicates, scope, scope_id, n_units, n_coders):
    """u_alpha averaged over the scope's codes with a defined value."""
    with np.errstate(invalid="ignore"):
        point = np.nanmean(values) if np.isfinite(values).any() else np.nan
        reps = None
        if replicates is not None:
            defined = np.isfinite(replicates)
            total = np.where(defined, replicates, 0.0).sum(axis=1)
            count = defined.sum(axis=1)
            reps = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    low = high = np.nan
    parts = [f"unweighted mean of per-code u_alpha over {len(values)} codes"]
    left_out = int((~np.isfinite(values)).sum())
    if left_out:
        parts.append(f"{left_out} codes with an undefined value left out")
    if not np.isfinite(point):
        parts = ["undefined: no code with a defined u_alpha"] + parts
    elif reps is not None:
        low, high, _ = percentile_interval(reps[:, None])
        low, high = low[0], high[0]
        parts.append(f"CI: bootstrap percentile 95%, {len(reps)} resamples of essays")
    frame = pd.DataFrame(
        [
            (
                "u_alpha",
                point,
                np.nan,
                low,
                high,
                "; ".join(parts),
                interpretation("krippendorff_alpha", point),
            )
        ],
        columns=["coefficient", "value", "se", "ci_low", "ci_high", "note", "interpretation"],
    )
    return frame.assign(
        unit="characters",
        scope=scope,
        scope_id=scope_id,
        convention="mean_of_codes",
        n_units=n_units,
        n_coders=n_coders,
    )
