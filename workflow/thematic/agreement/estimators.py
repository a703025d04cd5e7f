"""The agreement coefficients as functions of summed per-pattern statistics.

Every coefficient here is (pa - pe) / (1 - pe): observed agreement pa and chance agreement pe are
built from a few sums over units (`Totals`). Totals carry any leading batch dimensions (bootstrap
replicates, codes), so one call computes all replicates at once. Missing ratings follow Gwet (2014)
and irrCAC: pa over units rated by at least two coders, chance from all available ratings.
Not for: standard errors (`variance`) or output tables (`coefficients`).

References:
    Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.). Advanced Analytics. Ch. 2-5.
    Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School, UPenn.
    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychol. Bull. 76.
    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educ. Psychol. Meas. 20.
    Scott, W. A. (1955). Reliability of content analysis. Public Opinion Quarterly 19.
    Conger, A. J. (1980). Integration and generalization of kappas for multiple raters.
        Psychol. Bull. 88.
    Light, R. J. (1971). Measures of response agreement for qualitative data. Psychol. Bull. 76.
    Brennan, R. L. & Prediger, D. J. (1981). Coefficient kappa: some uses, misuses,
        and alternatives. Educ. Psychol. Meas. 41.
    Byrt, T., Bishop, J. & Carlin, J. B. (1993). Bias, prevalence and kappa. J. Clin. Epidemiol. 46.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from thematic.agreement.tables import MISSING, alpha_distances

NAMES = (
    "percent_agreement",
    "cohen_kappa",
    "scott_pi",
    "krippendorff_alpha",
    "fleiss_kappa",
    "conger_kappa",
    "light_kappa",
    "gwet_ac1",
    "brennan_prediger",
    "pabak",
)
TWO_CODERS = ("cohen_kappa", "scott_pi", "pabak")


@dataclass(frozen=True)
class Features:
    """Per-pattern statistics (first axis: pattern); summing them over units gives `Totals`."""

    rated: np.ndarray  # [r_i >= 1]
    paired: np.ndarray  # [r_i >= 2]
    agreement: np.ndarray  # sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1)), weighted pair agreement
    share: np.ndarray  # (P, q) r_ik / r_i
    coincidence: np.ndarray  # (P, q, q) Krippendorff's o_ckl contributions
    by_coder: np.ndarray  # (P, m, q) one-hot rating of each coder
    pair_both: np.ndarray  # (P, m(m-1)/2) both coders of a pair rated
    pair_agree: np.ndarray  # (P, m(m-1)/2) weighted agreement of the pair


@dataclass(frozen=True)
class Totals:
    """Features summed over units (with bootstrap multiplicities); leading dims are batch dims."""

    rated: np.ndarray
    paired: np.ndarray
    agreement: np.ndarray
    share: np.ndarray
    coincidence: np.ndarray
    by_coder: np.ndarray
    pair_both: np.ndarray
    pair_agree: np.ndarray


def features(table: np.ndarray, weights: np.ndarray) -> Features:
    """Statistics of each distinct pattern (rows of `table`, MISSING for no rating)."""
    n_patterns, n_coders = table.shape
    q = len(weights)
    by_coder = (table[:, :, None] == np.arange(q)).astype(float)
    counts = by_coder.sum(axis=1)
    ri = counts.sum(axis=1)
    weighted = counts @ weights.T
    pair_slots = np.where(ri >= 2, ri * (ri - 1), 1.0)
    agreement = np.where(ri >= 2, (counts * (weighted - 1)).sum(axis=1) / pair_slots, 0.0)
    share = counts / np.where(ri >= 1, ri, 1.0)[:, None]
    outer = counts[:, :, None] * counts[:, None, :] - counts[:, :, None] * np.eye(q)
    coincidence = np.where(
        (ri >= 2)[:, None, None], outer / np.maximum(ri - 1, 1)[:, None, None], 0
    )
    first, second = np.triu_indices(n_coders, 1)
    x, y = table[:, first], table[:, second]
    both = (x != MISSING) & (y != MISSING)
    pair_agree = np.where(both, weights[np.maximum(x, 0), np.maximum(y, 0)], 0.0)
    return Features(
        rated=(ri >= 1).astype(float),
        paired=(ri >= 2).astype(float),
        agreement=agreement,
        share=share,
        coincidence=coincidence,
        by_coder=by_coder,
        pair_both=both.astype(float),
        pair_agree=pair_agree,
    )


def totals(feats: Features, counts: np.ndarray) -> Totals:
    """Sum pattern features weighted by `counts` (..., P): units per pattern, per replicate."""

    def total(array: np.ndarray) -> np.ndarray:
        return np.tensordot(counts, array, axes=([-1], [0]))

    return Totals(**{name: total(getattr(feats, name)) for name in Features.__dataclass_fields__})


def _quadratic(weights: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return np.einsum("kl,...k,...l->...", weights, left, right)


def _divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def coder_marginals(tot: Totals) -> np.ndarray:
    """p_gk: share of coder g's own ratings in category k (NaN for a coder with no ratings)."""
    return _divide(tot.by_coder, tot.by_coder.sum(axis=-1, keepdims=True))


