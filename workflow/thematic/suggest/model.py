"""A model per code: fitted on the consensus of coded essays, stored as a table, applied to
essays nobody has coded yet.

For each code, a logistic regression (scikit-learn, ``class_weight="balanced"``, liblinear,
seeded) on the essays' TF-IDF vectors (:mod:`.features`), when the consensus holds at least
``min_per_class`` essays with the code present and as many with it absent; otherwise the
codebook baseline: the cosine similarity of each passage to the code's definition, inclusion
text, example, aliases and label (its exclusion text left out: it describes other codes).
Both are linear in a passage's TF-IDF vector, so one table stores either: the vocabulary with
its idf, and per code its weights and intercept (:class:`thematic.schemas.SuggestModel`), bytes
that depend on the inputs alone, where a pickle would not say what it holds.

Outputs per (essay, code): ``probability`` (classifier: the logistic probability; baseline: the
best passage's similarity to this code over its similarity to its nearest code, 1 when this code
is some passage's nearest: a score, not a calibrated probability), ``suggested`` (classifier:
probability >= 0.5; baseline: nearest code of some passage), and the passages that weigh most
toward the code. Not for evaluation (see :mod:`.evaluate`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from thematic import schemas
from thematic.suggest import features
from thematic.suggest.passages import passages as split_passages

CLASSIFIER = "classifier"
BASELINE = "codebook_baseline"
# Essay-level TF-IDF, passages scored by the same weights to point at the evidence; "passage"
# fits on passages labelled with their essay's consensus and pools by max. Chosen by the
# cross-validated comparison in benchmarks/bench_suggest.py: pooled kappa 0.95 (essay) vs 0.46
# (passage) on 1,000 synthetic essays, 0.17 vs 0.00 on the example study. Labelling every
# passage of an essay with the essay's code teaches the model that unrelated passages carry it,
# and the max over passages then finds the code almost everywhere.
LEVEL = "essay"
LEVELS = ("essay", "passage")
MAX_PASSAGES = 3  # passages listed per suggestion
CODEBOOK_FIELDS = ("label", "definition", "inclusion", "example", "aliases")
MODEL_COLUMNS = schemas.columns(schemas.SuggestModel)


@dataclass(frozen=True)
class Corpus:
    """Essays cut into passages and counted once; the codebook's description of each code
    counted alongside (the last ``n_codes`` rows of ``counts``), so it shapes the vocabulary.

    ``essay_ids`` sorted; ``passage_essay`` (n_passages,) each passage's position in it."""

    essay_ids: pd.Index
    passages: pd.DataFrame  # essay_id, start, end (no text kept)
    passage_essay: np.ndarray
    counts: features.Counts
    codes: pd.Index

    @property
    def n_passages(self) -> int:
        return len(self.passages)


def code_descriptions(codebook: pd.DataFrame) -> list[str]:
    """Each code's description for the baseline, in codebook order."""
    book = codebook.sort_values("code_order")
    return [
        "\n".join(str(v) for v in row if isinstance(v, str) and v)
        for row in book[list(CODEBOOK_FIELDS)].itertuples(index=False)
    ]


def corpus(essays: pd.DataFrame, codebook: pd.DataFrame) -> Corpus:
    """``essays``: columns essay_id, text (non-null); ``codebook``: the Codebook artifact."""
    ordered = essays.sort_values("essay_id", ignore_index=True)
    cut = split_passages(ordered)
    essay_ids = pd.Index(ordered["essay_id"])
    counts = features.count_terms([*cut["text"], *code_descriptions(codebook)])
    return Corpus(
        essay_ids=essay_ids,
        passages=cut.drop(columns="text"),
        passage_essay=essay_ids.get_indexer(cut["essay_id"]),
        codes=pd.Index(codebook.sort_values("code_order")["code"]),
        counts=counts,
    )


def label_matrix(consensus: pd.DataFrame, essay_ids: pd.Index, codes: pd.Index) -> np.ndarray:
    """(n_essays, n_codes) of 1.0 present, 0.0 absent, NaN pending or not in the consensus."""
    labels = np.full((len(essay_ids), len(codes)), np.nan)
    decided = consensus[consensus["present"].notna()]
    rows = essay_ids.get_indexer(decided["essay_id"])
    cols = codes.get_indexer(decided["code"])
    keep = (rows >= 0) & (cols >= 0)
    labels[rows[keep], cols[keep]] = decided["present"].to_numpy(bool)[keep].astype(float)
    return labels


