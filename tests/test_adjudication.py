"""The adjudication loop's parts: decision files read by header (CSV and XLSX), combined by
the stated rules, matched to the units by fingerprint; the pending sheet and its context."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from thematic.adjudication.decisions import (
    fingerprint,
    match_decisions,
    read_decisions,
    unit_fingerprints,
)
from thematic.adjudication.sheet import context, pending_workbook_table, sentence_starts
from thematic.adjudication.workbook import pending_workbook_bytes
from thematic.errors import InputError
from thematic.layout import decision_files, mentioned_essay_ids
from thematic.schemas import Decisions, PendingWorkbook

ESSAYS = {"e1", "e2"}
FP_A = "fp-" + "a" * 16
FP_B = "fp-" + "b" * 16


@pytest.fixture()
def book() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["x", "y"],
            "label": ["Ex", "Why"],
            "theme": ["t", "t"],
            "code_order": [0, 1],
            "aliases": ["", ""],
            "definition": ["What x means.", "What y means."],
        }
    )


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Pending") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_filled_in_pending_sheet_is_read_by_its_header(tmp_path: Path, book) -> None:
    """The issue's trap: pending.csv's columns in its own order, extra columns included."""
    sheet = tmp_path / "round-1.csv"
    sheet.write_text(
        "essay_id,code,code_label,coders_applied,coders_not_applied,quotes,earlier_decision,"
        "decision,adjudicator,rationale,fingerprint\n"
        f'e1,Why,Why,a,b,"a [0-1]: q",,present,Ann,"fits, as defined",{FP_A}\n'
        f"e2,x,Ex,a,b,,,,,,{FP_B}\n"  # not decided yet: stays pending
    )
    ruled = read_decisions([sheet], book, ESSAYS)
    Decisions.validate(ruled)
    assert ruled[
        ["essay_id", "code", "decision", "adjudicator", "fingerprint"]
    ].values.tolist() == [["e1", "y", "present", "Ann", FP_A]]
    assert ruled.loc[0, "rationale"] == "fits, as defined"
    assert ruled.loc[0, "source_line"] == 2


def test_an_xlsx_decision_file_is_read_from_its_first_sheet(tmp_path: Path, book) -> None:
    path = write_xlsx(
        tmp_path / "round-2.xlsx",
        [
            ["Essay ID", "Code", "Decision", "Adjudicator", "Rationale", "notes"],
            ["e2", "x", "Absent", "Bo", None, 3.0],
            [None, None, None, None, None, None],
            ["e1", "x", True, "Bo", "yes", None],
        ],
    )
    ruled = read_decisions([path], book, ESSAYS)
    assert ruled[["essay_id", "decision", "source_line"]].values.tolist() == [
        ["e2", "absent", 2],
        ["e1", "present", 4],
    ]
    assert ruled.loc[0, "source_file"] == f"{path}, sheet 'Pending'"


def test_an_xlsx_without_the_required_columns_names_file_sheet_and_columns(
    tmp_path: Path, book
) -> None:
    path = write_xlsx(tmp_path / "notes.xlsx", [["essay", "code", "verdict"]], title="Notes")
    with pytest.raises(InputError) as caught:
        read_decisions([path], book, ESSAYS)
    message = str(caught.value)
    assert f"{path}, sheet 'Notes'" in message
    assert "missing column(s) essay_id, decision" in message


def test_xlsx_problems_are_named_by_row_number(tmp_path: Path, book) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["essay_id", "code", "decision", "adjudicator"],
            ["e1", "x", "present", "Ann"],
            ["e1", "zz", "present", "Ann"],
            ["e2", "x", "maybe", ""],
        ],
    )
    with pytest.raises(InputError) as caught:
        read_decisions([path], book, ESSAYS)
    message = str(caught.value)
    assert "sheet 'Pending', row 3: unknown code 'zz'" in message
    assert "sheet 'Pending', row 4: decision 'maybe'" in message
    assert "row 4: a decision without an adjudicator" in message
    assert "line" not in message


def test_a_file_that_is_not_a_workbook_is_named(tmp_path: Path, book) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"broken\.xlsx: not a readable \.xlsx workbook"):
        read_decisions([path], book, ESSAYS)


def test_identical_duplicates_merge_and_the_first_copy_is_kept(tmp_path: Path, book) -> None:
    row = f"e1,x,present,Ann,first,{FP_A}\n"
    header = "essay_id,code,decision,adjudicator,rationale,fingerprint\n"
    (tmp_path / "a.csv").write_text(header + row)
    (tmp_path / "b.csv").write_text(header + row.replace("first", "second"))
    ruled = read_decisions(decision_files(tmp_path), book, ESSAYS)
    assert len(ruled) == 1 and ruled.loc[0, "rationale"] == "first"
    assert ruled.loc[0, "source_file"] == str(tmp_path / "a.csv")


def test_conflicting_decisions_on_the_same_evidence_name_both_files_and_lines(
    tmp_path: Path, book
) -> None:
    header = "essay_id,code,decision,adjudicator,fingerprint\n"
    (tmp_path / "a.csv").write_text(header + "e2,y,absent,Ann,\n" + f"e1,x,present,Ann,{FP_A}\n")
    write_xlsx(
        tmp_path / "b.xlsx",
        [
            ["essay_id", "code", "decision", "adjudicator", "fingerprint"],
            ["e1", "x", "absent", "Bo", FP_A],
        ],
    )
    with pytest.raises(InputError) as caught:
        read_decisions(decision_files(tmp_path), book, ESSAYS)
    message = str(caught.value)
    assert f"{tmp_path / 'b.xlsx'}, sheet 'Pending', row 2: essay 'e1', code 'x'" in message
    assert f"but present in {tmp_path / 'a.csv'}, line 3" in message


def test_a_hand_written_decision_conflicts_with_any_other(tmp_path: Path, book) -> None:
    header = "essay_id,code,decision,adjudicator,fingerprint\n"
    (tmp_path / "a.csv").write_text(header + f"e1,x,present,Ann,{FP_A}\ne1,x,absent,Bo,\n")
    with pytest.raises(InputError, match="line 3: essay 'e1', code 'x': decided absent"):
        read_decisions([tmp_path / "a.csv"], book, ESSAYS)


def test_decisions_on_different_evidence_do_not_conflict_and_the_stale_one_is_not_applied(
    tmp_path: Path, book
) -> None:
    header = "essay_id,code,decision,adjudicator,fingerprint\n"
    (tmp_path / "round-1.csv").write_text(header + f"e1,x,present,Ann,{FP_A}\n")
    (tmp_path / "round-2.csv").write_text(header + f"e1,x,absent,Bo,{FP_B}\n")
    ruled = read_decisions(decision_files(tmp_path), book, ESSAYS)
    now = pd.DataFrame({"essay_id": ["e1"], "code": ["x"], "fingerprint": [FP_B]})
    applied, unused = match_decisions(ruled, now)
    assert applied[["decision", "adjudicator"]].values.tolist() == [["absent", "Bo"]]
    assert unused[["reason", "adjudicator", "source_line"]].values.tolist() == [["stale", "Ann", 2]]
    # the unit changes again: both are stale and it is pending
    later = now.assign(fingerprint="fp-" + "c" * 16)
    applied, unused = match_decisions(ruled, later)
    assert applied.empty and list(unused["reason"]) == ["stale", "stale"]


def test_a_decision_on_a_unit_not_in_dispute_is_not_applied(tmp_path: Path, book) -> None:
    path = tmp_path / "d.csv"
    path.write_text("essay_id,code,decision,adjudicator\ne1,x,present,Ann\ne2,y,absent,Ann\n")
    ruled = read_decisions([path], book, ESSAYS)
    now = pd.DataFrame({"essay_id": ["e2"], "code": ["y"], "fingerprint": [FP_A]})
    applied, unused = match_decisions(ruled, now)
    assert applied[["essay_id", "decision"]].values.tolist() == [["e2", "absent"]]
    assert unused[["essay_id", "reason"]].values.tolist() == [["e1", "not_in_dispute"]]


def test_a_damaged_fingerprint_is_refused(tmp_path: Path, book) -> None:
    path = tmp_path / "d.csv"
    path.write_text("essay_id,code,decision,adjudicator,fingerprint\ne1,x,present,Ann,1.2E+15\n")
    with pytest.raises(InputError, match="line 2: the fingerprint is not one thematic wrote"):
        read_decisions([path], book, ESSAYS)


def test_the_fingerprint_follows_the_text_and_each_verdict_not_the_segments() -> None:
    base = fingerprint("0" * 64, "x", {"a": True, "b": False})
    assert base == fingerprint("0" * 64, "x", {"b": False, "a": True})
    assert base != fingerprint("1" * 64, "x", {"a": True, "b": False})  # the essay changed
    assert base != fingerprint("0" * 64, "x", {"a": True, "b": True})  # a verdict changed
    assert base != fingerprint("0" * 64, "x", {"a": True, "b": False, "c": False})  # a new coder
    presence = pd.DataFrame(
        {
            "essay_id": ["e1"] * 4,
            "code": ["x", "x", "y", "y"],
            "coder": ["a", "b", "a", "b"],
            "applied": [True, False, True, True],
            "n_segments": [3, 0, 1, 1],
        }
    )
    units = unit_fingerprints(presence, {"e1": "0" * 64})
    assert units.values.tolist() == [["e1", "x", base]]  # y is agreed: no fingerprint needed
    moved = unit_fingerprints(presence.assign(n_segments=[1, 0, 2, 2]), {"e1": "0" * 64})
    assert moved.equals(units)


def test_decision_files_are_a_folder_a_glob_or_one_file(tmp_path: Path) -> None:
    folder = tmp_path / "adjudication"
    folder.mkdir()
    for name in ("decisions.csv", "round-1.xlsx", "~$round-1.xlsx", ".hidden.csv", "notes.txt"):
        (folder / name).write_text("")
    assert [p.name for p in decision_files(folder)] == ["decisions.csv", "round-1.xlsx"]
    assert [p.name for p in decision_files(f"{folder}/round-*.xlsx")] == ["round-1.xlsx"]
    assert decision_files(folder / "decisions.csv") == [folder / "decisions.csv"]
    assert decision_files(tmp_path / "absent") == []


def test_essays_an_adjudicators_workbook_mentions_are_listed(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["Essay_ID", "code"], ["e7", "x"], [None, None]])
    assert mentioned_essay_ids([path]) == {"e7"}
    assert mentioned_essay_ids([write_xlsx(tmp_path / "n.xlsx", [["id"]])]) is None


def test_context_is_the_sentence_before_the_quotes_sentences_and_the_one_after() -> None:
    text = "First one. Mr. Y came in. He said so! Then we left. Last."
    start = text.index("He")
    assert context(text, start, start + len("He said so!")) == (
        "Mr. Y came in. «He said so!» Then we left."
    )
    assert sentence_starts(text) == [0, 11, 26, 38, 52]  # "Mr." ends no sentence
    assert context(text, 0, 5) == "«First» one. Mr. Y came in."


def test_context_is_cut_at_a_word_on_a_long_side() -> None:
    text = "word " * 200 + "the quote. " + "more " * 200
    start = text.index("the quote")
    shown = context(text, start, start + 9, side=40)
    assert shown.startswith("…") and shown.endswith("…") and "«the quote»" in shown
    assert len(shown) < 100


def test_the_workbook_table_shows_context_only_from_cleared_or_waived_essays(book) -> None:
    text = "Before. The quote is here. After."
    segment = {"start": 8, "end": 26, "whole_essay": False, "quote": "The quote is here."}
    codings = {
        "a": pd.DataFrame([{"coder": "a", "essay_id": e, "code": "x", **segment} for e in ESSAYS]),
        "b": pd.DataFrame(
            [{"coder": "b", "essay_id": e, "code": None, **segment} for e in sorted(ESSAYS)]
        ),
    }
    sheet = pd.DataFrame(
        {
            "essay_id": ["e1", "e2"],
            "code": ["x", "x"],
            "code_label": ["Ex", "Ex"],
            "coders_applied": ["a", "a"],
            "coders_not_applied": ["b", "b"],
            "earlier_decision": [None, None],
            "decision": "",
            "adjudicator": "",
            "rationale": "",
            "fingerprint": [FP_A, FP_B],
        }
    )
    essays = pd.DataFrame(
        {"essay_id": ["e1", "e2"], "deid_status": ["waived", "flagged"], "text": [text, text]}
    )
    table = PendingWorkbook.validate(pending_workbook_table(sheet, book, codings, essays))
    assert list(table.columns[4:10]) == [
        "a verdict",
        "a quotes",
        "a context",
        "b verdict",
        "b quotes",
        "b context",
    ]
    rows = table.set_index("essay_id")
    assert rows.loc["e1", "a context"] == "Before. «The quote is here.» After."
    assert rows.loc["e2", "a context"] == "(no context: the essay is flagged)"
    assert "After" not in " ".join(map(str, rows.loc["e2"]))
    assert rows.loc["e1", "a quotes"] == "[8-26]: The quote is here."
    assert set(rows["a verdict"]) == {"applied"} and set(rows["b verdict"]) == {"not applied"}
    assert rows.loc["e1", "definition"] == "What x means."


def _workbook_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "essay_id": ["e1", "e2"],
            "code": ["x", "y"],
            "code_label": ["Ex", "Why"],
            "definition": ["What x means.", "What y means."],
            "a verdict": ["applied", "not applied"],
            "a quotes": ["[0-5]: First", ""],
            "a context": ["«First» one.", ""],
            "b verdict": ["not applied", "applied"],
            "b quotes": ["", "[6-9]: one"],
            "b context": ["", "First «one»."],
            "earlier_decision": [None, "present by Ann (r.csv, line 2), before the unit changed"],
            "decision": "",
            "adjudicator": "",
            "rationale": "",
            "fingerprint": [FP_A, FP_B],
        }
    )


def test_the_workbook_is_set_up_as_a_person_would(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "pending.xlsx"
    path.write_bytes(pending_workbook_bytes(PendingWorkbook.validate(_workbook_rows())))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Pending", "About"]
    sheet = workbook["Pending"]
    header = [cell.value for cell in sheet[1]]
    assert header == list(_workbook_rows().columns)
    assert sheet.freeze_panes == "D2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet["A1"].fill.fgColor.rgb.endswith("1F4E78")
    decision = get_column_letter(header.index("decision") + 1)
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"present,absent"'
    assert str(validation.sqref) == f"{decision}2:{decision}3"
    assert not validation.showDropDown  # openpyxl's flag hides the arrow when set
    assert sheet[f"{decision}2"].fill.fgColor.rgb.endswith("FFF2CC")  # to fill in
    assert sheet["F2"].alignment.wrap_text
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}3"
    assert sheet.column_dimensions["G"].width > sheet.column_dimensions["E"].width  # context
    assert sheet[f"{get_column_letter(len(header))}3"].value == FP_B


def test_the_workbook_bytes_do_not_depend_on_when_it_is_written(monkeypatch) -> None:
    import time

    rows = PendingWorkbook.validate(_workbook_rows())
    first = pending_workbook_bytes(rows)
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)  # zip entries are dated by time.time()
    assert pending_workbook_bytes(rows) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "1980-01-01T00:00:00Z</dcterms:created>" in core
    assert "1980-01-01T00:00:00Z</dcterms:modified>" in core


def test_a_filled_in_workbook_is_a_decisions_file_as_it_is(tmp_path: Path, book) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "pending.xlsx"
    path.write_bytes(pending_workbook_bytes(PendingWorkbook.validate(_workbook_rows())))
    workbook = load_workbook(path)
    sheet = workbook["Pending"]
    header = [cell.value for cell in sheet[1]]
    for name, value in {"decision": "absent", "adjudicator": "Cy", "rationale": "no"}.items():
        sheet.cell(row=3, column=header.index(name) + 1, value=value)
    workbook.save(tmp_path / "round-1.xlsx")
    ruled = read_decisions([tmp_path / "round-1.xlsx"], book, ESSAYS)
    assert ruled[
        ["essay_id", "code", "decision", "adjudicator", "fingerprint"]
    ].values.tolist() == [["e2", "y", "absent", "Cy", FP_B]]
    assert ruled.loc[0, "source_line"] == 3


def test_no_decision_files_is_no_decisions(book) -> None:
    assert Decisions.validate(read_decisions([], book, ESSAYS)).empty
