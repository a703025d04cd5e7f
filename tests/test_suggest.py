"""Machine suggestions: features as scikit-learn computes them, a model that learns planted
signal and not shuffled labels, deterministic model bytes, no essay text in any artifact, the
stages' reading of only the text the gate let through, the queue and the report's section."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from thematic import schemas
from thematic.codebook import load_codebook
from thematic.io import read_artifact, write_artifact
from thematic.stages import suggest, suggest_train
from thematic.suggest import (
    BASELINE,
    CLASSIFIER,
    coding_queue,
    corpus,
    cross_validated,
    features,
    fit,
    label_matrix,
    learning_curve,
    machine_agreement,
    predict,
)
from thematic.suggest.passages import passage_spans

FILLER = (
    "the clinic was busy that morning and the corridor smelled of coffee and disinfectant "
    "we talked about the weather the parking and the long wait for results"
).split()
# a code is present in an essay exactly when one of its paragraphs carries these words
PLANTED = {
    "support_networks": "her sister and the neighbours and the choir drove her to every infusion",
    "compassion": "i felt his pain in my own stomach and wanted to take it from him",
}


def essay_text(rng: np.random.Generator, codes: set[str]) -> str:
    paragraphs = [" ".join(rng.choice(FILLER, size=30)) + "." for _ in range(3)]
    for code in sorted(codes):
        paragraphs.insert(int(rng.integers(0, len(paragraphs) + 1)), PLANTED[code] + ".")
    return "\n\n".join(paragraphs) + "\n"


def planted_study(n: int = 40, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Essays (essay_id, text) and a consensus in which each planted code is present at random."""
    rng = np.random.default_rng(seed)
    rows, texts = [], []
    for k in range(n):
        essay_id = f"e{k:03d}"
        present = {c for c in PLANTED if rng.random() < 0.5}
        texts.append((essay_id, essay_text(rng, present)))
        for code in PLANTED:
            rows.append((essay_id, code, "t", code in present, "agreed", 2, None, None))
    essays = pd.DataFrame(texts, columns=["essay_id", "text"])
    consensus = pd.DataFrame(rows, columns=schemas.columns(schemas.Consensus))
    consensus["present"] = consensus["present"].astype("boolean")
    return essays, consensus


@pytest.fixture(scope="module")
def book() -> pd.DataFrame:
    from pathlib import Path

    table = load_codebook(Path(__file__).resolve().parents[1] / "config" / "codebook.yaml")
    return table[table["code"].isin(PLANTED)].reset_index(drop=True)


