"""Agreement at the essay-presence unit: did each coder apply code c to essay e (MAXQDA's
"code exists in document")? Scored per code, per theme and overall, under named conventions.

Conventions for a theme or the whole codebook:
- pooled: coefficients over all (essay, code) units of the scope, as one table;
- mean_of_codes: unweighted mean of the per-code values (codes with an undefined value left out);
- devries_pooled: (mean pa - mean pe) / (1 - mean pe) over the codes, De Vries, H., Elliott, M. N.,
  Kanouse, D. E. & Teleki, S. S. (2008). Using pooled kappa to summarize interrater agreement
  across many items. Field Methods 20(3), 272-282. (For alpha: 1 - mean D_o / mean D_e.)
Bootstrap replicates resample essays, so the (essay, code) units of one essay move together; the
same replicates serve every scope. Not for: segment or character units of analysis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thematic.agreement.bands import interpretation
from thematic.agreement.bootstrap import Resamples, percentile_interval, weighted_totals
from thematic.agreement.coefficients import Design, summarize
from thematic.agreement.estimators import NAMES, chance_parts, features, kappa, totals, values_of
from thematic.agreement.tables import agreement_weights, patterns

OUTPUT_COLUMNS = [
    "unit",
    "scope",
    "scope_id",
    "convention",
    "coefficient",
    "value",
    "se",
    "ci_low",
    "ci_high",
    "n_units",
    "n_coders",
    "note",
    "interpretation",
]


def _presence_cube(presence: pd.DataFrame, code_order: pd.Index) -> tuple[np.ndarray, int]:
    """(n_codes, n_essays, n_coders) 0/1 array of `applied`; essays and coders in sorted order."""
    missing = {"essay_id", "code", "coder", "applied"} - set(presence.columns)
    if missing:
        raise ValueError(f"presence lacks columns {sorted(missing)}")
    code_idx = code_order.get_indexer(presence["code"])
    if (code_idx < 0).any():
        unknown = presence.loc[code_idx < 0, "code"].unique()[:5].tolist()
        raise ValueError(f"presence has codes not in the codebook: {unknown}")
    essay_idx, essays = pd.factorize(presence["essay_id"], sort=True)
    coder_idx, coders = pd.factorize(presence["coder"], sort=True)
    shape = (len(code_order), len(essays), len(coders))
    flat = np.ravel_multi_index((code_idx, essay_idx, coder_idx), shape)
    seen = np.bincount(flat, minlength=int(np.prod(shape)))
    if (seen > 1).any():
        raise ValueError("presence has more than one row for some (essay_id, code, coder)")
    if (seen == 0).any():
        gap = np.unravel_index(int(np.argmin(seen)), shape)
        raise ValueError(
            "presence is incomplete: every coder must rate every essay x code; e.g. no row for "
            f"essay {essays[gap[1]]!r}, code {code_order[gap[0]]!r}, coder {coders[gap[2]]!r}"
        )
    cube = np.empty(int(np.prod(shape)), np.int64)
    cube[flat] = presence["applied"].astype(bool).to_numpy()
    return cube.reshape(shape), len(essays)


_NO_DEVRIES = {"light_kappa": "a mean of pairwise kappas has no single (pa, pe) to pool"}


def _scope_rows(
    frame: pd.DataFrame, scope: str, scope_id: str, convention: str, n_units: int, n_coders: int
) -> pd.DataFrame:
    frame = frame.rename(columns={"name": "coefficient"})
    return frame.assign(
        unit="essay_presence",
        scope=scope,
        scope_id=scope_id,
        convention=convention,
        n_units=n_units,
        n_coders=n_coders,
    )


def _summary_over_codes(
    point: np.ndarray,
    replicates: np.ndarray | None,
    note: str,
    left_out: np.ndarray | None = None,
    why_undefined: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Rows of a convention without analytic SE: point (len(NAMES),), replicates (B, len(NAMES))."""
    why_undefined = why_undefined or {}
    low = high = np.full(len(NAMES), np.nan)
    ci_note = "CI: none without bootstrap"
    if replicates is not None and len(replicates):
        low, high, _ = percentile_interval(replicates)
        ci_note = f"CI: bootstrap percentile 95%, {len(replicates)} resamples of essays"
    rows = []
    for i, name in enumerate(NAMES):
        parts = [note, "se: no analytic formula, see the bootstrap CI", ci_note]
        if left_out is not None and left_out[i]:
            parts.insert(1, f"{left_out[i]} codes with an undefined value left out")
        if not np.isfinite(point[i]):
            reason = why_undefined.get(name, "no code with a defined value")
            parts = [f"undefined: {reason}", note]
        rows.append(
            (
                name,
                point[i],
                np.nan,
                low[i] if np.isfinite(point[i]) else np.nan,
                high[i] if np.isfinite(point[i]) else np.nan,
                "; ".join(parts),
                interpretation(name, point[i]),
            )
        )
    return pd.DataFrame(
        rows, columns=["name", "value", "se", "ci_low", "ci_high", "note", "interpretation"]
    )


def _mean_of_codes(values: np.ndarray, axis: int = -2) -> np.ndarray:
    """Mean over the code axis of defined values; NaN if no code is defined."""
    defined = np.isfinite(values)
    total = np.where(defined, values, 0.0).sum(axis=axis)
    count = defined.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _devries(tot, des: Design) -> np.ndarray:
    """De Vries et al. (2008) pooled coefficients over the code axis (-1) of `tot`'s batch."""
    parts = chance_parts(tot, des.weights, des.values, des.level)
    out = []
    for name in NAMES:
        if name == "light_kappa":
            out.append(np.full(parts["percent_agreement"][0].shape[:-1], np.nan))
            continue
        pa, pe = parts[name]
        usable = np.isfinite(pa) & np.isfinite(pe)
        pa_mean = _mean_of_codes(np.where(usable, pa, np.nan), axis=-1)
        out.append(kappa(pa_mean, _mean_of_codes(np.where(usable, pe, np.nan), axis=-1)))
    return np.stack(out, axis=-1)


