"""Stage of agreement.smk: inter-coder agreement at three units of analysis."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd

from thematic import schemas
from thematic.io import read_artifact, write_artifact
from thematic.schemas import columns

log = logging.getLogger("thematic")


def agreement(
    *,
    presence: str,
    codings: Sequence[str],
    essays: Sequence[str],
    codebook: str,
    n_boot: int,
    seed: int,
    min_overlap: float,
    agreement: str,
    pairwise: str,
) -> None:
    """Inter-coder agreement over analysed essays at three units of analysis (essay presence,
    segment overlap, characters), per code, theme and overall; and coder-pair tables.

    The analysed essays are those of ``presence`` (every coder coded them, the gate cleared them).
    """
    # imported on use, so that other stages' jobs start without scipy (see thematic.stages)
    from thematic import agreement as scoring

    present = read_artifact(presence, schemas.Presence)
    book = read_artifact(codebook, schemas.Codebook)
    # looked up by hash in the distinct ids: a Python set of every row's Arrow string, then
    # isin's scalar per id, took seconds at 100,000 essays
    analysed = pd.Index(present["essay_id"].unique())
    segments = pd.concat(  # the span columns only: carrying quotes and memos along was slow
        [read_artifact(p, schemas.Coding)[list(scoring.SPAN_COLUMNS)] for p in codings],
        ignore_index=True,
    )
    segments = segments[analysed.get_indexer(segments["essay_id"]) >= 0]
    lengths = pd.concat(  # the essay shards' lengths; the texts are not read
        [pd.read_parquet(p, columns=["essay_id", "n_chars"]) for p in essays], ignore_index=True
    )
    lengths = lengths[analysed.get_indexer(lengths["essay_id"]) >= 0]
    inputs = [presence, *codings, *essays, codebook]
    params = {"n_boot": n_boot, "seed": seed, "min_overlap": min_overlap}
    not_computed = scoring.why_not_computed(present)
    if not_computed is not None:
        log.warning("agreement not computed: %s; its tables are empty", not_computed)
        for model, path in ((schemas.Agreement, agreement), (schemas.AgreementPairwise, pairwise)):
            empty = pd.DataFrame(columns=columns(model))
            write_artifact(empty, path, model, inputs=inputs, params=params)
        return
    # the three units resample the same analysed essays: drawn once, shared
    resamples = scoring.Resamples(n_boot, seed)
    by_presence = scoring.presence_agreement(present, book, resamples=resamples)
    by_segment = scoring.segment_agreement(
        segments, book, min_overlap=min_overlap, resamples=resamples
    )
    by_character = scoring.character_agreement(segments, lengths, book, resamples=resamples)
    table = pd.concat([by_presence, by_segment, by_character], ignore_index=True)
    write_artifact(table, agreement, schemas.Agreement, inputs=inputs, params=params)
    pairs = scoring.pairwise_agreement(present, book, all_coders=by_presence)
    write_artifact(pairs, pairwise, schemas.AgreementPairwise, inputs=inputs, params=params)