def test_passages_are_paragraph_offsets_into_the_text() -> None:
    text = "  First one.\n\nSecond\nstill second. \n \n\nThird"
    spans = passage_spans(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second\nstill second.", "Third"]
    assert passage_spans("   \n\n ") == []


def test_tfidf_of_chosen_rows_is_scikit_learns_fit_on_those_rows() -> None:
    """Counting every passage once and choosing the vocabulary from some rows gives what
    fitting TfidfVectorizer on those rows alone gives (the honesty of the folds rests on it)."""
    rng = np.random.default_rng(0)
    texts = [" ".join(rng.choice(FILLER, size=12)) for _ in range(30)]
    rows = np.arange(0, 30, 2)
    counts = features.count_terms(texts)
    vocabulary = features.choose_vocabulary(counts, rows)
    ours = features.weigh(counts.matrix[rows][:, vocabulary["column"].to_numpy()], vocabulary)
    start = 0
    for analyzer, ngrams, _ in features.ANALYZERS:
        theirs = TfidfVectorizer(
            analyzer=analyzer, ngram_range=ngrams, min_df=features.MIN_DF, sublinear_tf=True
        ).fit([texts[r] for r in rows])
        terms = theirs.get_feature_names_out()
        block = vocabulary["analyzer"] == analyzer
        assert vocabulary.loc[block, "term"].tolist() == sorted(terms)
        n = len(terms)
        expected = theirs.transform([texts[r] for r in rows]).toarray()
        np.testing.assert_allclose(ours[:, start : start + n].toarray(), expected, atol=1e-12)
        start += n
    # and counting new texts over the stored vocabulary agrees with the counted matrix
    again = features.counts_in_vocabulary([texts[r] for r in rows], vocabulary)
    np.testing.assert_array_equal(
        again.toarray(), counts.matrix[rows][:, vocabulary["column"].to_numpy()].toarray()
    )


def test_classifier_learns_planted_codes_out_of_fold(book) -> None:
    essays, consensus = planted_study()
    found = corpus(essays, book)
    labels = label_matrix(consensus, found.essay_ids, found.codes)
    suggested, used = cross_validated(found, labels, n_folds=5, seed=1, min_per_class=5)
    assert used.all()  # 40 essays, about half present: every fold trains classifiers
    assert (suggested == labels).mean() > 0.95


def test_shuffled_labels_give_chance_agreement_not_leakage(book) -> None:
    """If anything of a held-out essay leaked into its model, shuffled labels would still be
    predicted; out of fold they cannot be."""
    essays, consensus = planted_study(n=60)
    found = corpus(essays, book)
    labels = label_matrix(consensus, found.essay_ids, found.codes)
    shuffled = np.random.default_rng(9).permutation(labels)
    suggested, _ = cross_validated(found, shuffled, n_folds=5, seed=1, min_per_class=5)
    assert (suggested == shuffled).mean() < 0.7


def test_codes_with_few_essays_fall_back_to_the_codebook_baseline(book) -> None:
    essays, consensus = planted_study(n=12)
    found = corpus(essays, book)
    labels = label_matrix(consensus, found.essay_ids, found.codes)
    n_present = np.nansum(labels, axis=0)
    table = fit(found, labels, np.arange(12), seed=1, min_per_class=int(n_present.min()) + 1)
    heads = table[table["kind"] == "intercept"]
    rarest = found.codes[int(np.argmin(n_present))]
    assert rarest not in set(heads.loc[heads["model"] == CLASSIFIER, "code"])
    assert set(heads.loc[heads["model"] == BASELINE, "code"]) == set(found.codes)
    out = predict(table, essays.head(3), book)
    assert set(out.loc[out["code"] == rarest, "model"]) == {BASELINE}


def test_pending_consensus_cells_are_left_out_of_training_and_scoring(book) -> None:
    essays, consensus = planted_study(n=20)
    consensus.loc[consensus.index[:4], "present"] = pd.NA
    found = corpus(essays, book)
    labels = label_matrix(consensus, found.essay_ids, found.codes)
    assert np.isnan(labels).sum() == 4


def test_model_bytes_are_identical_across_fits_and_predict_matches_the_folds(
    book, tmp_path
) -> None:
    essays, consensus = planted_study()
    paths = []
    for k in range(2):
        found = corpus(essays.sample(frac=1, random_state=k), book)  # input order must not matter
        labels = label_matrix(consensus, found.essay_ids, found.codes)
        table = fit(found, labels, np.arange(30), seed=5, min_per_class=5)
        paths.append(tmp_path / f"model{k}.parquet")
        write_artifact(table, paths[-1], schemas.SuggestModel)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    stored = read_artifact(paths[0], schemas.SuggestModel)
    held_out = essays.sort_values("essay_id").iloc[30:]
    out = predict(stored, held_out, book)
    truth = consensus.set_index(["essay_id", "code"])["present"]
    agree = (
        out["suggested"].to_numpy()
        == truth.loc[list(zip(out.essay_id, out.code, strict=True))].to_numpy()
    )
    assert agree.mean() > 0.9


def test_suggestions_hold_positions_never_text(book) -> None:
    essays, consensus = planted_study(n=20)
    found = corpus(essays, book)
    table = fit(
        found,
        label_matrix(consensus, found.essay_ids, found.codes),
        np.arange(20),
        seed=1,
        min_per_class=3,
    )
    out = predict(table, essays, book)
    schemas.Suggestions.validate(out)
    text_of = dict(zip(essays["essay_id"], essays["text"], strict=True))
    for row in out.itertuples(index=False):
        spans = json.loads(row.passages)
        assert 1 <= len(spans) <= 3
        assert all(0 <= s < e <= len(text_of[row.essay_id]) for s, e in spans)
    planted = out[(out["code"] == "compassion") & out["suggested"]]
    first = json.loads(planted["passages"].iloc[0])[0]
    assert PLANTED["compassion"] in text_of[planted["essay_id"].iloc[0]][first[0] : first[1]]
    words = {w for text in essays["text"] for w in text.split() if len(w) > 5}
    for column in ("essay_id", "code", "model", "passages"):
        assert not words & set(out[column].astype(str))


def test_queue_puts_the_least_certain_essay_first_and_marks_suggestions(book) -> None:
    rows = pd.DataFrame(
        {
            "essay_id": ["a", "a", "b", "b", "c", "c"],
            "code": ["support_networks", "compassion"] * 3,
            "probability": [0.99, 0.02, 0.5, 0.45, 0.9, 0.2],
            "suggested": [True, False, True, False, True, False],
            "model": CLASSIFIER,
            "passages": "[]",
        }
    )
    queue = coding_queue(rows, book)
    schemas.SuggestQueue.validate(queue)
    assert queue["essay_id"].tolist() == ["b", "c", "a"]
    assert queue["note"].unique().tolist() == [schemas.SUGGESTION_NOTE]
    assert queue.set_index("essay_id").loc["a", "machine_suggestion"] == "support_networks"
    assert coding_queue(rows.iloc[:0], book).empty


def test_no_essay_awaiting_coding_gives_empty_valid_suggestions(book) -> None:
    essays, consensus = planted_study(n=12)
    found = corpus(essays, book)
    table = fit(
        found,
        label_matrix(consensus, found.essay_ids, found.codes),
        np.arange(12),
        seed=1,
        min_per_class=3,
    )
    out = predict(table, essays.iloc[:0], book)
    assert out.empty
    schemas.Suggestions.validate(out)


def test_agreement_table_puts_the_machine_beside_the_coders(book) -> None:
    essays, consensus = planted_study()
    found = corpus(essays, book)
    labels = label_matrix(consensus, found.essay_ids, found.codes)
    suggested, used = cross_validated(found, labels, n_folds=5, seed=1, min_per_class=5)
    presence = consensus.assign(coder="ann", applied=consensus["present"].astype(bool))
    human = pd.DataFrame(columns=schemas.columns(schemas.AgreementPairwise))
    table = machine_agreement(
        suggested, used, labels, found.essay_ids, found.codes, presence, human, n_boot=50, seed=1
    )
    schemas.SuggestAgreement.validate(table)
    kappa = table[(table["coefficient"] == "cohen_kappa") & (table["scope"] == "code")]
    assert set(kappa["comparison"]) == {"machine_vs_consensus", "machine_vs_coder"}
    # the coder here is the consensus, so the two comparisons must give the same numbers
    by = kappa.set_index(["comparison", "scope_id"])["value"]
    np.testing.assert_allclose(
        by["machine_vs_consensus"].sort_index().astype(float),
        by["machine_vs_coder"].sort_index().astype(float),
    )
    assert (kappa["ci_low"] <= kappa["value"]).all()
    curve = learning_curve(found, labels, n_folds=5, seed=1, min_per_class=5)
    schemas.SuggestLearningCurve.validate(curve)
    assert curve["n_train"].max() == 32 and curve["n_train"].min() == 5


def write_shard(path, essays: pd.DataFrame, status: dict[str, str]) -> str:
    """An Essays shard; the text of an essay the gate did not clear, waive or flag is null."""
    frame = essays.assign(
        source_file=lambda f: "resources/essays/" + f["essay_id"] + ".txt",
        sha256="0" * 64,
        n_chars=essays["text"].str.len(),
        n_words=essays["text"].str.split().str.len(),
        deid_status=[status.get(e, "cleared") for e in essays["essay_id"]],
    )
    frame.loc[frame["deid_status"] == "quarantined", "text"] = None
    write_artifact(frame[schemas.columns(schemas.Essays)], path, schemas.Essays)
    return str(path)


def test_stages_read_only_text_the_gate_cleared_or_waived(book, tmp_path) -> None:
    """A flagged essay (policy warn keeps its text) is neither trained on nor suggested for;
    its words never reach the model's vocabulary."""
    essays, consensus = planted_study(n=24)
    secret = "zanzibarian zanzibarian quokkaville quokkaville"
    essays.loc[0, "text"] += "\n" + secret + "\n"  # coded, flagged
    new = pd.DataFrame(
        {"essay_id": ["n1", "n2", "n3"], "text": [essay_text(np.random.default_rng(1), set())] * 3}
    )
    new.loc[1, "text"] += "\n" + secret + "\n"  # awaiting coding, flagged
    coded = write_shard(tmp_path / "0.parquet", essays, {"e000": "flagged", "e001": "waived"})
    uncoded = write_shard(tmp_path / "uncoded.parquet", new, {"n2": "flagged", "n3": "quarantined"})
    paths = {name: str(tmp_path / f"{name}.parquet") for name in ("consensus", "codebook")}
    write_artifact(consensus, paths["consensus"], schemas.Consensus)
    write_artifact(book, paths["codebook"], schemas.Codebook)
    presence = consensus.assign(
        coder="ann", applied=consensus["present"].astype(bool), n_segments=1
    )
    write_artifact(
        presence[schemas.columns(schemas.Presence)], tmp_path / "presence.parquet", schemas.Presence
    )
    write_artifact(
        pd.DataFrame(columns=schemas.columns(schemas.AgreementPairwise)),
        tmp_path / "pairwise.parquet",
        schemas.AgreementPairwise,
    )
    out = {n: str(tmp_path / "suggest" / f"{n}.parquet") for n in ("model", "agreement", "curve")}
    suggest_train(
        consensus=paths["consensus"],
        presence=str(tmp_path / "presence.parquet"),
        pairwise=str(tmp_path / "pairwise.parquet"),
        codebook=paths["codebook"],
        essays=[coded],
        seed=1,
        folds=5,
        min_essays=5,
        n_boot=20,
        model=out["model"],
        agreement=out["agreement"],
        learning_curve=out["curve"],
    )
    model = read_artifact(out["model"], schemas.SuggestModel)
    assert not model["term"].dropna().str.contains("zanzibar|quokka").any()
    scored = read_artifact(out["agreement"], schemas.SuggestAgreement)
    per_code = scored[
        (scored["comparison"] == "machine_vs_consensus") & (scored["scope"] == "code")
    ]
    assert set(per_code["n_units"]) == {23}  # the flagged essay is not rated either
    coverage = pd.DataFrame(
        {
            "essay_id": ["n1", "n2", "n3"],
            "status": ["awaiting_coding", "awaiting_coding", "quarantined"],
            "coders_done": "",
            "coders_missing": "ann",
        }
    )
    write_artifact(coverage, tmp_path / "coverage.parquet", schemas.Coverage)
    suggest(
        model=out["model"],
        coverage=str(tmp_path / "coverage.parquet"),
        codebook=paths["codebook"],
        essays=[uncoded],
        suggestions=str(tmp_path / "suggest" / "suggestions.parquet"),
        queue=str(tmp_path / "suggest" / "queue.csv"),
    )
    suggestions = read_artifact(tmp_path / "suggest" / "suggestions.parquet", schemas.Suggestions)
    assert set(suggestions["essay_id"]) == {"n1"}
    queue = pd.read_csv(tmp_path / "suggest" / "queue.csv")
    assert queue["essay_id"].tolist() == ["n1"]


def test_report_calls_a_code_reliable_only_above_the_threshold_with_enough_essays() -> None:
    from dataclasses import replace

    from report_study import synthetic_artifacts
    from thematic.report import summary

    art = synthetic_artifacts()
    codes = art.codes["code"].tolist()
    counts = art.code_counts[art.code_counts["source"] == "consensus"].set_index("code")
    balanced = [
        c
        for c in codes
        if min(counts.loc[c, "n_essays"], counts.loc[c, "n_total"] - counts.loc[c, "n_essays"]) >= 3
    ]
    rows = []
    for code in codes:
        low = 0.7 if code == balanced[0] else 0.3
        for name in ("cohen_kappa", "gwet_ac1"):
            rows.append(
                {
                    "unit": "essay_presence",
                    "scope": "code",
                    "scope_id": code,
                    "convention": "per_code",
                    "coefficient": name,
                    "value": 0.8,
                    "se": 0.1,
                    "ci_low": low,
                    "ci_high": 0.9,
                    "n_units": 12,
                    "n_coders": 2,
                    "note": "",
                    "interpretation": "",
                    "coder_a": "machine",
                    "coder_b": "consensus",
                    "comparison": "machine_vs_consensus",
                    "model": "classifier",
                }  # fmt: skip
            )
    table = schemas.SuggestAgreement.validate(pd.DataFrame(rows))
    empty = pd.DataFrame(columns=schemas.columns(schemas.Suggestions)).astype({"suggested": bool})
    section = summary.machine_suggestions(
        replace(
            art,
            suggestions=empty,
            suggest_agreement=table,
            suggest_threshold=0.6,
            suggest_params={"min_essays": 3},
        )
    )
    verdicts = {row["code"]: row["reliable"] for row in section["rows"]}
    assert verdicts == {c: c == balanced[0] for c in codes}
    statements = {row["code"]: row["statement"] for row in section["rows"]}
    assert "could be as low as 0.30" in statements[balanced[1]]
    assert "1 of" in section["headline"]
    assert summary.machine_suggestions(art) == {"enabled": False}
