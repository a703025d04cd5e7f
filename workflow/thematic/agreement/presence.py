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
from thematic.agreement.bootstrap import Resamples, weighted_totals
from thematic.agreement.coefficients import Design, summarize
from thematic.agreement.estimators import NAMES, chance_parts, features, kappa, totals, values_of
from thematic.agreement.rows import (
    bootstrap_interval,
    code_order_of,
    finish,
    labelled,
    mean_over_codes,
    scopes_of,
)
from thematic.agreement.tables import agreement_weights, patterns


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


def _summary_over_codes(
    point: np.ndarray,
    replicates: np.ndarray | None,
    note: str,
    left_out: np.ndarray | None = None,
    why_undefined: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Rows of a convention without analytic SE: point (len(NAMES),), replicates (B, len(NAMES))."""
    why_undefined = why_undefined or {}
    low, high, _, ci_note = bootstrap_interval(replicates, len(NAMES))
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
        pa_mean = mean_over_codes(np.where(usable, pa, np.nan), axis=-1)
        out.append(kappa(pa_mean, mean_over_codes(np.where(usable, pe, np.nan), axis=-1)))
    return np.stack(out, axis=-1)


def presence_agreement(
    presence: pd.DataFrame,
    codebook: pd.DataFrame,
    *,
    resamples: Resamples | None = None,
) -> pd.DataFrame:
    """Agreement on code presence per code, per theme and overall.

    Parameters
    ----------
    presence : columns essay_id, code, coder, applied (bool); one row per (essay, code, coder),
        complete (every coder rated every essay x code).
    codebook : columns code, theme; one row per code; its row order orders the output.
    resamples : seeded bootstrap draws of essays (`bootstrap.Resamples`), shared with the other
        units of analysis; None for no bootstrap.

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
    code_order = code_order_of(codebook)
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

    boot = code_reps = None
    if resamples is not None and resamples.n_boot > 0 and n_essays:
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

    def label(frame, scope, scope_id, convention, n_units):
        return labelled(frame, "essay_presence", scope, scope_id, convention, n_units, n_coders)

    code_point = values_of(totals(feats, counts), des.weights, des.values, des.level)
    frames = []
    for j, code in enumerate(code_order):
        reps = code_reps[:, j] if code_reps is not None else None
        frame = summarize(feats, counts[j], reps, des, "essays")
        frames.append(label(frame, "code", str(code), "per_code", n_essays))

    for scope, scope_id, members in scopes_of(codebook):
        n_units = n_essays * len(members)
        frames.append(label(pooled(members), scope, scope_id, "pooled", n_units))
        mean_reps = mean_over_codes(code_reps[:, members]) if code_reps is not None else None
        undefined = np.isnan(code_point[members]).sum(axis=0)
        mean = _summary_over_codes(
            mean_over_codes(code_point[members]),
            mean_reps,
            f"unweighted mean over {len(members)} codes",
            left_out=undefined,
        )
        frames.append(label(mean, scope, scope_id, "mean_of_codes", n_units))
        point_tot = totals(feats, counts[members])
        dv_reps = None
        if boot is not None:
            dv_reps = _devries(totals(feats, boot[:, members]), des)
        dv_note = "De Vries et al. (2008): (mean pa - mean pe)/(1 - mean pe) over codes"
        devries = _summary_over_codes(
            _devries(point_tot, des), dv_reps, dv_note, why_undefined=_NO_DEVRIES
        )
        frames.append(label(devries, scope, scope_id, "devries_pooled", n_units))
    return finish(frames)
