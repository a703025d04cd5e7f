"""Stages of suggest.smk: fit the models on the coded essays (with their cross-validated
agreement and learning curve), and suggest codes for the essays awaiting coding.

Two rules so that a new uncoded essay re-runs prediction only: ``suggest_train`` reads the
consensus and the numbered (coded) shards, ``suggest`` the model and the uncoded shard. Only
text the gate cleared or a reviewer waived is read; flagged text (policy warn) is not, and
no text is written: passages are positions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd

from thematic import schemas
from thematic.io import read_artifact, write_artifact, write_csv_artifact

log = logging.getLogger("thematic")
READABLE = ("cleared", "waived")  # the gate's verdicts whose text a model may read


def readable_essays(shards: Sequence[str], keep: pd.Index | None = None) -> pd.DataFrame:
    """essay_id and text of the essays in ``shards`` the gate cleared or waived (of ``keep``
    only, if given), sorted by id."""
    frames = []
    for path in shards:
        shard = pd.read_parquet(path, columns=["essay_id", "deid_status", "text"])
        shard = shard[shard["deid_status"].isin(READABLE) & shard["text"].notna()]
        if keep is not None:
            shard = shard[keep.get_indexer(shard["essay_id"]) >= 0]
        frames.append(shard[["essay_id", "text"]])
    essays = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({"essay_id": pd.Series(dtype=object), "text": pd.Series(dtype=object)})
    )
    return essays.sort_values("essay_id", ignore_index=True)


def suggest_train(
    *,
    consensus: str,
    presence: str,
    pairwise: str,
    codebook: str,
    essays: Sequence[str],
    seed: int,
    folds: int,
    min_essays: int,
    n_boot: int,
    model: str,
    agreement: str,
    learning_curve: str,
) -> None:
    """results/suggest/model.parquet fitted on every analysed essay's consensus, with the
    machine's cross-validated agreement (agreement.parquet) and learning curve."""
    # imported on use, so that other stages' jobs start without scikit-learn (see thematic.stages)
    from thematic import suggest as suggesting
    from thematic.suggest.model import LEVEL

    book = read_artifact(codebook, schemas.Codebook)
    agreed = read_artifact(consensus, schemas.Consensus)
    texts = readable_essays(essays, pd.Index(agreed["essay_id"].unique()))
    corpus = suggesting.corpus(texts, book)
    labels = suggesting.label_matrix(agreed, corpus.essay_ids, corpus.codes)
    settings = {"seed": seed, "min_per_class": min_essays}
    table = suggesting.fit(corpus, labels, range(len(corpus.essay_ids)), **settings)
    cv = {"n_folds": folds, **settings}
    suggested, used = suggesting.cross_validated(corpus, labels, **cv)
    scored = suggesting.machine_agreement(
        suggested,
        used,
        labels,
        corpus.essay_ids,
        corpus.codes,
        read_artifact(presence, schemas.Presence),
        read_artifact(pairwise, schemas.AgreementPairwise),
        n_boot=n_boot,
        seed=seed,
    )
    curve = suggesting.learning_curve(corpus, labels, full=suggested, **cv)
    inputs = [consensus, presence, pairwise, codebook, *essays]
    params = {"level": LEVEL, "folds": folds, "min_essays": min_essays, "seed": seed}
    write_artifact(table, model, schemas.SuggestModel, inputs=inputs, params=params)
    write_artifact(
        scored,
        agreement,
        schemas.SuggestAgreement,
        inputs=inputs,
        params={**params, "n_boot": n_boot},
    )
    write_artifact(
        curve, learning_curve, schemas.SuggestLearningCurve, inputs=inputs, params=params
    )
    log.info(
        "suggest_train: %d essays, classifiers for %d of %d codes",
        len(corpus.essay_ids),
        int(table.query("kind == 'intercept' and model == 'classifier'").shape[0]),
        len(corpus.codes),
    )


def suggest(
    *,
    model: str,
    coverage: str,
    codebook: str,
    essays: Sequence[str],
    suggestions: str,
    queue: str,
) -> None:
    """results/suggest/suggestions.parquet for the essays awaiting coding whose text the gate
    let through, and the coding queue. Nothing is fitted here."""
    # imported on use, so that other stages' jobs start without scikit-learn (see thematic.stages)
    from thematic import suggest as suggesting

    book = read_artifact(codebook, schemas.Codebook)
    cover = read_artifact(coverage, schemas.Coverage)
    waiting = pd.Index(cover.loc[cover["status"] == "awaiting_coding", "essay_id"])
    texts = readable_essays(essays, waiting)
    table = suggesting.predict(read_artifact(model, schemas.SuggestModel), texts, book)
    inputs = [model, coverage, codebook, *essays]
    written = write_artifact(table, suggestions, schemas.Suggestions, inputs=inputs)
    write_csv_artifact(suggesting.coding_queue(written, book), queue, schemas.SuggestQueue)
    log.info(
        "suggest: %d essays awaiting coding, %d with text to suggest for", len(waiting), len(texts)
    )
