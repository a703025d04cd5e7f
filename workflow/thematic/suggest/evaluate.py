"""How far to trust the suggestions: the machine scored as a coder, out of fold.

Essays with a consensus are split into folds by essay (``GroupKFold``, shuffled with the seed),
and each fold is suggested by a model fitted, vocabulary included, on the other folds alone,
by the same :func:`.model.fit` the pipeline uses. The out-of-fold suggestions are then rated
against the consensus and against each coder with :func:`thematic.agreement.coefficients`
(Cohen's kappa, Gwet's AC1 and the rest, with bootstrap intervals over essays). The learning
curve repeats the folds with each fold's training essays subsampled (seeded) to a size.

Not for choosing hyperparameters: nothing here is tuned on these numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from thematic import schemas
from thematic.agreement import coefficients
from thematic.agreement.rows import labelled
from thematic.suggest.model import LEVEL, Corpus, Weights, fit, score, weights_of

MACHINE = "machine"
CONSENSUS = "consensus"
CURVE_COEFFICIENTS = ("cohen_kappa", "gwet_ac1", "percent_agreement")
AGREEMENT_COLUMNS = schemas.columns(schemas.SuggestAgreement)


def folds(n_essays: int, n_folds: int, seed: int) -> list[np.ndarray]:
    """Held-out essay positions of each fold: grouped by essay, shuffled with ``seed``; no
    folds for fewer than two essays."""
    n_splits = min(n_folds, n_essays)
    if n_splits < 2:
        return []
    groups = np.arange(n_essays)
    splitter = GroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [np.sort(test) for _, test in splitter.split(groups, groups=groups)]


def _predict_rows(weights: Weights, corpus: Corpus, rows: np.ndarray, level: str):
    """Suggested (len(rows), n_codes) for the essays at ``rows`` of the corpus."""
    in_rows = np.isin(corpus.passage_essay, rows)
    passage_rows = np.flatnonzero(in_rows)
    vocabulary_columns = _columns_of(weights, corpus)
    raw = corpus.counts.matrix[passage_rows][:, vocabulary_columns]
    local = np.searchsorted(rows, corpus.passage_essay[passage_rows])
    _, suggested, _ = score(weights, raw, local, len(rows), level=level)
    return suggested


def _columns_of(weights: Weights, corpus: Corpus) -> np.ndarray:
    """Where the model's vocabulary sits in the corpus' counts (it was chosen from them)."""
    key = pd.MultiIndex.from_arrays([corpus.counts.analyzers, corpus.counts.terms.astype(str)])
    wanted = pd.MultiIndex.from_arrays(
        [weights.vocabulary["analyzer"], weights.vocabulary["term"].astype(str)]
    )
    return key.get_indexer(wanted)


def cross_validated(
    corpus: Corpus,
    labels: np.ndarray,
    *,
    n_folds: int,
    seed: int,
    min_per_class: int,
    level: str = LEVEL,
    n_train: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold suggestions for every essay with a consensus label.

    Returns (suggested (n_essays, n_codes) as 0.0/1.0, NaN for essays in no fold; used_classifier
    (n_folds, n_codes) bool). ``n_train``: subsample each fold's training essays to this many
    (seeded by fold and size), for the learning curve."""
    labelled_rows = np.flatnonzero(~np.isnan(labels).all(axis=1))
    out = np.full(labels.shape, np.nan)
    used = []
    for k, held_out in enumerate(folds(len(labelled_rows), n_folds, seed)):
        test = labelled_rows[held_out]
        train = np.setdiff1d(labelled_rows, test)
        if n_train is not None and n_train < len(train):
            rng = np.random.default_rng([seed, k, n_train])
            train = np.sort(rng.choice(train, size=n_train, replace=False))
        table = fit(corpus, labels, train, seed=seed, min_per_class=min_per_class, level=level)
        weights = weights_of(table, corpus.codes)
        out[test] = _predict_rows(weights, corpus, test, level)
        used.append(weights.has_classifier)
    return out, np.array(used, dtype=bool).reshape(-1, labels.shape[1])


def _rows(
    machine: np.ndarray,
    other: np.ndarray,
    codes: pd.Index,
    *,
    n_boot: int,
    seed: int,
    coder_b: str,
    comparison: str,
    model_of: list[str],
) -> list[pd.DataFrame]:
    """Per code and pooled over codes (bootstrap by essay): the machine against ``other``."""
    frames = []
    for j, code in enumerate(codes):
        ratings = np.column_stack([machine[:, j], other[:, j]])
        table = coefficients(ratings, categories=[0, 1], n_boot=n_boot, seed=seed)
        n_units = int((~np.isnan(ratings).any(axis=1)).sum())
        block = labelled(table, "essay_presence", "code", str(code), "per_code", n_units, 2)
        frames.append(block.assign(model=model_of[j]))
    stacked = np.column_stack([machine.ravel(), other.ravel()])
    groups = np.repeat(np.arange(machine.shape[0]), machine.shape[1])
    table = coefficients(stacked, categories=[0, 1], n_boot=n_boot, seed=seed, boot_groups=groups)
    n_units = int((~np.isnan(stacked).any(axis=1)).sum())
    pooled = labelled(table, "essay_presence", "overall", "all", "pooled", n_units, 2)
    frames.append(pooled.assign(model="mixed" if len(set(model_of)) > 1 else model_of[0]))
    return [f.assign(coder_a=MACHINE, coder_b=coder_b, comparison=comparison) for f in frames]


