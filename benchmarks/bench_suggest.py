"""Benchmark: machine suggestions (thematic.suggest) on the example study and on synthetic
studies of N essays (``thematic synth``).

For each study, in the same run: the full Snakemake build (which includes the suggest rules),
then in-process on the built study's artifacts: counting the corpus, fitting the models on
every coded essay, cross-validation, the learning curve, and predicting 1,000 new essays; and
the machine's cross-validated agreement with the consensus per code (Cohen's kappa and Gwet's
AC1 with 95% bootstrap intervals) at both levels (essay TF-IDF; passages pooled by max).

Synthetic agreement is an upper bound: the generator plants each code's sentences, so a model
only has to find them. The example study (22 essays written for the project, coded by two
people) is the honest figure. Prints figures only; nothing is asserted.

Run: python benchmarks/bench_suggest.py [--sizes 22,1000,10000] [--seed 0]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "workflow"))

from thematic import schemas  # noqa: E402
from thematic.commands.synth import write_study  # noqa: E402
from thematic.io import read_artifact  # noqa: E402
from thematic.stages.suggest import readable_essays, suggest_train  # noqa: E402
from thematic.suggest import (  # noqa: E402
    corpus,
    cross_validated,
    fit,
    label_matrix,
    learning_curve,
    machine_agreement,
    predict,
)
from thematic.synth import synthesize  # noqa: E402

SEED = 20261124


def build(study: Path) -> float:
    start = time.perf_counter()
    command = [
        sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"),
        "--directory", str(study), "--cores", "2", "--nocolor", "--quiet",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return time.perf_counter() - start


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def measure(study: Path, label: str, n_new: int) -> None:
    wall = build(study)
    results = study / "results"
    book = read_artifact(results / "codebook/codebook.parquet", schemas.Codebook)
    agreed = read_artifact(results / "merge/consensus.parquet", schemas.Consensus)
    shards = sorted(str(p) for p in (results / "ingest/shards").glob("[0-9]*.parquet"))
    texts = readable_essays(shards, pd.Index(agreed["essay_id"].unique()))
    found, t_count = timed(corpus, texts, book)
    labels = label_matrix(agreed, found.essay_ids, found.codes)
    settings = {"seed": SEED, "min_per_class": 5}
    table, t_fit = timed(fit, found, labels, np.arange(len(found.essay_ids)), **settings)
    new = synthesize(n_new, 1, 99).essays[["essay_id", "text"]]
    _, t_predict = timed(predict, table, new, book)
    print(f"\n## {label}: {len(found.essay_ids)} coded essays, {found.n_passages} passages")
    print(
        f"full build {wall:.1f} s | count {t_count:.2f} s | fit {t_fit:.2f} s | "
        f"predict {n_new} new essays {t_predict:.2f} s | model rows {len(table)}"
    )
    with tempfile.TemporaryDirectory() as out:
        _, t_stage = timed(
            suggest_train,
            consensus=str(results / "merge/consensus.parquet"),
            presence=str(results / "merge/presence.parquet"),
            pairwise=str(results / "agreement/pairwise.parquet"),
            codebook=str(results / "codebook/codebook.parquet"),
            essays=shards,
            seed=SEED,
            folds=5,
            min_essays=5,
            n_boot=1000,
            model=f"{out}/model.parquet",
            agreement=f"{out}/agreement.parquet",
            learning_curve=f"{out}/learning_curve.parquet",
        )
    print(
        f"suggest_train stage in-process (fit, 5-fold CV, agreement, learning curve): "
        f"{t_stage:.1f} s, {100 * t_stage / wall:.0f}% of the full build's wall time"
    )
    presence = read_artifact(results / "merge/presence.parquet", schemas.Presence)
    human = read_artifact(results / "agreement/pairwise.parquet", schemas.AgreementPairwise)
    # the passage level lost clearly at 1,000 essays; not repeated at larger sizes
    for level in ("essay", "passage") if len(found.essay_ids) <= 1000 else ("essay",):
        (suggested, used), t_cv = timed(
            cross_validated, found, labels, n_folds=5, level=level, **settings
        )
        scored = machine_agreement(
            suggested, used, labels, found.essay_ids, found.codes, presence, human,
            n_boot=1000, seed=SEED,
        )  # fmt: skip
        rows = scored[
            (scored["comparison"] == "machine_vs_consensus")
            & scored["coefficient"].isin(["cohen_kappa", "gwet_ac1"])
        ]
        print(f"\nlevel {level}: 5-fold cross-validation {t_cv:.1f} s")
        print("| code | model | kappa [95% CI] | AC1 [95% CI] | coders' kappa |")
        print("|---|---|---:|---:|---:|")
        humans = human[(human["coefficient"] == "cohen_kappa") & (human["scope"] == "code")]
        humans = humans.set_index("scope_id")["value"]
        for code, cells in rows.groupby("scope_id", sort=False):
            c = cells.set_index("coefficient")

            def shown(name: str, c=c) -> str:
                v, lo, hi = c.loc[name, ["value", "ci_low", "ci_high"]]
                return f"{v:.2f} [{lo:.2f}, {hi:.2f}]"

            coders = f"{humans[code]:.2f}" if code in humans.index else "-"
            print(
                f"| {code} | {c['model'].iloc[0]} | {shown('cohen_kappa')} | "
                f"{shown('gwet_ac1')} | {coders} |"
            )
        if level == "essay":
            essay_level = suggested
    curve, t_curve = timed(learning_curve, found, labels, n_folds=5, full=essay_level, **settings)
    pooled = curve[(curve["code"] == "all") & (curve["coefficient"] == "cohen_kappa")]
    print(f"\nlearning curve {t_curve:.1f} s; pooled kappa by training essays:")
    print(
        ", ".join(f"{n}: {v:.2f}" for n, v in zip(pooled["n_train"], pooled["value"], strict=True))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="22,1000,10000", help="22 is the example study")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            study = Path(tmp) / f"study_{size}"
            if size == 22:
                for part in ("config", "resources"):
                    shutil.copytree(REPO / part, study / part)
                label = "example study (22 essays, two human coders)"
            else:
                write_study(synthesize(size, 2, args.seed), study)
                label = f"synthetic, {size} essays (UPPER BOUND: the generator plants its codes)"
            measure(study, label, n_new=1000)


if __name__ == "__main__":
    main()