def fit(
    corpus: Corpus,
    labels: np.ndarray,
    train: np.ndarray,
    *,
    seed: int,
    min_per_class: int,
    level: str = LEVEL,
) -> pd.DataFrame:
    """The model table fitted on the essays at positions ``train`` of ``corpus`` (their
    ``labels`` rows; NaN cells left out): vocabulary, a classifier for each code with enough
    essays on both sides, the baseline for every code."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    train = np.sort(np.asarray(train, dtype=np.int64))
    in_train = np.isin(corpus.passage_essay, train)
    passage_rows = np.flatnonzero(in_train)
    description_rows = corpus.n_passages + np.arange(len(corpus.codes))
    vocabulary = features.choose_vocabulary(
        corpus.counts, np.concatenate([passage_rows, description_rows])
    )
    columns = vocabulary["column"].to_numpy()
    raw = corpus.counts.matrix[:, columns]
    frames = [_vocabulary_rows(vocabulary)]
    descriptions = features.weigh(raw[description_rows], vocabulary)
    frames.append(_baseline_rows(descriptions, corpus.codes))

    if level == "essay":
        essay_raw = features.sum_by_group(
            raw[passage_rows], corpus.passage_essay[passage_rows], len(corpus.essay_ids)
        )
        design, owner = features.weigh(essay_raw[train], vocabulary), train
    else:
        design, owner = (
            features.weigh(raw[passage_rows], vocabulary),
            corpus.passage_essay[passage_rows],
        )
    design.sort_indices()  # once, rather than a copy sorted inside every fit
    for j, code in enumerate(corpus.codes):
        y = labels[owner, j]
        known = ~np.isnan(y)
        by_essay = labels[train, j]
        n_present = int(np.nansum(by_essay))
        n_absent = int((by_essay == 0).sum())
        if min(n_present, n_absent) < min_per_class:
            continue
        # the dual problem: features outnumber essays (liblinear's advice), about twice as fast
        classifier = LogisticRegression(
            class_weight="balanced",
            solver="liblinear",
            dual=True,
            random_state=seed,
            max_iter=1000,
        )
        classifier.fit(design[known], y[known].astype(int))
        frames.append(
            _weight_rows(code, CLASSIFIER, classifier.coef_[0], float(classifier.intercept_[0]))
        )
    return pd.concat(frames, ignore_index=True)[MODEL_COLUMNS]


def _vocabulary_rows(vocabulary: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": "idf",
            "code": None,
            "model": None,
            "analyzer": vocabulary["analyzer"].to_numpy(object),
            "term": vocabulary["term"].to_numpy(object),
            "feature": np.arange(len(vocabulary), dtype=np.int64),
            "value": vocabulary["idf"].to_numpy(float),
        }
    )


def _weight_rows(code: str, model: str, weights: np.ndarray, intercept: float) -> pd.DataFrame:
    nonzero = np.flatnonzero(weights)
    body = pd.DataFrame(
        {
            "kind": "weight",
            "code": code,
            "model": model,
            "analyzer": None,
            "term": None,
            "feature": nonzero.astype(np.int64),
            "value": weights[nonzero].astype(float),
        }
    )
    head = pd.DataFrame(
        {
            "kind": ["intercept"],
            "code": [code],
            "model": [model],
            "analyzer": [None],
            "term": [None],
            "feature": [0],
            "value": [intercept],
        }
    )
    return pd.concat([head, body], ignore_index=True)


def _baseline_rows(descriptions: sp.csr_matrix, codes: pd.Index) -> pd.DataFrame:
    """Each code's description vector scaled to unit length: a passage's dot product with it,
    over the passage's own length, is their cosine similarity."""
    unit = descriptions.toarray()
    norms = np.linalg.norm(unit, axis=1, keepdims=True)
    unit = np.divide(unit, norms, out=np.zeros_like(unit), where=norms > 0)
    return pd.concat(
        [_weight_rows(code, BASELINE, unit[j], 0.0) for j, code in enumerate(codes)],
        ignore_index=True,
    )


@dataclass(frozen=True)
class Weights:
    """A model table as matrices: (n_features, n_codes) weights and (n_codes,) intercepts of
    the classifiers (``has_classifier`` says which codes have one) and of the baseline."""

    vocabulary: pd.DataFrame
    codes: pd.Index
    classifier: np.ndarray
    intercept: np.ndarray
    has_classifier: np.ndarray
    baseline: np.ndarray


def weights_of(model: pd.DataFrame, codes: pd.Index) -> Weights:
    vocab = model[model["kind"] == "idf"].sort_values("feature")
    vocabulary = pd.DataFrame(
        {
            "analyzer": vocab["analyzer"].to_numpy(object),
            "term": vocab["term"].to_numpy(object),
            "idf": vocab["value"].to_numpy(float),
        }
    )
    n_features = len(vocabulary)
    matrices = {m: np.zeros((n_features, len(codes))) for m in (CLASSIFIER, BASELINE)}
    intercept = np.zeros(len(codes))
    has_classifier = np.zeros(len(codes), bool)
    rows = model[model["kind"] != "idf"]
    col = codes.get_indexer(rows["code"])
    if (col < 0).any():
        unknown = sorted(set(rows.loc[col < 0, "code"]))[:5]
        raise ValueError(f"model has codes not in the codebook: {unknown}")
    for name, matrix in matrices.items():
        mine = (rows["model"] == name).to_numpy()
        weight = mine & (rows["kind"] == "weight").to_numpy()
        matrix[rows["feature"].to_numpy()[weight], col[weight]] = rows["value"].to_numpy()[weight]
        if name == CLASSIFIER:
            head = mine & (rows["kind"] == "intercept").to_numpy()
            intercept[col[head]] = rows["value"].to_numpy()[head]
            has_classifier[col[head]] = True
    return Weights(
        vocabulary, codes, matrices[CLASSIFIER], intercept, has_classifier, matrices[BASELINE]
    )


