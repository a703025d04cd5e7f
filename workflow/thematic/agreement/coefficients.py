"""`coefficients`: every agreement coefficient of one units x coders ratings table, as rows.

Computation happens in `estimators` (values), `variance` (analytic SEs) and `bootstrap` (CIs);
this module validates input, explains each number in a `note`, and labels it (`bands`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from thematic.agreement.bands import interpretation
from thematic.agreement.bootstrap import grouped_replicates, percentile_interval
from thematic.agreement.estimators import (
    NAMES,
    TWO_CODERS,
    Features,
    chance_parts,
    features,
    totals,
    values_of,
)
from thematic.agreement.tables import (
    agreement_weights,
    categories_of,
    encode,
    patterns,
)
from thematic.agreement.variance import standard_errors

LEVELS = ("nominal", "ordinal", "interval", "ratio")
WEIGHTS = (None, "linear", "quadratic")
COLUMNS = ["name", "value", "se", "ci_low", "ci_high", "note", "interpretation"]

CONVENTIONS = {
    "percent_agreement": "share of agreeing coder pairs over units with >= 2 ratings",
    "cohen_kappa": "chance from each coder's own marginals (units one coder skipped count there)",
    "scott_pi": "chance from pooled marginals (Fleiss form)",
    "krippendorff_alpha": "coincidences over units with >= 2 values",
    "fleiss_kappa": "chance from pooled marginals over all rated units (Gwet 2014)",
    "conger_kappa": "chance = mean of pairwise Cohen chance agreements (Conger 1980)",
    "light_kappa": "mean of pairwise Cohen kappas (Light 1971)",
    "gwet_ac1": "Gwet (2008) AC1; AC2 with weights",
    "brennan_prediger": "uniform chance over the categories",
    "pabak": "(q*pa - 1)/(q - 1) (Byrt et al. 1993), equals brennan_prediger",
}
_SEE_INSTEAD = {
    "cohen_kappa": "conger_kappa or light_kappa",
    "scott_pi": "fleiss_kappa",
    "pabak": "brennan_prediger",
}


@dataclass(frozen=True)
class Design:
    """What a table of ratings is compared on: its categories, weights and alpha's metric."""

    values: np.ndarray
    weights: np.ndarray
    weights_name: str | None
    level: str
    declared: bool


def design(ratings: np.ndarray, level: str, categories, weights: str | None) -> Design:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {WEIGHTS}, not {weights!r}")
    values = categories_of(ratings, categories)
    if level == "ratio" and (values < 0).any():
        raise ValueError("level='ratio' needs non-negative category values")
    return Design(
        values, agreement_weights(values, weights), weights, level, categories is not None
    )


def _why_undefined(name: str, n_coders: int, n_paired: float, q: int, pe: float) -> str:
    if n_coders < 2:
        return "needs at least two coders"
    if name in TWO_CODERS and n_coders != 2:
        return f"defined for exactly two coders ({n_coders} here); see {_SEE_INSTEAD[name]}"
    if n_paired == 0:
        return "no unit was rated by two or more coders"
    if name == "gwet_ac1" and q < 2:
        return "only one category: declare the categories (chance agreement needs q >= 2)"
    if name == "light_kappa":
        return "a coder pair has no common unit or a pairwise kappa is undefined"
    if np.isnan(pe):
        return "a coder rated no unit, so its marginals are undefined"
    return "all ratings fall in one category: chance agreement is 1, so (pa-pe)/(1-pe) is 0/0"


def lower_bounds(q: int) -> np.ndarray:
    """The least value each coefficient of :data:`NAMES` can take: 0 for percent agreement,
    -1/(q - 1) for Brennan-Prediger and PABAK (uniform chance 1/q), -1 for the others."""
    uniform = -1.0 / (q - 1) if q > 1 else -1.0
    floors = {"percent_agreement": 0.0, "brennan_prediger": uniform, "pabak": uniform}
    return np.array([floors.get(name, -1.0) for name in NAMES])


