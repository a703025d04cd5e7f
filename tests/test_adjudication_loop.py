"""The README's adjudication loop, followed literally on a built copy of the example study:
build, open the pending workbook, fill it in, save it into resources/adjudication/, build again
and see the consensus change; a mistake on the way stops the run and leaves the sheets the
adjudicator works from as they were; an essay that changes makes its decisions stale."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from workflow_helpers import snakemake

pytestmark = pytest.mark.e2e

DECISIONS = "resources/adjudication/decisions.csv"
PENDING_XLSX = "results/adjudication/pending.xlsx"
PENDING_CSV = "results/adjudication/pending.csv"


def take_out_decisions(study: Path, count: int) -> list[dict[str, str]]:
    """Remove the first ``count`` decisions from the example's decisions file; returns them."""
    path = study / DECISIONS
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[count:])
    return rows[:count]


def fill_in(workbook_path: Path, decisions: dict[tuple[str, str], str], saved_as: Path) -> None:
    """What the adjudicator does in the spreadsheet: pick a decision, sign, say why, save."""
    workbook = load_workbook(workbook_path)
    sheet = workbook["Pending"]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) + 1 for name in header}
    for row in range(2, sheet.max_row + 1):
        unit = (sheet.cell(row, column["essay_id"]).value, sheet.cell(row, column["code"]).value)
        if unit in decisions:
            sheet.cell(row, column["decision"], decisions[unit])
            sheet.cell(row, column["adjudicator"], "adjudicator_2")
            sheet.cell(row, column["rationale"], "Second round, read against the definition.")
    workbook.save(saved_as)


def consensus_cells(study: Path) -> pd.DataFrame:
    return pd.read_parquet(study / "results/merge/consensus.parquet").set_index(
        ["essay_id", "code"]
    )


def test_the_readme_loop_followed_literally(built_copy: Path, example_build: Path) -> None:
    study = built_copy
    taken = take_out_decisions(study, 2)
    units = [(row["essay_id"], row["code"]) for row in taken]
    # 1. Build, and open results/adjudication/pending.xlsx
    snakemake(study)
    sheet = load_workbook(study / PENDING_XLSX)["Pending"]
    header = [cell.value for cell in sheet[1]]
    listed = [(row[0], row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert listed == units
    for row in sheet.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row, strict=True))
        assert record["decision"] is None and record["fingerprint"].startswith("fp-")
        assert any("«" in (record[f"{c} context"] or "") for c in ("coder_a", "coder_b"))
    before = consensus_cells(study)
    assert (before.loc[units, "decided_by"] == "pending").all()

    # 2-3. Fill it in, with a slip first, and save it into resources/adjudication/
    flipped = {units[0]: "absent" if taken[0]["decision"] == "present" else "present"}
    round_1 = study / "resources/adjudication/round-1.xlsx"
    fill_in(study / PENDING_XLSX, {**flipped, units[1]: "presnt"}, round_1)
    sheets_before = {name: (study / name).read_bytes() for name in (PENDING_XLSX, PENDING_CSV)}
    failed = snakemake(study, check=False)
    assert failed.returncode != 0
    assert f"{round_1.relative_to(study)}, sheet 'Pending', row 3" in failed.stderr
    assert "decision 'presnt' is neither present nor absent" in failed.stderr
    for name, content in sheets_before.items():  # the sheets the adjudicator works from
        assert (study / name).read_bytes() == content, name

    fill_in(study / PENDING_XLSX, {**flipped, units[1]: taken[1]["decision"]}, round_1)
    # 4. Build again: the consensus changes, and says who decided
    snakemake(study)
    after = consensus_cells(study)
    for unit, decision in [(units[0], flipped[units[0]]), (units[1], taken[1]["decision"])]:
        assert after.loc[unit, "decided_by"] == "adjudicated"
        assert after.loc[unit, "adjudicator"] == "adjudicator_2"
        assert bool(after.loc[unit, "present"]) is (decision == "present")
    assert bool(after.loc[units[0], "present"]) is not bool(
        consensus_cells(example_build).loc[units[0], "present"]
    )
    assert pd.read_csv(study / PENDING_CSV).empty
    # built minutes apart, the same (empty) sheet is the same bytes
    assert (study / PENDING_XLSX).read_bytes() == (example_build / PENDING_XLSX).read_bytes()

    # An essay changes: its decisions are stale, its units pending again, the decision shown
    essay = study / f"resources/essays/{units[0][0]}.txt"
    essay.write_text(essay.read_text("utf-8") + "\nThe afternoon was quiet after that.\n", "utf-8")
    snakemake(study)
    unused = pd.read_csv(study / "results/adjudication/unused_decisions.csv")
    stale = unused[unused["reason"] == "stale"]
    assert units[0] in set(zip(stale["essay_id"], stale["code"], strict=True))
    assert consensus_cells(study).loc[units[0], "decided_by"] == "pending"
    pending = pd.read_csv(study / PENDING_CSV).set_index(["essay_id", "code"])
    assert "adjudicator_2" in pending.loc[units[0], "earlier_decision"]
    assert "round-1.xlsx, sheet 'Pending', row 2" in pending.loc[units[0], "earlier_decision"]
    report = (study / "results/report.md").read_text("utf-8")
    assert "Stale decisions" in report and units[0][0] in report
