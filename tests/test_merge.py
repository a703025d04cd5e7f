from pathlib import Path

import pandas as pd
import pytest

from thematic import merge
from thematic.errors import InputError
from thematic.schemas import Pending, columns


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


def test_presence_and_disagreements(essays, codings, book) -> None:
    cover = merge.coverage(essays, codings)
    present = merge.presence(cover, codings, book)
    assert len(present) == 2 * 2 * 2  # analysed essays x codes x coders
    split = merge.disagreements(present, book, merge.read_decisions(None, book, set()))
    assert split[["essay_id", "code"]].values.tolist() == [["e1", "y"], ["e2", "x"]]
    assert set(split["status"]) == {"pending"}


def test_consensus_records_how_each_cell_was_decided(essays, codings, book, tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(
        "essay_id,code,decision,adjudicator,rationale\n"
        "e1,Y,present,adj,fits the definition\n"
        "e1,x,absent,adj,not needed\n"
    )
    ruled = merge.read_decisions(decisions, book, {"e1", "e2", "e3", "e4"})
    present = merge.presence(merge.coverage(essays, codings), codings, book)
    table, unused = merge.consensus(present, book, ruled)
    cells = table.set_index(["essay_id", "code"])
    assert cells.loc[("e1", "x"), "decided_by"] == "agreed" and cells.loc[("e1", "x"), "present"]
    assert cells.loc[("e1", "y"), "decided_by"] == "adjudicated"
    assert cells.loc[("e1", "y"), "rationale"] == "fits the definition"
    assert cells.loc[("e2", "x"), "decided_by"] == "pending"
    assert pd.isna(cells.loc[("e2", "x"), "present"])
    assert cells.loc[("e2", "y"), "present"] is False or not cells.loc[("e2", "y"), "present"]
    assert unused[["essay_id", "code"]].values.tolist() == [["e1", "x"]]


def test_pending_sheet_lists_each_coders_quotes(essays, codings, book) -> None:
    present = merge.presence(merge.coverage(essays, codings), codings, book)
    split = merge.disagreements(present, book, merge.read_decisions(None, book, set()))
    sheet = merge.pending_sheet(split, book, codings)
    assert list(sheet.columns) == columns(Pending)
    assert sheet.loc[0, "quotes"].startswith("a [0-1]: q")
    assert (sheet["decision"] == "").all()


@pytest.mark.parametrize(
    "row, words",
    [
        ("e9,x,present,,", "essay 'e9' does not exist"),
        ("e1,zz,present,,", "unknown code 'zz'"),
        ("e1,x,maybe,,", "neither present nor absent"),
    ],
)
def test_bad_decisions(tmp_path: Path, book, row: str, words: str) -> None:
    path = tmp_path / "decisions.csv"
    path.write_text("essay_id,code,decision,adjudicator,rationale\n" + row + "\n")
    with pytest.raises(InputError, match=f"line 2.*{words}"):
        merge.read_decisions(path, book, {"e1"})


def test_duplicate_decision_is_refused(tmp_path: Path, book) -> None:
    path = tmp_path / "decisions.csv"
    path.write_text("essay_id,code,decision\ne1,x,present\ne1,X,absent\n")
    with pytest.raises(InputError, match="line 3.*second decision.*first on line 2"):
        merge.read_decisions(path, book, {"e1"})


def test_decisions_with_a_column_named_twice_are_refused(tmp_path: Path, book) -> None:
    path = tmp_path / "decisions.csv"
    path.write_text("essay_id,code,decision,decision\ne1,x,present,absent\n")
    with pytest.raises(InputError, match="decision named more than once"):
        merge.read_decisions(path, book, {"e1"})
