"""Benchmark: agreement for 50 codes x 100,000 essays x 2 coders with 1,000 bootstrap resamples.

Prints figures only (no assertions). Also times krippendorff.alpha and
sklearn.metrics.cohen_kappa_score on what they compute (one point estimate per code, no
bootstrap, no SE), for comparison. Run: PYTHONPATH=workflow python benchmarks/bench_agreement.py
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd


def presence_table(n_codes: int, n_essays: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    prevalence = rng.uniform(0.02, 0.4, size=n_codes)
    truth = rng.random((n_codes, n_essays)) < prevalence[:, None]
    flips = rng.random((n_codes, n_essays, 2)) < 0.08
    applied = truth[:, :, None] ^ flips
    code, essay, coder = np.indices(applied.shape).reshape(3, -1)
    presence = pd.DataFrame(
        {
            "essay_id": essay,
            "code": pd.Categorical.from_codes(code, [f"c{i:02d}" for i in range(n_codes)]),
            "coder": np.where(coder == 0, "A", "B"),
            "applied": applied.ravel(),
        }
    )
    codebook = pd.DataFrame(
        {
            "code": [f"c{i:02d}" for i in range(n_codes)],
            "theme": [f"t{i // 10}" for i in range(n_codes)],
        }
    )
    return presence, codebook


def span_codings(n_essays: int, n_codes: int = 7, seed: int = 0):
    """Two coders, about two segments per (essay, code) where a code applies; coder B's spans
    jittered from A's, some dropped."""
    rng = np.random.default_rng(seed)
    n_chars = rng.integers(800, 3000, size=n_essays)
    essay, code = np.indices((n_essays, n_codes)).reshape(2, -1)
    essay, code = np.repeat(essay, 2), np.repeat(code, 2)
    used = rng.random(len(essay)) < 0.3
    essay, code = essay[used], code[used]
    start = (rng.random(len(essay)) * (n_chars[essay] - 200)).astype(int)
    end = start + rng.integers(20, 200, size=len(essay))
    jitter = rng.integers(-15, 15, size=(2, len(essay)))
    b_start = np.clip(start + jitter[0], 0, None)
    b_end = np.clip(np.maximum(end + jitter[1], b_start + 1), None, n_chars[essay])
    keep_b = rng.random(len(essay)) > 0.1
    ids = np.array([f"e{i:06d}" for i in range(n_essays)])
    codes = np.array([f"c{i}" for i in range(n_codes)])
    frame = pd.DataFrame(
        {
            "coder": np.r_[np.full(len(essay), "A"), np.full(int(keep_b.sum()), "B")],
            "essay_id": np.r_[ids[essay], ids[essay[keep_b]]],
            "code": np.r_[codes[code], codes[code[keep_b]]],
            "start": np.r_[start, b_start[keep_b]],
            "end": np.r_[end, b_end[keep_b]],
        }
    )
    essays = pd.DataFrame({"essay_id": ids, "n_chars": n_chars})
    codebook = pd.DataFrame({"code": codes, "theme": [f"t{i % 2}" for i in range(n_codes)]})
    return frame, essays, codebook


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label:<60s} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codes", type=int, default=50)
    parser.add_argument("--essays", type=int, default=100_000)
    parser.add_argument("--boot", type=int, default=1000)
    parser.add_argument("--span-essays", type=int, default=10_000)
    args = parser.parse_args()
    from thematic.agreement import (
        Resamples,
        character_agreement,
        coefficients,
        presence_agreement,
        segment_agreement,
    )

    codings, essays, span_codebook = span_codings(args.span_essays)
    label = f"{args.span_essays:,} essays x 7 codes x 2 coders ({len(codings):,} segments)"
    for n_boot in (0, args.boot):
        timed(
            f"thematic segment_agreement, {label}, boot={n_boot}",
            lambda n=n_boot: segment_agreement(codings, span_codebook, resamples=Resamples(n, 1)),
        )
        timed(
            f"thematic character_agreement, {label}, boot={n_boot}",
            lambda n=n_boot: character_agreement(
                codings, essays, span_codebook, resamples=Resamples(n, 1)
            ),
        )

    print(f"cpus={os.cpu_count()} codes={args.codes} essays={args.essays} boot={args.boot}")
    presence, codebook = presence_table(args.codes, args.essays)
    table = timed(
        f"thematic presence_agreement ({len(presence):,} rows, all scopes)",
        lambda: presence_agreement(presence, codebook, resamples=Resamples(args.boot, 1)),
    )
    print(f"  -> {len(table)} rows")
    cube = presence.sort_values(["code", "essay_id", "coder"])["applied"].to_numpy()
    cube = cube.reshape(args.codes, args.essays, 2).astype(float)
    pooled = cube.reshape(-1, 2)
    essays = np.tile(np.arange(args.essays), args.codes)
    timed(
        f"thematic coefficients, pooled {len(pooled):,} units, boot over essays",
        lambda: coefficients(
            pooled, categories=[0, 1], n_boot=args.boot, seed=1, boot_groups=essays
        ),
    )
    timed(
        f"thematic coefficients, {args.codes} codes one by one, boot over units",
        lambda: [coefficients(c, categories=[0, 1], n_boot=args.boot, seed=1) for c in cube],
    )
    timed(
        "thematic coefficients, 50 codes, point estimates + SE only",
        lambda: [coefficients(c, categories=[0, 1]) for c in cube],
    )
    try:
        import krippendorff

        timed(
            f"krippendorff.alpha, {args.codes} codes, point estimate only",
            lambda: [krippendorff.alpha(c.T, level_of_measurement="nominal") for c in cube],
        )
    except ImportError:
        print("krippendorff not installed")
    from sklearn.metrics import cohen_kappa_score

    timed(
        f"sklearn cohen_kappa_score, {args.codes} codes, point estimate only",
        lambda: [cohen_kappa_score(c[:, 0], c[:, 1]) for c in cube],
    )


if __name__ == "__main__":
    main()
