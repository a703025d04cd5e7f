"""Analytic standard errors of the agreement coefficients (Gwet's linearisation, as in irrCAC).

Each coefficient kappa = (pa - pe) / (1 - pe) gets a per-unit linearised value kappa*_i and
var = sum_i (kappa*_i - kappa)^2 / (n (n - 1)) (no finite-population correction). Units enter
through their pattern, so the sum runs over distinct patterns weighted by their counts.
Light's kappa, a mean of pairwise kappas, has no such formula here: NaN, use the bootstrap.

References:
    Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.), ch. 5 (variance estimation).
    Gwet, K. L. (2019). irrCAC: Computing Chance-Corrected Agreement Coefficients (R package):
    pa.coeff.raw, fleiss.kappa.raw, gwet.ac1.raw, bp.coeff.raw, conger.kappa.raw, krippen.alpha.raw.
"""

from __future__ import annotations

import numpy as np

from thematic.agreement.estimators import NAMES, TWO_CODERS, Features, Totals, coder_marginals
from thematic.agreement.tables import alpha_distances


def _variance(counts: np.ndarray, linearised: np.ndarray, estimate: float) -> float:
    n = counts.sum()
    if n < 2 or not np.isfinite(estimate):
        return np.nan
    return float(counts @ (linearised - estimate) ** 2 / (n * (n - 1)))


def _chance_linearised(
    counts: np.ndarray, feats: Features, tot: Totals, pa: float, pe: float, pe_unit: np.ndarray
) -> float:
    """SE of (pa - pe) / (1 - pe) given each pattern's contribution pe_unit to chance agreement."""
    n = counts.sum()
    if tot.paired <= 0 or abs(1 - pe) <= 1e-12:
        return np.nan
    estimate = (pa - pe) / (1 - pe)
    unit = (n / tot.paired) * (feats.agreement - pe * feats.paired) / (1 - pe)
    unit = unit - 2 * (1 - estimate) * (pe_unit - pe) / (1 - pe)
    return np.sqrt(_variance(counts, unit, estimate))


def _conger_pe_unit(counts: np.ndarray, feats: Features, tot: Totals, weights: np.ndarray):
    """Per-pattern chance-agreement contributions of Conger's kappa (irrCAC conger.kappa.raw)."""
    n = counts.sum()
    n_coders = feats.by_coder.shape[1]
    p = coder_marginals(tot)  # (m, q)
    rated_by = tot.by_coder.sum(axis=-1)  # n_g
    answered = feats.by_coder.sum(axis=-1)  # (P, m) epsilon_ig
    centred = feats.by_coder - (answered - rated_by / n)[:, :, None] * p[None, :, :]
    weighted = np.einsum("kl,pgl->pgk", weights, centred) * (n / rated_by)[None, :, None]
    lam = (weighted * (p.sum(axis=0)[None, None, :] - p[None, :, :])).sum(axis=(1, 2))
    return lam / (n_coders * (n_coders - 1))


def _alpha_se(
    counts: np.ndarray, feats: Features, tot: Totals, values: np.ndarray, level: str
) -> float:
    """irrCAC krippen.alpha.raw variance, over units with >= 2 ratings."""
    keep = (feats.paired > 0) & (counts > 0)
    c = counts[keep]
    n = c.sum()
    if n < 2:
        return np.nan
    r = feats.by_coder[keep].sum(axis=1)  # (P, q)
    ri = r.sum(axis=1)
    rbar = (c @ ri) / n
    delta = alpha_distances(values, level, tot.coincidence.sum(axis=-1))
    if delta.max() <= 0:
        return np.nan
    weights = 1 - delta / delta.max()
    eps = 1 / (c @ ri)
    agree_unit = np.einsum("kl,pkl->p", weights, feats.coincidence[keep]) / rbar
    pa_prime = (c @ agree_unit) / n
    pa = (1 - eps) * pa_prime + eps
    pi = (c @ r) / (n * rbar)
    pe = pi @ weights @ pi
    if abs(1 - pe) <= 1e-12:
        return np.nan
    alpha_prime = (pa_prime - pe) / (1 - pe)
    pa_unit = agree_unit - pa * (ri - rbar) / rbar
    pi_w = (weights @ pi + weights.T @ pi) / 2
    pe_unit = r @ pi_w / rbar - pe * (ri - rbar) / rbar
    unit = (pa_unit - pe) / (1 - pe) - 2 * (1 - alpha_prime) * (pe_unit - pe) / (1 - pe)
    return np.sqrt(_variance(c, unit, alpha_prime))


def standard_errors(
    counts: np.ndarray,
    feats: Features,
    tot: Totals,
    parts: dict[str, tuple[np.ndarray, np.ndarray]],
    weights: np.ndarray,
    values: np.ndarray,
    level: str,
) -> np.ndarray:
    """Analytic SE of every coefficient in NAMES order (NaN where none or undefined)."""
    n_coders = feats.by_coder.shape[1]
    q = len(weights)
    se = dict.fromkeys(NAMES, np.nan)
    pa = float(parts["percent_agreement"][0])
    if not np.isfinite(pa):
        return np.full(len(NAMES), np.nan)
    zero = np.zeros(len(counts))
    se["percent_agreement"] = _chance_linearised(counts, feats, tot, pa, 0.0, zero)
    pooled = tot.share / tot.rated
    pooled_w = (weights @ pooled + weights.T @ pooled) / 2
    fleiss_pe = float(parts["fleiss_kappa"][1])
    se["fleiss_kappa"] = _chance_linearised(
        counts, feats, tot, pa, fleiss_pe, feats.share @ pooled_w
    )
    if q >= 2:
        gwet_pe = float(parts["gwet_ac1"][1])
        gwet_unit = weights.sum() / (q * (q - 1)) * (feats.share @ (1 - pooled))
        se["gwet_ac1"] = _chance_linearised(counts, feats, tot, pa, gwet_pe, gwet_unit)
    uniform = float(parts["brennan_prediger"][1])
    se["brennan_prediger"] = _chance_linearised(counts, feats, tot, pa, uniform, zero + uniform)
    conger_pe = float(parts["conger_kappa"][1])
    if n_coders >= 2 and np.isfinite(conger_pe):
        conger_unit = _conger_pe_unit(counts, feats, tot, weights)
        se["conger_kappa"] = _chance_linearised(counts, feats, tot, pa, conger_pe, conger_unit)
    se["krippendorff_alpha"] = _alpha_se(counts, feats, tot, values, level)
    if n_coders == 2:
        se["cohen_kappa"] = se["conger_kappa"]
        se["scott_pi"] = se["fleiss_kappa"]
        se["pabak"] = se["brennan_prediger"]
    for name in TWO_CODERS:
        if n_coders != 2:
            se[name] = np.nan
    return np.array([se[name] for name in NAMES], dtype=float)
