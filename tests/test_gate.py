"""The deid gate's policy (thematic.gate): what quarantine, warn and block do with verdicts,
and the same rule for coders' memos."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from thematic import gate
from thematic.errors import InputError

PHONE = "555-867-5309"


def verdicts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "essay_id": ["clean", "leaky", "waived"],
            "status": ["cleared", "quarantined", "waived"],
            "category_counts": ["{}", json.dumps({"PHONE": 1}), "{}"],
        }
    )


def test_quarantine_and_block_keep_the_verdicts_warn_flags_them() -> None:
    assert gate.apply_policy(verdicts(), "quarantine")["status"].tolist()[1] == "quarantined"
    assert gate.apply_policy(verdicts(), "block")["status"].tolist()[1] == "quarantined"
    assert gate.apply_policy(verdicts(), "warn")["status"].tolist() == [
        "cleared",
        "flagged",
        "waived",
    ]


def test_an_unknown_policy_is_a_bug_not_a_silent_default() -> None:
    with pytest.raises(ValueError, match="not one of quarantine, block, warn"):
        gate.apply_policy(verdicts(), "ignore")


def test_only_a_quarantined_essay_loses_its_text() -> None:
    essays = pd.DataFrame({"essay_id": ["clean", "leaky", "waived"], "text": ["a", "b", "c"]})
    for policy, kept in (("quarantine", [True, False, True]), ("warn", [True, True, True])):
        screened = gate.withhold_text(essays, gate.apply_policy(verdicts(), policy))
        assert screened["text"].notna().tolist() == kept
        assert screened["deid_status"].notna().all()


def test_block_stops_naming_essays_and_categories_never_text() -> None:
    gate.enforce_block(verdicts(), "quarantine", "status.parquet")  # other policies pass
    with pytest.raises(InputError) as err:
        gate.enforce_block(verdicts(), "block", "status.parquet")
    assert "leaky (PHONE: 1)" in str(err.value) and "clean" not in str(err.value)


def test_block_passes_when_every_finding_is_waived() -> None:
    gate.enforce_block(verdicts()[verdicts()["essay_id"] != "leaky"], "block", "status.parquet")


def test_memos_with_identifiers_are_withheld_by_line_not_echoed() -> None:
    coding = pd.DataFrame(
        {
            "memo": ["borderline: kindness or PCC?", f"daughter asked me to ring {PHONE}", None],
            "source_line": [2, 3, 4],
        }
    )
    kept, withheld = gate.withhold_identifying_memos(coding)
    assert kept["memo"].tolist()[0] == "borderline: kindness or PCC?"
    assert kept["memo"].isna().tolist() == [False, True, True]
    assert withheld == [(3, ["PHONE"])]


def test_a_memo_repeated_on_several_rows_is_withheld_on_each_by_its_own_line() -> None:
    memo = f"daughter asked me to ring {PHONE}"
    coding = pd.DataFrame({"memo": [memo, "fine", memo, memo], "source_line": [7, 3, 5, 9]})
    kept, withheld = gate.withhold_identifying_memos(coding)
    assert kept["memo"].isna().tolist() == [True, False, True, True]
    assert withheld == [(7, ["PHONE"]), (5, ["PHONE"]), (9, ["PHONE"])]
