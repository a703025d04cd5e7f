"""The deid API: findings, fingerprints, previews, waivers, status and redaction."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from thematic.deid import (
    CATEGORIES,
    FINDING_COLUMNS,
    Finding,
    apply_waivers,
    essay_status,
    fingerprint,
    load_key,
    mask_preview,
    merge_findings,
    redact_text,
    scan_essays,
    scan_text,
)

KEY = b"test-key"
PHI = "When Mrs. Anna Kovalenka called on March 14, 2021 from 555-123-4567, she was 94 years old."
CLEAN = "In 2019 a 67-year-old man with Hodgkin lymphoma taught me about hope, every Monday."


def _essays(*texts: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "essay_id": [f"e{i}" for i in range(len(texts))],
            "sha256": [hashlib.sha256(t.encode()).hexdigest() for t in texts],
            "text": list(texts),
        }
    )


def test_scan_text_finds_each_identifier_with_code_point_offsets():
    found = {(f.category, PHI[f.start : f.end]) for f in scan_text(PHI)}
    assert found == {
        ("NAME", "Mrs. Anna Kovalenka"),
        ("DATE", "March 14, 2021"),
        ("PHONE", "555-123-4567"),
        ("AGE", "94 years old"),
    }


def test_offsets_are_code_points_not_bytes():
    text = "Zoë Ñúñez wrote from Brellingford on 3/14/2021."
    (date,) = [f for f in scan_text(text) if f.category == "DATE"]
    assert text[date.start : date.end] == "3/14/2021"


@pytest.mark.parametrize(
    "text",
    [
        "[NAME] and [PATIENT] said so.",
        "Mrs. X asked, and Patient A agreed.",
        "Our ward joined the Pacemakers initiative.",
        "Her Hodgkin lymphoma relapsed; Stage IV disease followed on pembrolizumab.",
        "In 2019 she was 89 years old, and every Monday in March felt like Christmas.",
        "There was grace in it, and Hope stayed with us.",
        "I trained at the district general hospital and read Cicely Saunders.",
    ],
)
def test_what_not_to_flag(text):
    assert scan_text(text) == []


def test_merge_keeps_the_strongest_label_over_the_union():
    merged = merge_findings([Finding("PHONE", 5, 10, "a", 0.5), Finding("URL", 0, 8, "b", 0.9)])
    assert merged == [Finding("URL", 0, 10, "b", 0.9)]


def test_finding_rejects_unknown_category_and_empty_span():
    with pytest.raises(ValueError):
        Finding("SECRET", 0, 1, "x", 1.0)
    with pytest.raises(ValueError):
        Finding("NAME", 3, 3, "x", 1.0)
    assert "NAME" in CATEGORIES and "ZIP" in CATEGORIES


def test_fingerprint_is_keyed_and_normalised():
    assert fingerprint("Mrs.  ADAMS", KEY) == fingerprint("mrs. adams", KEY)
    assert fingerprint("Adams", KEY) != fingerprint("Adams", b"other")
    assert len(fingerprint("Adams", KEY)) == 16


def test_preview_masks_and_never_equals_the_text():
    assert mask_preview("Mrs. Adams") == "Mrs. A****"
    assert mask_preview("555-123-4567") == "###-###-####"
    for secret in ["K.", "Jo", "J.K.", "Al Li", "x"]:
        assert mask_preview(secret) != secret


def test_scan_essays_columns_order_and_no_text():
    findings = scan_essays(_essays(CLEAN, PHI), key=KEY)
    assert list(findings.columns) == FINDING_COLUMNS
    assert set(findings["essay_id"]) == {"e1"}
    assert findings.equals(findings.sort_values(["essay_id", "start", "end", "category"]))
    dumped = findings.to_csv()
    for secret in ["Kovalenka", "555-123-4567", "March 14"]:
        assert secret not in dumped


def test_waiver_applies_only_to_the_same_essay_version_and_fingerprint():
    essays = _essays(PHI)
    findings = scan_essays(essays, key=KEY)
    first = findings.iloc[0]
    waivers = pd.DataFrame(
        [
            (first.essay_id, first.essay_sha256, first.fingerprint, "rev", "false positive"),
            (first.essay_id, "0" * 64, findings.iloc[1].fingerprint, "rev", "old version"),
        ],
        columns=["essay_id", "essay_sha256", "fingerprint", "reviewer", "reason"],
    )
    waived = apply_waivers(findings, waivers)
    assert waived["waived"].tolist() == [True] + [False] * (len(findings) - 1)


def test_essay_status_cleared_waived_quarantined():
    essays = _essays(CLEAN, PHI, PHI + " ")
    findings = scan_essays(essays, key=KEY)
    waivers = findings[findings["essay_id"] == "e1"].assign(reviewer="r", reason="ok")
    status = essay_status(essays, apply_waivers(findings, waivers))
    assert status["status"].tolist() == ["cleared", "waived", "quarantined"]
    assert status.loc[2, "n_waived"] == 0
    counts = json.loads(status.loc[2, "category_counts"])
    assert counts == {"AGE": 1, "DATE": 1, "NAME": 1, "PHONE": 1}
    assert list(counts) == sorted(counts)
    assert status.loc[0, "category_counts"] == "{}"


def test_redact_text_replaces_spans_with_categories():
    assert redact_text(PHI, scan_text(PHI)) == (
        "When [NAME] called on [DATE] from [PHONE], she was [AGE]."
    )


def test_load_key_prefers_env_then_file_then_default(tmp_path, monkeypatch):
    monkeypatch.delenv("THEMATIC_DEID_KEY", raising=False)
    with pytest.warns(UserWarning, match="public default"):
        default = load_key(tmp_path)
    key_file = tmp_path / "resources" / "deid" / "fingerprint.key"
    key_file.parent.mkdir(parents=True)
    key_file.write_text("study secret\n")
    assert load_key(tmp_path) == b"study secret" != default
    monkeypatch.setenv("THEMATIC_DEID_KEY", "env secret")
    assert load_key(tmp_path) == b"env secret"


def test_scanning_restores_the_cycle_collector_as_it_was():
    import gc

    assert gc.isenabled()
    scan_text("Mrs. Anna Kovalenka, 94, of Brellingford.")
    assert gc.isenabled()
    gc.disable()
    try:
        scan_text("Mrs. Anna Kovalenka, 94, of Brellingford.")
        assert not gc.isenabled()
    finally:
        gc.enable()