def summarize(
    feats: Features,
    counts: np.ndarray,
    replicates: np.ndarray | None,
    des: Design,
    resampled: str,
    extra_note: str = "",
) -> pd.DataFrame:
    """Coefficient rows of one table from its pattern counts and bootstrap replicate values.

    replicates: (n_boot, len(NAMES)) coefficient values of the resamples, or None.
    """
    n_coders = feats.by_coder.shape[1]
    q = len(des.values)
    tot = totals(feats, counts)
    value = values_of(tot, des.weights, des.values, des.level)
    parts = chance_parts(tot, des.weights, des.values, des.level)
    se = standard_errors(counts, feats, tot, parts, des.weights, des.values, des.level)
    se = np.where(np.isfinite(value), se, np.nan)
    n_units = counts.sum()
    if replicates is not None and len(replicates):
        low, high, undefined = percentile_interval(replicates)
        ci_note = f"CI: bootstrap percentile 95%, {len(replicates)} resamples of {resampled}"
        whole_range = np.zeros(len(NAMES), dtype=bool)
    else:
        # irrCAC's t interval; alpha's degrees of freedom count only units with >= 2 values
        df = np.full(len(NAMES), n_units - 1.0)
        df[NAMES.index("krippendorff_alpha")] = tot.paired - 1
        from scipy import stats  # imported here: it costs half a second per pipeline job

        t = np.where(df > 0, stats.t.ppf(0.975, np.maximum(df, 1)), np.nan)
        floor = np.minimum(lower_bounds(q), value)  # an estimate below its bound keeps its own
        raw_low, raw_high = value - t * se, value + t * se
        # irrCAC caps at 1 only; an interval that leaves the coefficient's range says nothing
        # there, so it is cut to the range, and one wider than the whole range is called so
        low, high, undefined = np.maximum(floor, raw_low), np.minimum(1.0, raw_high), None
        whole_range = (raw_low <= floor) & (raw_high >= 1.0)
        ci_note = "CI: value +- t(n-1) * se, capped at 1 (irrCAC) and at the coefficient's floor"
    low = np.where(np.isfinite(value), low, np.nan)
    high = np.where(np.isfinite(value), high, np.nan)
    weight_note = f"weights={des.weights_name}" if des.weights_name else ""
    q_note = f"q={q} {'declared' if des.declared else 'observed'} categories"
    rows = []
    for i, name in enumerate(NAMES):
        notes = []
        if not np.isfinite(value[i]):
            pe = float(parts.get(name, (np.nan, np.nan))[1]) if name != "light_kappa" else 0.0
            notes.append("undefined: " + _why_undefined(name, n_coders, tot.paired, q, pe))
        notes.append(CONVENTIONS[name])
        if name == "krippendorff_alpha":
            notes.append(f"level={des.level}")
        elif weight_note and name != "percent_agreement":
            notes.append(weight_note)
        if name in ("gwet_ac1", "brennan_prediger", "pabak"):
            notes.append(q_note)
        if np.isfinite(value[i]):
            if np.isnan(se[i]):
                notes.append("se: no analytic formula, see the bootstrap CI")
            else:
                notes.append("se: Gwet linearisation (irrCAC)")
            notes.append(ci_note)
            if whole_range[i]:
                notes.append(
                    f"the interval spans the coefficient's whole range [{floor[i]:.3g}, 1]: it "
                    f"says little on {int(n_units)} units; more units are needed"
                )
            if undefined is not None and undefined[i]:
                notes.append(f"{undefined[i]} replicates undefined and left out of the CI")
        if extra_note:
            notes.append(extra_note)
        rows.append(
            (
                name,
                value[i],
                se[i],
                low[i],
                high[i],
                "; ".join(notes),
                interpretation(name, value[i]),
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS).astype({c: float for c in COLUMNS[1:5]})


def coefficients(
    ratings: np.ndarray,
    *,
    level: str = "nominal",
    categories: Sequence | None = None,
    weights: str | None = None,
    n_boot: int = 0,
    seed: int = 0,
    boot_groups: np.ndarray | None = None,
) -> pd.DataFrame:
    """Every agreement coefficient of a units x coders ratings table.

    Parameters
    ----------
    ratings : (n_units, n_coders) float array of category values; NaN = missing rating.
    level : Krippendorff's alpha metric: nominal, ordinal, interval or ratio.
    categories : the possible category values; default the observed ones (sorted). Declaring them
        matters for gwet_ac1, brennan_prediger and pabak (q) and for the weights' range.
    weights : None, "linear" or "quadratic" agreement weights on the category values for every
        coefficient except alpha (which uses `level`); gwet_ac1 then is Gwet's AC2.
    n_boot, seed : bootstrap resamples (0 = none) and the seed of numpy.random.default_rng.
    boot_groups : (n_units,) group of each unit; resample groups instead of units (e.g. essays
        when a unit is an (essay, code) pair).

    Returns
    -------
    DataFrame with one row per coefficient (percent_agreement, cohen_kappa, scott_pi,
    krippendorff_alpha, fleiss_kappa, conger_kappa, light_kappa, gwet_ac1, brennan_prediger,
    pabak) and columns name, value, se, ci_low, ci_high, note, interpretation.

    Undefined coefficients (one coder; cohen/scott/pabak without exactly two coders; all ratings
    in one category; no unit rated twice) are NaN with the reason in `note`, never 0 or 1.
    Missing data follow Gwet (2014) / irrCAC: units with no rating are dropped; pa uses units
    with >= 2 ratings; chance agreement uses every available rating. SEs are Gwet's linearised
    variances as in irrCAC (none for light_kappa). With n_boot > 0 the CI is the bootstrap
    percentile interval, else value +- t(n-1) se capped at 1 as in irrCAC. Interpretation bands:
    Krippendorff (2004) for alpha, Landis & Koch (1977) for the kappa-type coefficients, none for
    percent agreement (see `thematic.agreement.bands`).

    References
    ----------
    Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.). Advanced Analytics.
    Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
    Further sources per coefficient in `thematic.agreement.estimators`.
    """
    ratings = np.asarray(ratings, dtype=float)
    if ratings.ndim != 2:
        raise ValueError(f"ratings must be a units x coders 2-D array, got shape {ratings.shape}")
    des = design(ratings, level, categories, weights)
    rated = ~np.isnan(ratings).all(axis=1)
    dropped = int((~rated).sum())
    if boot_groups is not None:
        boot_groups = np.asarray(boot_groups)
        if boot_groups.shape != (len(ratings),):
            raise ValueError("boot_groups must hold one group per unit (row of ratings)")
        boot_groups = boot_groups[rated]
    codes = encode(ratings[rated], des.values)
    pats = patterns(codes, len(des.values))
    feats = features(pats.table, des.weights)
    replicates = None
    if n_boot > 0 and len(pats.inverse):
        boot = grouped_replicates(pats.inverse, len(pats.table), boot_groups, n_boot, seed)
        replicates = values_of(totals(feats, boot), des.weights, des.values, des.level)
    resampled = "groups" if boot_groups is not None else "units"
    extra = f"{dropped} units without any rating left out" if dropped else ""
    return summarize(feats, pats.counts, replicates, des, resampled, extra)
