"""`thematic deid scan|redact`: formats, essay ids from file stems, and clean input errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from thematic.cli import main
from thematic.commands.deid import jsonl_line
from thematic.deid import FINDING_COLUMNS

PHI = "Mrs. Anna Kovalenka phoned from 555-123-4567 on 3/14/2021.\n"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("THEMATIC_DEID_KEY", "cli-test")
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "e01.txt").write_text(PHI, encoding="utf-8")
    (essays / "e02.md").write_text("A clean essay about hope and Stage IV disease.\n")
    (essays / "notes.csv").write_text("ignored,file\n")
    return essays


def test_scan_jsonl_one_finding_per_line_without_text(folder, capsys):
    assert main(["deid", "scan", str(folder)]) == 1
    out = capsys.readouterr().out
    rows = [json.loads(line) for line in out.splitlines()]
    assert {row["essay_id"] for row in rows} == {"e01"}
    assert [row["category"] for row in rows] == ["NAME", "PHONE", "DATE"]
    assert {"start", "end", "fingerprint", "preview"} <= set(rows[0])
    assert "Kovalenka" not in out and "555-123-4567" not in out


def test_a_jsonl_line_is_what_json_dumps_writes():
    rows = [
        ("e01", "ab" * 32, "NAME", 0, 14, "names", 0.95, "0f" * 8, "Mrs. K*******"),
        ('q"uote\\back', "", "DATE", 12345, 12399, "date", 0.8, "", "##/##/####"),
        ("é\u2028\x07\ttab", "s", "ID", 7, 8, "id:shape", 1.0, "f", "\U0001f600 ß ’"),
    ]
    rows.append(("e", "s", "AGE", 1, 2, "age", float("nan"), "f", "#"))
    rows.append(("e", "s", "AGE", True, 2**70, "age", -0.0, "f", "#"))
    for row in rows:
        expected = json.dumps(dict(zip(FINDING_COLUMNS, row, strict=True)), ensure_ascii=False)
        assert jsonl_line(row) == expected + "\n"
    with pytest.raises(TypeError):  # what json cannot write stays an error, never a bad line
        jsonl_line(("e", "s", "AGE", 1, 2, "age", 0.9, "f", object()))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_scan_writes_csv_and_parquet(folder, tmp_path, fmt):
    out = tmp_path / f"findings.{fmt}"
    assert main(["deid", "scan", str(folder / "e01.txt"), "--format", fmt, "--out", str(out)]) == 1
    table = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
    assert len(table) == 3 and set(table["essay_id"]) == {"e01"}


def test_scan_exits_1_on_findings_and_0_when_clean(folder):
    assert main(["deid", "scan", str(folder / "e01.txt")]) == 1
    assert main(["deid", "scan", str(folder / "e02.md")]) == 0


def test_scan_help_documents_the_exit_status(capsys):
    with pytest.raises(SystemExit):
        main(["deid", "scan", "--help"])
    assert "1 when any file has one" in " ".join(capsys.readouterr().out.split())


def test_scan_prints_counts_per_category_to_stderr_never_text(folder, capsys):
    main(["deid", "scan", str(folder)])
    err = capsys.readouterr().err
    counts = {line.split()[0]: line.split()[1] for line in err.splitlines()[1:]}
    assert counts == {"NAME": "1", "PHONE": "1", "DATE": "1"}
    assert "Kovalenka" not in err and "555" not in err and "3/14" not in err


def test_redact_writes_candidates(folder, tmp_path):
    out = tmp_path / "redacted"
    assert main(["deid", "redact", str(folder), "--out", str(out)]) == 0
    assert (out / "e01.txt").read_text() == "[NAME] phoned from [PHONE] on [DATE].\n"
    assert (out / "e02.md").exists()


def test_redact_refuses_to_overwrite_originals(folder, capsys):
    assert main(["deid", "redact", str(folder), "--out", str(folder)]) == 2
    assert "overwrite" in capsys.readouterr().err


@pytest.mark.parametrize(
    "setup, expected",
    [
        (lambda d: None, "no such file or folder"),
        (lambda d: (d / "bad.txt").write_bytes(b"\xff\xfe\x00bad"), "not UTF-8"),
        (lambda d: (d / "e01.md").write_text("x"), "same essay_id"),
    ],
)
def test_bad_input_exits_2_naming_the_file(folder, capsys, setup, expected):
    setup(folder)
    target = folder if expected != "no such file or folder" else folder / "missing.txt"
    assert main(["deid", "scan", str(target)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert "Kovalenka" not in err


def test_the_default_scan_starts_without_pandas_or_pandera(folder):
    """jsonl needs neither; importing them would cost the command about a second of start-up."""
    probe = (
        "import sys; from thematic.cli import main; main(['deid', 'scan', sys.argv[1]]); "
        "print(sorted(m for m in ('pandas', 'pandera') if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(folder)], capture_output=True, text=True, check=True
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"
