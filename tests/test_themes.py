from __future__ import annotations

import pandas as pd
import pytest

from thematic import themes


@pytest.fixture()
def book() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["x", "y", "z"],
            "label": ["X", "Y", "Z"],
            "theme": ["t1", "t1", "t2"],
            "theme_label": ["T1", "T1", "T2"],
            "theme_order": [0, 0, 1],
            "code_order": [0, 1, 2],
        }
    )


@pytest.fixture()
def consensus() -> pd.DataFrame:
    cells = {
        ("e1", "x"): True,
        ("e1", "y"): True,
        ("e1", "z"): False,
        ("e2", "x"): True,
        ("e2", "y"): False,
        ("e2", "z"): None,
        ("e3", "x"): False,
        ("e3", "y"): False,
        ("e3", "z"): True,
    }
    return pd.DataFrame(
        {
            "essay_id": [e for e, _ in cells],
            "code": [c for _, c in cells],
            "present": pd.array(list(cells.values()), dtype="boolean"),
        }
    )


@pytest.fixture()
def presence(consensus: pd.DataFrame) -> pd.DataFrame:
    a = consensus.assign(coder="a", applied=consensus["present"].fillna(True).astype(bool))
    b = consensus.assign(coder="b", applied=consensus["present"].fillna(False).astype(bool))
    return pd.concat([a, b], ignore_index=True)[["essay_id", "code", "coder", "applied"]]


def test_code_counts_per_source_with_pending(consensus, presence, book) -> None:
    table = themes.code_counts(consensus, presence, book, n_total=3).set_index(["code", "source"])
    assert table.loc[("x", "consensus"), "n_essays"] == 2
    assert table.loc[("x", "consensus"), "percent"] == pytest.approx(66.7)
    assert table.loc[("z", "consensus"), ["n_essays", "n_pending"]].tolist() == [1, 1]
    assert table.loc[("z", "a"), "n_essays"] == 2 and table.loc[("z", "b"), "n_essays"] == 1
    assert set(table["n_total"]) == {3}


def test_theme_counts_count_essays_not_codes(consensus, presence, book) -> None:
    table = themes.theme_counts(consensus, presence, book, n_total=3).set_index(["theme", "source"])
    assert table.loc[("t1", "consensus"), "n_essays"] == 2  # e1 has two t1 codes: counted once
    assert table.loc[("t2", "consensus"), "n_essays"] == 1


def test_cooccurrence_matches_a_direct_count(consensus, book) -> None:
    table = themes.cooccurrence(consensus, book).set_index(["code_a", "code_b"])
    assert table.loc[("x", "y"), "n_essays"] == 1
    assert table.loc[("x", "x"), "n_essays"] == 2
    assert table.loc[("x", "y"), "jaccard"] == pytest.approx(0.5)
    assert table.loc[("x", "z"), "n_essays"] == 0


def test_empty_study_gives_null_percent_not_an_error(book) -> None:
    empty = pd.DataFrame(
        {
            "essay_id": pd.Series([], dtype=str),
            "code": pd.Series([], dtype=str),
            "present": pd.array([], dtype="boolean"),
        }
    )
    presence = pd.DataFrame({"essay_id": [], "code": [], "coder": [], "applied": []})
    table = themes.code_counts(empty, presence.astype({"applied": bool}), book, n_total=0)
    assert table["percent"].isna().all() and (table["n_essays"] == 0).all()
