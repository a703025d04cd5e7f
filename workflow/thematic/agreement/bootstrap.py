"""Bootstrap over units or groups of units, by reweighting pattern counts.

A replicate draws groups (units, or essays when a unit is an (essay, code) pair) with replacement;
all that changes is how many times each group counts, so a replicate is a weighted sum of the
groups' pattern counts (or of any per-group sums): one matrix product, no per-unit Python loop.
Seeded with numpy.random.default_rng(seed) and drawn in fixed-size chunks: the same seed gives the
same replicates on every run. The draws for one (n_boot, seed) and number of groups are made
once (`Resamples`) and shared by every unit of analysis that resamples the same essays.
Not for: confidence-interval rules (`coefficients`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# replicates per draw and per matrix product: bounds the picks and the float weights in memory
_CHUNK = 64
_EXACT_FLOAT32 = 1 << 24  # integers below this are exact in float32


def resample_weights(n_groups: int, n_boot: int, seed: int) -> np.ndarray:
    """(n_boot, n_groups) times each group is drawn in each replicate of n_groups draws.

    The draws are rng.integers(0, n_groups, (chunk, n_groups)) from numpy.random.default_rng(seed),
    replicate after replicate (the stream does not depend on the chunking: each bounded draw takes
    the generator's next 32 bits). Counts are small integers, about Poisson(1), so they are kept as
    uint8 (100 MB for 1,000 replicates of 100,000 essays, where float64 took 800 MB), widened only
    if a count does not fit.
    """
    weights = np.zeros((n_boot, n_groups), np.uint8)
    if not n_groups:
        return weights
    rng = np.random.default_rng(seed)
    for start in range(0, n_boot, _CHUNK):
        picks = rng.integers(0, n_groups, size=(min(_CHUNK, n_boot - start), n_groups))
        # one bincount per replicate: its n_groups bins stay in cache, where one bincount over
        # the chunk's n_groups x chunk bins scatters over memory and is several times slower
        for row, drawn in enumerate(picks, start):
            counts = np.bincount(drawn, minlength=n_groups)
            if counts.max() > np.iinfo(weights.dtype).max:
                weights = weights.astype(np.min_scalar_type(n_groups))
            weights[row] = counts
    return weights


@dataclass(frozen=True)
class Resamples:
    """Seeded bootstrap draws, made at most once per number of groups and then reused.

    Hand one to every unit of analysis that resamples the same essays (presence, segments,
    characters) and the essays are drawn once, not once per unit; the weights are exactly those
    of resample_weights(n_groups, n_boot, seed), so sharing changes no replicate.
    """

    n_boot: int
    seed: int
    _drawn: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    def weights(self, n_groups: int) -> np.ndarray:
        """(n_boot, n_groups) draw counts; read-only, as they are shared."""
        if n_groups not in self._drawn:
            weights = resample_weights(n_groups, self.n_boot, self.seed)
            weights.flags.writeable = False
            self._drawn[n_groups] = weights
        return self._drawn[n_groups]


def weighted_totals(weights: np.ndarray, group_sums: np.ndarray) -> np.ndarray:
    """Replicate totals weights @ group_sums: (n_boot, G) x (G, K) -> (n_boot, K) float64.

    One product for all K columns (stack every scope's per-group sums side by side rather than
    multiplying once per scope), a chunk of replicates at a time so only a chunk of the weights is
    ever widened to floats. Integer `group_sums` (counts) run in float32 when every product and
    partial sum is an integer below 2**24, hence exact (and twice as fast); anything else in
    float64, whose products of small integer weights with the sums are exact and whose sums
    round as any float64 sum does.
    """
    n_boot, n_groups = weights.shape
    out = np.zeros((n_boot, group_sums.shape[1]))
    if not n_groups or not group_sums.shape[1]:
        return out
    dtype = np.float64
    if np.issubdtype(group_sums.dtype, np.integer) and group_sums.min(initial=0) >= 0:
        # a replicate's column total bounds its partial sums: it is at most the heaviest weight
        # times the column's sum, and at most n_groups draws times the column's largest count
        largest = min(
            int(weights.max()) * int(group_sums.sum(axis=0).max()),
            n_groups * int(group_sums.max()),
        )
        if largest < _EXACT_FLOAT32:
            dtype = np.float32
    matrix = np.ascontiguousarray(group_sums, dtype=dtype)
    for start in range(0, n_boot, _CHUNK):
        rows = slice(start, min(start + _CHUNK, n_boot))
        out[rows] = weights[rows].astype(dtype) @ matrix
    return out


def replicate_counts(
    group_counts: np.ndarray, n_boot: int, rng: np.random.Generator, multiplicity: np.ndarray
) -> np.ndarray:
    """Resampled column totals of `group_counts` (G, K) -> (n_boot, K).

    `multiplicity` (G,) says how many identical groups a row stands for: the draw is one
    multinomial over row types (exactly the distribution of resampling the expanded groups).
    """
    total = int(multiplicity.sum())
    draws = rng.multinomial(total, multiplicity / total, size=n_boot).astype(float)
    return draws @ group_counts


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
