"""Bootstrap over units or groups of units, by reweighting pattern counts.

A replicate draws groups (units, or essays when a unit is an (essay, code) pair) with replacement;
all that changes is how many times each group counts, so a replicate is a weighted sum of the
groups' pattern counts: one matrix product, no per-unit Python loop. Seeded with
numpy.random.default_rng(seed) and drawn in fixed-size chunks: the same seed gives the same
replicates on every run. Not for: confidence-interval rules (`coefficients`).
"""

from __future__ import annotations

import numpy as np

_CHUNK = 64  # replicates per matrix product; fixed so the random stream never depends on memory
_EXACT_FLOAT32 = 1 << 24  # integers below this are exact in float32


def replicate_counts(
    group_counts: np.ndarray, n_boot: int, rng: np.random.Generator, multiplicity=None
) -> np.ndarray:
    """Resampled column totals of `group_counts` (G, K) -> (n_boot, K).

    `multiplicity` (G,) says how many identical groups a row stands for; with it, the draw is one
    multinomial over row types (exactly the distribution of resampling the expanded groups).
    """
    n_groups = len(group_counts)
    if multiplicity is not None:
        total = int(multiplicity.sum())
        draws = rng.multinomial(total, multiplicity / total, size=n_boot).astype(float)
        return draws @ group_counts
    exact32 = group_counts.sum() < _EXACT_FLOAT32
    dtype = np.float32 if exact32 else np.float64
    matrix = np.ascontiguousarray(group_counts, dtype=dtype)
    out = np.empty((n_boot, group_counts.shape[1]))
    for start in range(0, n_boot, _CHUNK):
        size = min(_CHUNK, n_boot - start)
        picks = rng.integers(0, n_groups, size=(size, n_groups))
        offsets = (np.arange(size) * n_groups)[:, None]
        weights = np.bincount((picks + offsets).ravel(), minlength=size * n_groups)
        out[start : start + size] = weights.reshape(size, n_groups).astype(dtype) @ matrix
    return out


def grouped_replicates(
    pattern_of_unit: np.ndarray,
    n_patterns: int,
    groups: np.ndarray | None,
    n_boot: int,
    seed: int,
) -> np.ndarray:
    """(n_boot, n_patterns) pattern counts of replicates resampling units or `groups` of units."""
    rng = np.random.default_rng(seed)
    if groups is None:
        counts = np.bincount(pattern_of_unit, minlength=n_patterns).astype(float)
        return replicate_counts(np.eye(n_patterns), n_boot, rng, multiplicity=counts)
    _, group_index = np.unique(groups, return_inverse=True)
    n_groups = group_index.max() + 1 if len(group_index) else 0
    flat = group_index.ravel() * n_patterns + pattern_of_unit
    by_group = np.bincount(flat, minlength=n_groups * n_patterns).reshape(n_groups, n_patterns)
    types, multiplicity = np.unique(by_group, axis=0, return_counts=True)
    return replicate_counts(types.astype(float), n_boot, rng, multiplicity=multiplicity)


def percentile_interval(replicates: np.ndarray, level: float = 0.95):
    """Percentile interval over the first axis, ignoring undefined (NaN) replicates.

    Returns (low, high, n_undefined) arrays shaped like replicates[0].
    """
    undefined = np.isnan(replicates).sum(axis=0)
    tail = 100 * (1 - level) / 2
    all_nan = undefined == len(replicates)
    safe = np.where(all_nan, 0.0, replicates)  # keeps nanpercentile quiet on all-NaN columns
    low = np.nanpercentile(safe, tail, axis=0)
    high = np.nanpercentile(safe, 100 - tail, axis=0)
    return np.where(all_nan, np.nan, low), np.where(all_nan, np.nan, high), undefined
