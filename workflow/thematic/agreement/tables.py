"""Rating tables reduced to their distinct rating patterns, and the weights read off categories.

A unit's contribution to every coefficient depends only on its *pattern*: the tuple of categories
its coders chose (or missing). Real tables have few distinct patterns (a presence table with two
coders has at most four), so every coefficient, standard error and bootstrap replicate is computed
from pattern counts instead of per-unit rows. Not for: the formulas themselves (`estimators`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MISSING = -1
_DENSE_KEYS = 1 << 22  # up to this many possible patterns, map them with a lookup, not a sort


@dataclass(frozen=True)
class Patterns:
    """Distinct rating patterns of a table.

    table: (n_patterns, n_coders) category indices, MISSING where a coder gave no rating.
    inverse: (n_units,) pattern index of each unit (units with no rating at all are dropped
    before, see `encode`).
    """

    table: np.ndarray
    inverse: np.ndarray

    @property
    def counts(self) -> np.ndarray:
        return np.bincount(self.inverse, minlength=len(self.table)).astype(float)


def categories_of(ratings: np.ndarray, categories: Sequence | None) -> np.ndarray:
    """The category values, sorted when observed, in the given order when declared."""
    observed = np.unique(ratings[~np.isnan(ratings)])
    if categories is None:
        return observed
    declared = np.asarray(categories, dtype=float)
    if len(np.unique(declared)) != len(declared):
        raise ValueError(f"categories has duplicates: {list(categories)}")
    undeclared = np.setdiff1d(observed, declared)
    if len(undeclared):
        raise ValueError(f"ratings hold values not in categories: {undeclared.tolist()}")
    return declared


def encode(ratings: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Category index of each rating (MISSING for NaN), same shape as `ratings`."""
    order = np.argsort(values, kind="stable")
    position = np.searchsorted(values[order], np.nan_to_num(ratings, nan=values[order][0]))
    codes = order[np.minimum(position, len(values) - 1)]
    return np.where(np.isnan(ratings), MISSING, codes).astype(np.int64)


def patterns(codes: np.ndarray, n_categories: int) -> Patterns:
    """Distinct rows of a (units x coders) code matrix, and which row each unit has."""
    n_units, n_coders = codes.shape
    base = n_categories + 1
    if n_units == 0:
        return Patterns(np.empty((0, n_coders), np.int64), np.empty(0, np.int64))
    if base**n_coders <= _DENSE_KEYS:
        keys = (codes + 1) @ (base ** np.arange(n_coders))
        present = np.bincount(keys, minlength=base**n_coders) > 0
        lookup = np.cumsum(present) - 1
        distinct = np.flatnonzero(present)
        table = (distinct[:, None] // base ** np.arange(n_coders)) % base - 1
        return Patterns(table.astype(np.int64), lookup[keys])
    table, inverse = np.unique(codes, axis=0, return_inverse=True)
    return Patterns(table, inverse.ravel())


def agreement_weights(values: np.ndarray, kind: str | None) -> np.ndarray:
    """Agreement weights w_kl in [0, 1] (1 on the diagonal).

    Identity when kind is None; linear 1 - |x_k - x_l| / (max - min) and quadratic
    1 - (x_k - x_l)^2 / (max - min)^2 on the category values, as in Gwet (2014, ch. 3) and irrCAC.
    With values 0..q-1 these are the weights scikit-learn's cohen_kappa_score uses.
    """
    q = len(values)
    if kind is None:
        return np.eye(q)
    spread = np.ptp(values) if q else 0.0
    distance = np.abs(values[:, None] - values[None, :]) / (spread if spread > 0 else 1.0)
    if kind == "linear":
        return 1.0 - distance
    if kind == "quadratic":
        return 1.0 - distance**2
    raise ValueError(f"weights must be None, 'linear' or 'quadratic', not {kind!r}")


def alpha_distances(values: np.ndarray, level: str, marginals: np.ndarray) -> np.ndarray:
    """Krippendorff's difference functions delta^2_ck, batched over leading dims of marginals.

    References: Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section C.
    Ordinal distances depend on the coincidence marginals n_g, so they are recomputed per replicate.
    """
    q = len(values)
    shape = marginals.shape[:-1] + (q, q)
    if level == "nominal":
        return np.broadcast_to(1.0 - np.eye(q), shape)
    if level == "interval":
        return np.broadcast_to((values[:, None] - values[None, :]) ** 2, shape)
    if level == "ratio":
        total = values[:, None] + values[None, :]
        diff = values[:, None] - values[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(total == 0, 0.0, diff / np.where(total == 0, 1.0, total))
        return np.broadcast_to(ratio**2, shape)
    if level == "ordinal":
        order = np.argsort(values, kind="stable")
        rank = np.empty(q, int)
        rank[order] = np.arange(q)
        ranked = marginals[..., order]
        cumulative = np.cumsum(ranked, axis=-1)
        lo = np.minimum(rank[:, None], rank[None, :])
        hi = np.maximum(rank[:, None], rank[None, :])
        below = np.where(lo > 0, cumulative[..., np.maximum(lo - 1, 0)], 0.0)
        span = cumulative[..., hi] - below
        ends = (ranked[..., lo] + ranked[..., hi]) / 2.0
        return (span - ends) ** 2
    raise ValueError(f"level must be nominal, ordinal, interval or ratio, not {level!r}")
