"""A quiet happy path: the bundled example builds without a single warning, and the one thing
worth saying about it, the public fingerprint key, is said once, and in the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from thematic.gate import fingerprint_key, key_sentence


@pytest.mark.e2e
def test_the_example_builds_without_warnings(example_build: Path) -> None:
    # before: nine copies of the public-default-key UserWarning (one per shard job) and a
    # memo-withheld warning for the example's own coder_a.csv
    said = (example_build.parent / "build_output.txt").read_text()
    assert "warning" not in said.lower(), [x for x in said.splitlines() if "arn" in x]
    assert said.count("public default key") == 1


@pytest.mark.e2e
def test_the_report_says_how_the_key_was_chosen(example_build: Path) -> None:
    report = (example_build / "results/report.md").read_text()
    assert report.count(key_sentence("default")) == 1
    assert "THEMATIC_DEID_KEY" in report and "resources/deid/fingerprint.key" in report
    html = (example_build / "results/report/index.html").read_text()
    assert "keyed with thematic&#39;s public default key" in html or (
        "keyed with thematic's public default key" in html
    )


def test_a_key_file_is_named_as_the_source(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("THEMATIC_DEID_KEY", raising=False)
    assert fingerprint_key(tmp_path)[1] == "default"
    (tmp_path / "resources/deid").mkdir(parents=True)
    (tmp_path / "resources/deid/fingerprint.key").write_text("a secret\n")
    assert fingerprint_key(tmp_path) == (b"a secret", "file")
    monkeypatch.setenv("THEMATIC_DEID_KEY", "another")
    assert fingerprint_key(tmp_path) == (b"another", "environment")
