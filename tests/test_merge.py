import pandas as pd
import pytest

from thematic import merge
from thematic.adjudication.decisions import unit_fingerprints
from thematic.schemas import Consensus


def _coding(coder: str, pairs: list[tuple[str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "coder": coder,
            "essay_id": [e for e, _ in pairs],
            "code": [c for _, c in pairs],
            "start": 0,
            "end": 1,
            "whole_essay": False,
            "quote": "q",
        }
    )


@pytest.fixture()
def book() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["x", "y"],
            "label": ["X", "Y"],
            "theme": ["t", "t"],
            "code_order": [0, 1],
            "aliases": ["", ""],
        }
    )


@pytest.fixture()
def essays() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "essay_id": ["e1", "e2", "e3", "e4"],
            "deid_status": ["cleared", "cleared", "cleared", "quarantined"],
        }
    )


@pytest.fixture()
def codings() -> dict[str, pd.DataFrame]:
    return {
        "a": _coding("a", [("e1", "x"), ("e1", "y"), ("e2", "x"), ("e3", "y")]),
        "b": _coding("b", [("e1", "x"), ("e2", None)]),
    }


def test_coverage_separates_analysed_partial_awaiting_quarantined(essays, codings) -> None:
    cover = merge.coverage(essays, codings).set_index("essay_id")["status"].to_dict()
    assert cover == {
        "e1": "analysed",
        "e2": "analysed",
        "e3": "partially_coded",
        "e4": "quarantined",
    }


def _no_decisions() -> pd.DataFrame:
    return pd.DataFrame(columns=["essay_id", "code", "decision", "adjudicator", "rationale"])


def _fingerprints(present: pd.DataFrame) -> pd.DataFrame:
    return unit_fingerprints(present, dict.fromkeys(["e1", "e2", "e3", "e4"], "0" * 64))


def test_presence_and_disagreements(essays, codings, book) -> None:
    cover = merge.coverage(essays, codings)
    present = merge.presence(cover, codings, book)
    assert len(present) == 2 * 2 * 2  # analysed essays x codes x coders
    split = merge.disagreements(present, book, _no_decisions(), _fingerprints(present))
    assert split[["essay_id", "code"]].values.tolist() == [["e1", "y"], ["e2", "x"]]
    assert set(split["status"]) == {"pending"}
    assert split["fingerprint"].str.match(r"^fp-[0-9a-f]{16}$").all()


def test_consensus_records_how_each_cell_was_decided(essays, codings, book) -> None:
    present = merge.presence(merge.coverage(essays, codings), codings, book)
    applied = pd.DataFrame(
        {
            "essay_id": ["e1"],
            "code": ["y"],
            "decision": ["present"],
            "adjudicator": ["adj"],
            "rationale": ["fits the definition"],
        }
    )
    table = merge.consensus(present, book, applied)
    cells = table.set_index(["essay_id", "code"])
    assert cells.loc[("e1", "x"), "decided_by"] == "agreed" and cells.loc[("e1", "x"), "present"]
    assert pd.isna(cells.loc[("e1", "x"), "adjudicator"])
    assert cells.loc[("e1", "y"), "decided_by"] == "adjudicated"
    assert cells.loc[("e1", "y"), "adjudicator"] == "adj"
    assert cells.loc[("e1", "y"), "rationale"] == "fits the definition"
    assert cells.loc[("e2", "x"), "decided_by"] == "pending"
    assert pd.isna(cells.loc[("e2", "x"), "present"])
    assert not cells.loc[("e2", "y"), "present"]
    Consensus.validate(table)


def test_a_consensus_cell_must_say_who_adjudicated_it(essays, codings, book) -> None:
    import pandera.errors

    present = merge.presence(merge.coverage(essays, codings), codings, book)
    applied = pd.DataFrame(
        {"essay_id": ["e1"], "code": ["y"], "decision": ["absent"], "adjudicator": ["adj"]}
    ).assign(rationale=None)
    table = Consensus.validate(merge.consensus(present, book, applied))
    unsigned = table.assign(adjudicator=None)
    with pytest.raises(pandera.errors.SchemaError, match="says_how_each_cell_was_reached"):
        Consensus.validate(unsigned)