def score(
    weights: Weights,
    passage_raw: sp.csr_matrix,
    passage_essay: np.ndarray,
    n_essays: int,
    *,
    level: str = LEVEL,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores of essays and passages from raw passage counts in the model's vocabulary.

    Returns (essay_probability (n_essays, n_codes), suggested (same, bool), passage_score
    (n_passages, n_codes), the ranking of passages toward each code)."""
    vocabulary = weights.vocabulary
    x_passage = features.weigh(passage_raw, vocabulary)
    # baseline: cosine of each passage to each description, relative to the passage's nearest
    length = np.sqrt(np.asarray(x_passage.multiply(x_passage).sum(axis=1))).ravel()
    similarity = np.asarray(x_passage @ weights.baseline)
    similarity = np.divide(
        similarity, length[:, None], out=np.zeros_like(similarity), where=length[:, None] > 0
    )
    nearest = similarity.max(axis=1, keepdims=True)
    relative = np.divide(similarity, nearest, out=np.zeros_like(similarity), where=nearest > 0)
    essay_relative = _max_by_essay(relative, passage_essay, n_essays)

    passage_logit = np.asarray(x_passage @ weights.classifier) + weights.intercept
    if level == "essay":
        essay_raw = features.sum_by_group(passage_raw, passage_essay, n_essays)
        x_essay = features.weigh(essay_raw, vocabulary)
        essay_p = expit(np.asarray(x_essay @ weights.classifier) + weights.intercept)
    else:
        essay_p = _max_by_essay(expit(passage_logit), passage_essay, n_essays)
    use = weights.has_classifier[None, :]
    probability = np.where(use, essay_p, essay_relative)
    suggested = np.where(use, essay_p >= 0.5, essay_relative >= 1.0)
    passage_score = np.where(use, passage_logit, similarity)
    return probability, suggested, passage_score


def _max_by_essay(values: np.ndarray, essay: np.ndarray, n_essays: int) -> np.ndarray:
    """(n_essays, n_codes) max over each essay's rows of ``values``; 0 for an essay with none."""
    out = np.full((n_essays, values.shape[1]), -np.inf)
    np.maximum.at(out, essay, values)
    return np.where(np.isfinite(out), out, 0.0)


def top_passages(
    passage_score: np.ndarray, passages: pd.DataFrame, passage_essay: np.ndarray, n_essays: int
) -> list[list[str]]:
    """[essay][code] JSON list of [start, end] of the essay's ``MAX_PASSAGES`` passages that
    score highest toward the code, strongest first (ties by position)."""
    out = [["[]"] * passage_score.shape[1] for _ in range(n_essays)]
    starts = passages["start"].to_numpy()
    ends = passages["end"].to_numpy()
    for j in range(passage_score.shape[1]):
        order = np.lexsort((starts, -passage_score[:, j], passage_essay))
        essay_sorted = passage_essay[order]
        first = np.searchsorted(essay_sorted, essay_sorted, side="left")
        rank = np.arange(len(order)) - first
        picked: dict[int, list[list[int]]] = {}
        for k in order[rank < MAX_PASSAGES]:
            picked.setdefault(int(passage_essay[k]), []).append([int(starts[k]), int(ends[k])])
        for essay, spans in picked.items():
            out[essay][j] = json.dumps(spans, separators=(",", ":"))
    return out


def predict(
    model: pd.DataFrame, essays: pd.DataFrame, codebook: pd.DataFrame, *, level: str = LEVEL
) -> pd.DataFrame:
    """Suggestions for ``essays`` (essay_id, text non-null): one row per (essay, code) in essay
    then codebook order, columns of :class:`thematic.schemas.Suggestions`. Nothing is fitted."""
    codes = pd.Index(codebook.sort_values("code_order")["code"])
    weights = weights_of(model, codes)
    ordered = essays.sort_values("essay_id", ignore_index=True)
    cut = split_passages(ordered)
    essay_ids = pd.Index(ordered["essay_id"])
    passage_essay = essay_ids.get_indexer(cut["essay_id"])
    raw = features.counts_in_vocabulary(cut["text"].tolist(), weights.vocabulary)
    probability, suggested, passage_score = score(
        weights, raw, passage_essay, len(essay_ids), level=level
    )
    spans = top_passages(passage_score, cut, passage_essay, len(essay_ids))
    n_codes = len(codes)
    return pd.DataFrame(
        {
            "essay_id": np.repeat(essay_ids.to_numpy(object), n_codes),
            "code": np.tile(codes.to_numpy(object), len(essay_ids)),
            "probability": probability.ravel(),
            "suggested": suggested.ravel(),
            "model": np.tile(
                np.where(weights.has_classifier, CLASSIFIER, BASELINE), len(essay_ids)
            ),
            "passages": [s for row in spans for s in row],
        }
    )[schemas.columns(schemas.Suggestions)]