def machine_agreement(
    suggested: np.ndarray,
    used_classifier: np.ndarray,
    labels: np.ndarray,
    essay_ids: pd.Index,
    codes: pd.Index,
    presence: pd.DataFrame,
    human_pairs: pd.DataFrame,
    *,
    n_boot: int,
    seed: int,
) -> pd.DataFrame:
    """The SuggestAgreement table: machine vs consensus, machine vs each coder (from
    ``presence``, the Presence artifact), and the coders' own pairs (``human_pairs``, the
    AgreementPairwise artifact) copied alongside. Essays without an out-of-fold suggestion are
    left out; pending consensus cells too (a unit rated once)."""
    if used_classifier.size:
        share = used_classifier.mean(axis=0)
        model_of = [
            "classifier" if s == 1 else "codebook_baseline" if s == 0 else "mixed" for s in share
        ]
    else:
        model_of = ["codebook_baseline"] * len(codes)
    rated = ~np.isnan(suggested).all(axis=1)
    machine = suggested[rated]
    frames = _rows(
        machine,
        labels[rated],
        codes,
        n_boot=n_boot,
        seed=seed,
        coder_b=CONSENSUS,
        comparison="machine_vs_consensus",
        model_of=model_of,
    )
    essays = essay_ids[rated]
    for coder, applied in presence.groupby("coder", sort=True):
        grid = np.full(machine.shape, np.nan)
        rows = essays.get_indexer(applied["essay_id"])
        cols = codes.get_indexer(applied["code"])
        keep = (rows >= 0) & (cols >= 0)
        grid[rows[keep], cols[keep]] = applied["applied"].to_numpy(bool)[keep]
        frames += _rows(
            machine,
            grid,
            codes,
            n_boot=n_boot,
            seed=seed,
            coder_b=str(coder),
            comparison="machine_vs_coder",
            model_of=model_of,
        )
    if not rated.any():
        frames = []
    humans = human_pairs.assign(comparison="coder_vs_coder", model=None)
    table = pd.concat([*frames, humans], ignore_index=True) if frames else humans
    return table[AGREEMENT_COLUMNS].astype({"n_units": "int64", "n_coders": "int64"})


# The curve's question is how many essays must be coded before suggestions help: it is
# sampled densely up to here; beyond, the full cross-validation is its last point.
CURVE_MAX = 1000


def training_sizes(n_max: int) -> list[int]:
    """5, 10, 20, 50, 100, 200, 500, 1000 below ``n_max``."""
    grid = [m * 10**e for e in range(4) for m in (1, 2, 5) if 5 <= m * 10**e <= CURVE_MAX]
    return [n for n in grid if n < n_max]


def learning_curve(
    corpus: Corpus,
    labels: np.ndarray,
    *,
    n_folds: int,
    seed: int,
    min_per_class: int,
    level: str = LEVEL,
    full: np.ndarray | None = None,
) -> pd.DataFrame:
    """The SuggestLearningCurve table: out-of-fold agreement with the consensus per code and
    pooled, for each number of training essays up to ``CURVE_MAX`` and for all of a fold's
    (labelled with the smallest fold's training size; point values: intervals are for the
    full model, in :func:`machine_agreement`). ``full``: :func:`cross_validated`'s
    suggestions with the same folds, when already computed."""
    n_labelled = int((~np.isnan(labels).all(axis=1)).sum())
    held = folds(n_labelled, n_folds, seed)
    n_max = n_labelled - max((len(h) for h in held), default=n_labelled)
    settings = {"n_folds": n_folds, "seed": seed, "min_per_class": min_per_class, "level": level}
    runs = [
        (n, lambda n=n: cross_validated(corpus, labels, n_train=n, **settings)[0])
        for n in training_sizes(n_max)
    ]
    if n_max > 0:
        runs.append(
            (
                n_max,
                lambda: (
                    full if full is not None else cross_validated(corpus, labels, **settings)[0]
                ),
            )
        )
    rows = []
    for n_train, run in runs:
        suggested = run()
        scopes = [(str(c), suggested[:, [j]], labels[:, [j]]) for j, c in enumerate(corpus.codes)]
        scopes.append(("all", suggested, labels))
        for code, machine, consensus in scopes:
            ratings = np.column_stack([machine.ravel(), consensus.ravel()])
            table = coefficients(ratings, categories=[0, 1]).set_index("name")
            n_units = int((~np.isnan(ratings).any(axis=1)).sum())
            for name in CURVE_COEFFICIENTS:
                rows.append((code, n_train, name, table.at[name, "value"], n_units))
    return pd.DataFrame(rows, columns=schemas.columns(schemas.SuggestLearningCurve))