def chance_parts(
    tot: Totals, weights: np.ndarray, values: np.ndarray, level: str
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(pa, pe) of every coefficient except light_kappa, batched like `tot`.

    pa is Gwet's weighted pairwise agreement over units with >= 2 ratings, except for
    Krippendorff's alpha where pa = 1 - D_o and pe = 1 - D_e on the distances of `level` scaled
    to [0, 1], so that (pa - pe) / (1 - pe) = 1 - D_o / D_e (Krippendorff 2011).
    """
    q = len(weights)
    n_coders = tot.by_coder.shape[-2]
    pa = _divide(tot.agreement, tot.paired)
    pooled = _divide(tot.share, tot.rated[..., None])  # pi_k, Fleiss' pooled marginals
    fleiss_pe = _quadratic(weights, pooled, pooled)
    by_coder = coder_marginals(tot)
    mean_k = by_coder.mean(axis=-2)
    if n_coders >= 2:
        cross = np.einsum("...gk,...gl->...kl", by_coder, by_coder)
        spread = (cross - n_coders * mean_k[..., :, None] * mean_k[..., None, :]) / (n_coders - 1)
        conger_pe = np.einsum(
            "kl,...kl->...",
            weights,
            mean_k[..., :, None] * mean_k[..., None, :] - spread / n_coders,
        )
    else:
        conger_pe = np.full_like(pa, np.nan)
    weight_sum = weights.sum()
    gwet_pe = (
        weight_sum * (pooled * (1 - pooled)).sum(axis=-1) / (q * (q - 1))
        if q >= 2
        else np.full_like(pa, np.nan)
    )
    uniform_pe = np.full_like(pa, weight_sum / q**2 if q else np.nan)
    parts = {
        "percent_agreement": (pa, np.zeros_like(pa)),
        "cohen_kappa": (pa, conger_pe),
        "scott_pi": (pa, fleiss_pe),
        "krippendorff_alpha": alpha_parts(tot.coincidence, values, level),
        "fleiss_kappa": (pa, fleiss_pe),
        "conger_kappa": (pa, conger_pe),
        "gwet_ac1": (pa, gwet_pe),
        "brennan_prediger": (pa, uniform_pe),
        "pabak": (pa, uniform_pe),
    }
    if n_coders != 2:
        for name in TWO_CODERS:
            parts[name] = (np.full_like(pa, np.nan), np.full_like(pa, np.nan))
    return parts


def alpha_parts(
    coincidence: np.ndarray, values: np.ndarray, level: str
) -> tuple[np.ndarray, np.ndarray]:
    """Krippendorff's alpha as (pa, pe) from the coincidence matrix o_ck (Krippendorff 2011)."""
    marginals = coincidence.sum(axis=-1)
    pairable = marginals.sum(axis=-1)
    delta = alpha_distances(values, level, marginals)
    scale = delta.max(axis=(-2, -1)) if delta.size else np.zeros(pairable.shape)
    scale = np.where(scale > 0, scale, 1.0)
    observed = _divide((coincidence * delta).sum(axis=(-2, -1)), pairable) / scale
    expected = (marginals[..., :, None] * marginals[..., None, :] * delta).sum(axis=(-2, -1))
    expected = _divide(expected, pairable * (pairable - 1)) / scale
    ok = pairable > 1
    pa = np.where(ok, 1 - observed, np.nan)
    return pa, np.where(ok, 1 - expected, np.nan)


def light_parts(tot: Totals, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise Cohen (pa, pe) for each coder pair (..., m(m-1)/2) (Light 1971)."""
    n_coders = tot.by_coder.shape[-2]
    first, second = np.triu_indices(n_coders, 1)
    by_coder = coder_marginals(tot)
    left, right = by_coder[..., first, :], by_coder[..., second, :]
    symmetric = (weights + weights.T) / 2
    pe = np.einsum("kl,...pk,...pl->...p", symmetric, left, right)
    return _divide(tot.pair_agree, tot.pair_both), pe


def kappa(pa: np.ndarray, pe: np.ndarray) -> np.ndarray:
    """(pa - pe) / (1 - pe); NaN where chance agreement is 1 or either part is undefined."""
    with np.errstate(invalid="ignore", divide="ignore"):
        defined = np.abs(1 - pe) > 1e-12
        return np.where(defined, (pa - pe) / np.where(defined, 1 - pe, 1.0), np.nan)


def values_of(tot: Totals, weights: np.ndarray, values: np.ndarray, level: str) -> np.ndarray:
    """Every coefficient, stacked on a last axis in NAMES order."""
    parts = chance_parts(tot, weights, values, level)
    pair_pa, pair_pe = light_parts(tot, weights)
    light = kappa(pair_pa, pair_pe)
    light = light.mean(axis=-1) if light.shape[-1] else np.full(light.shape[:-1], np.nan)
    columns = [light if name == "light_kappa" else kappa(*parts[name]) for name in NAMES]
    return np.stack(columns, axis=-1)