def presence_agreement(
    presence: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    n_boot: int = 0,
    seed: int = 0,
    resamples: Resamples | None = None,
) -> pd.DataFrame:
    """Agreement on code presence per code, per theme and overall.

    Parameters
    ----------
    presence : columns essay_id, code, coder, applied (bool); one row per (essay, code, coder),
        complete (every coder rated every essay x code).
    codebook : columns code, theme; one row per code; its row order orders the output.
    n_boot, seed : bootstrap resamples of essays (0 = none) and the numpy default_rng seed.
    resamples : the same draws shared with the other units of analysis (`bootstrap.Resamples`);
        given, it stands for n_boot and seed.

    Returns
    -------
    Long DataFrame with columns unit ("essay_presence"), scope ("code", "theme", "overall"),
    scope_id, convention ("per_code"; "pooled", "mean_of_codes", "devries_pooled"), coefficient,
    value, se, ci_low, ci_high, n_units, n_coders, note, interpretation; sorted by scope, codebook
    order, convention, coefficient (order of `thematic.agreement.NAMES`). Categories are declared
    as {absent, present}, so q = 2 even for a code nobody applied: there kappa-type coefficients
    are undefined (NaN, note says why) while percent agreement, AC1 and Brennan-Prediger are 1.
    Pooled SEs treat (essay, code) units as independent; the bootstrap CIs do not.
    See `coefficients` for the coefficients, SEs and bands.
    """
    if not {"code", "theme"} <= set(codebook.columns):
        raise ValueError("codebook needs columns code and theme")
    code_order = pd.Index(codebook["code"])
    if not code_order.is_unique:
        raise ValueError("codebook has duplicate codes")
    cube, n_essays = _presence_cube(presence, code_order)
    n_codes, _, n_coders = cube.shape
    values = np.array([0.0, 1.0])
    des = Design(values, agreement_weights(values, None), None, "nominal", declared=True)
    pats = patterns(cube.reshape(-1, n_coders), 2)
    n_patterns = len(pats.table)
    feats = features(pats.table, des.weights)
    cell = pats.inverse.reshape(n_codes, n_essays)
    slot = np.arange(n_codes)[:, None] * n_patterns + cell  # (code, pattern) column per cell
    counts = np.bincount(slot.ravel(), minlength=n_codes * n_patterns).astype(float)
    counts = counts.reshape(n_codes, n_patterns)

    if resamples is None:
        resamples = Resamples(n_boot, seed)
    boot = code_reps = None
    if resamples.n_boot > 0 and n_essays:
        by_essay = np.zeros((n_essays, n_codes * n_patterns), np.uint8)  # counts: 0 or 1
        by_essay[np.arange(n_essays)[None, :], slot] = 1
        boot = weighted_totals(resamples.weights(n_essays), by_essay)
        boot = boot.reshape(resamples.n_boot, n_codes, n_patterns)
        code_reps = values_of(totals(feats, boot), des.weights, des.values, des.level)

    def pooled(members: np.ndarray) -> pd.DataFrame:
        reps = None
        if boot is not None:
            reps = values_of(
                totals(feats, boot[:, members].sum(axis=1)), des.weights, des.values, des.level
            )
        return summarize(
            feats,
            counts[members].sum(axis=0),
            reps,
            des,
            "essays",
            "se treats (essay, code) units as independent",
        )

    code_point = values_of(totals(feats, counts), des.weights, des.values, des.level)
    frames = []
    for j, code in enumerate(code_order):
        reps = code_reps[:, j] if code_reps is not None else None
        frame = summarize(feats, counts[j], reps, des, "essays")
        frames.append(_scope_rows(frame, "code", str(code), "per_code", n_essays, n_coders))

    themes = codebook["theme"]
    theme_order = pd.unique(themes[themes.notna()])
    scopes = [("theme", str(t), np.flatnonzero((themes == t).to_numpy())) for t in theme_order]
    scopes.append(("overall", "all", np.arange(n_codes)))
    for scope, scope_id, members in scopes:
        n_units = n_essays * len(members)
        frames.append(_scope_rows(pooled(members), scope, scope_id, "pooled", n_units, n_coders))
        mean_reps = _mean_of_codes(code_reps[:, members]) if code_reps is not None else None
        undefined = np.isnan(code_point[members]).sum(axis=0)
        mean = _summary_over_codes(
            _mean_of_codes(code_point[members]),
            mean_reps,
            f"unweighted mean over {len(members)} codes",
            left_out=undefined,
        )
        frames.append(_scope_rows(mean, scope, scope_id, "mean_of_codes", n_units, n_coders))
        point_tot = totals(feats, counts[members])
        dv_reps = None
        if boot is not None:
            dv_reps = _devries(totals(feats, boot[:, members]), des)
        dv_note = "De Vries et al. (2008): (mean pa - mean pe)/(1 - mean pe) over codes"
        devries = _summary_over_codes(
            _devries(point_tot, des), dv_reps, dv_note, why_undefined=_NO_DEVRIES
        )
        frames.append(_scope_rows(devries, scope, scope_id, "devries_pooled", n_units, n_coders))
    out = pd.concat(frames, ignore_index=True)[OUTPUT_COLUMNS]
    return out.astype({"n_units": "int64", "n_coders": "int64", "note": str, "interpretation": str})
