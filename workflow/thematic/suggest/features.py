"""TF-IDF features of passages and essays: word and character n-grams, as scikit-learn counts
them, weighted by a vocabulary that is stored with the model rather than pickled.

Counting and weighting are split so that cross-validation counts the terms of every passage
once and then, per fold, chooses the vocabulary and its idf from the training rows alone
(exactly what fitting on those rows would give: a term seen in fewer than ``MIN_DF`` passages
overall is seen in fewer in any subset). Weights: sublinear tf ``1 + ln(count)`` times the
smoothed idf ``ln((1 + n) / (1 + df)) + 1`` (scikit-learn's ``TfidfTransformer`` with
``smooth_idf``), each analyser's block L2-normalised, as a ``FeatureUnion`` of two
``TfidfVectorizer`` would. Not for the models (see :mod:`.model`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

# (analyzer, n-gram range, most terms kept); terms must occur in at least MIN_DF passages
ANALYZERS = (("word", (1, 2), 20_000), ("char_wb", (3, 5), 30_000))
MIN_DF = 2


def _vectorizer(analyzer: str, ngrams: tuple[int, int], vocabulary=None) -> CountVectorizer:
    return CountVectorizer(
        analyzer=analyzer,
        ngram_range=ngrams,
        lowercase=True,
        vocabulary=vocabulary,
        dtype=np.float64,
    )


@dataclass(frozen=True)
class Counts:
    """Raw term counts of some documents: ``matrix`` (n_docs, n_terms), the terms of each
    column and the analyser that made it (word block first)."""

    matrix: sp.csr_matrix
    terms: np.ndarray
    analyzers: np.ndarray


def count_terms(texts: list[str]) -> Counts:
    """Counts of every term that occurs in at least ``MIN_DF`` of ``texts``."""
    blocks, terms, analyzers = [], [], []
    for analyzer, ngrams, _ in ANALYZERS:
        if len(texts) == 0:
            blocks.append(sp.csr_matrix((0, 0)))
            continue
        vectorizer = _vectorizer(analyzer, ngrams)
        try:
            matrix = vectorizer.fit_transform(texts).tocsc()
        except ValueError:  # no term at all (e.g. only punctuation)
            blocks.append(sp.csr_matrix((len(texts), 0)))
            continue
        kept = np.flatnonzero(np.diff(matrix.indptr) >= MIN_DF)  # df: nonzeros per column
        blocks.append(matrix[:, kept].tocsr())
        terms.append(vectorizer.get_feature_names_out()[kept])
        analyzers.append(np.full(len(kept), analyzer, dtype=object))
    matrix = sp.hstack(blocks, format="csr") if texts else sp.csr_matrix((0, 0))
    return Counts(
        matrix.astype(np.float64),
        np.concatenate(terms) if terms else np.array([], dtype=object),
        np.concatenate(analyzers) if analyzers else np.array([], dtype=object),
    )


def choose_vocabulary(counts: Counts, rows: np.ndarray) -> pd.DataFrame:
    """The vocabulary fitted on ``rows`` of ``counts``: per analyser the terms in at least
    ``MIN_DF`` of those rows, the most frequent ``max_features`` of them (ties by term), with
    their idf. Columns analyzer, term, column (its position in ``counts``), idf; in ``ANALYZERS``
    order, then by term: the order of the model's feature axis."""
    sub = counts.matrix[rows]
    n_docs = sub.shape[0]
    df = np.diff(sub.tocsc().indptr)
    total = np.asarray(sub.sum(axis=0)).ravel()
    frames = []
    for analyzer, _, max_features in ANALYZERS:
        block = np.flatnonzero((counts.analyzers == analyzer) & (df >= MIN_DF))
        # most frequent first, ties broken by the term so the choice never depends on order
        order = np.lexsort((counts.terms[block].astype(str), -total[block]))
        chosen = np.sort(block[order[:max_features]])
        frames.append(
            pd.DataFrame(
                {
                    "analyzer": analyzer,
                    "term": counts.terms[chosen].astype(str),
                    "column": chosen.astype(np.int64),
                    "idf": np.log((1 + n_docs) / (1 + df[chosen])) + 1.0,
                }
            )
        )
    # frames are in ANALYZERS order; within a block, by term
    return pd.concat([f.sort_values("term", kind="stable") for f in frames], ignore_index=True)


def weigh(raw: sp.csr_matrix, vocabulary: pd.DataFrame) -> sp.csr_matrix:
    """TF-IDF rows from raw counts laid out as ``vocabulary`` (its row order): sublinear tf
    times idf, each analyser's block L2-normalised (an all-zero row stays zero)."""
    tf = raw.tocsr(copy=True).astype(np.float64)
    tf.data = 1.0 + np.log(tf.data, where=tf.data > 0, out=np.zeros_like(tf.data))
    weighted = tf @ sp.diags(vocabulary["idf"].to_numpy(float))
    blocks = []
    for analyzer, _, _ in ANALYZERS:
        columns = np.flatnonzero((vocabulary["analyzer"] == analyzer).to_numpy())
        blocks.append(_unit_rows(weighted[:, columns].tocsr()))
    return sp.hstack(blocks, format="csr")


def _unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit L2 norm; all-zero rows (and no rows at all) left as they are."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return (sp.diags(scale) @ matrix).tocsr()


def counts_in_vocabulary(texts: list[str], vocabulary: pd.DataFrame) -> sp.csr_matrix:
    """Raw counts of ``texts`` over a stored vocabulary (its row order): how new essays are
    counted at prediction, with no fitting."""
    blocks = []
    for analyzer, ngrams, _ in ANALYZERS:
        terms = vocabulary.loc[vocabulary["analyzer"] == analyzer, "term"].tolist()
        if not terms or not texts:
            blocks.append(sp.csr_matrix((len(texts), len(terms))))
            continue
        vectorizer = _vectorizer(analyzer, ngrams, {t: i for i, t in enumerate(terms)})
        blocks.append(vectorizer.transform(texts))
    return sp.hstack(blocks, format="csr").astype(np.float64)


def sum_by_group(matrix: sp.csr_matrix, groups: np.ndarray, n_groups: int) -> sp.csr_matrix:
    """Rows of ``matrix`` summed per group (0..n_groups-1): passages' counts into essays'."""
    indicator = sp.csr_matrix(
        (np.ones(len(groups)), (groups, np.arange(len(groups)))), shape=(n_groups, len(groups))
    )
    return (indicator @ matrix).tocsr()
