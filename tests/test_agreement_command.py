"""`thematic agreement` through its parser and run(args)."""

from __future__ import annotations

import argparse
import json

import pytest

from thematic.agreement import NAMES
from thematic.commands import agreement

WIDE = (
    "unit,A,B,C,D\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n"
    "7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,,3,\n"
)


def invoke(*argv):
    parser = argparse.ArgumentParser()
    agreement.add_parser(parser.add_subparsers())
    args = parser.parse_args(["agreement", *map(str, argv)])
    return args.func(args)


def write(tmp_path, text, name="ratings.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_json_output_shape(tmp_path, capsys):
    assert invoke(write(tmp_path, WIDE), "--format", "json", "--level", "interval") == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"n_units", "n_coders", "coefficients"}
    assert (payload["n_units"], payload["n_coders"]) == (12, 4)
    assert [c["name"] for c in payload["coefficients"]] == list(NAMES)
    assert all(
        set(c) == {"name", "value", "se", "ci_low", "ci_high", "note"}
        for c in payload["coefficients"]
    )
    alpha = payload["coefficients"][NAMES.index("krippendorff_alpha")]
    assert round(alpha["value"], 3) == 0.849
    assert payload["coefficients"][NAMES.index("cohen_kappa")]["value"] is None


def test_long_format_gives_the_same_numbers(tmp_path, capsys):
    lines = ["unit,coder,value"]
    header, *body = WIDE.strip().split("\n")
    coders = header.split(",")[1:]
    for row in body:
        unit, *cells = row.split(",")
        lines += [f"{unit},{c},{v}" for c, v in zip(coders, cells, strict=True) if v]
    invoke(write(tmp_path, WIDE), "--format", "json")
    wide = json.loads(capsys.readouterr().out)
    invoke(write(tmp_path, "\n".join(lines) + "\n", "long.csv"), "--format", "json")
    long = json.loads(capsys.readouterr().out)
    # coders come in order of first appearance, so sums run in another order: compare to 1e-12
    for got, expected in zip(long["coefficients"], wide["coefficients"], strict=True):
        for key in ["value", "se", "ci_low", "ci_high"]:
            assert got[key] == pytest.approx(expected[key], abs=1e-12, nan_ok=True)


def test_labels_with_declared_categories(tmp_path, capsys):
    text = "unit,x,y\nu1,yes,yes\nu2,no,yes\nu3,no,no\nu4,no,no\n"
    assert invoke(write(tmp_path, text), "--categories", "no,yes,maybe", "--format", "csv") == 0
    out = capsys.readouterr().out
    assert out.startswith("name,value,se,ci_low,ci_high,note,interpretation")
    assert "q=3 declared categories" in out


def test_bootstrap_table_output(tmp_path, capsys):
    assert invoke(write(tmp_path, WIDE), "--bootstrap", "50", "--seed", "3") == 0
    assert "50 resamples of units" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "argv", "message"),
    [
        ("unit,A,B\n1,1,2\n1,2,2\n", [], "line 3"),
        ("unit,A,B\n1,1,2\n2,2\n", [], "line 3"),
        ("unit,coder,value\n1,A,x\n1,A,y\n", [], "second value"),
        ("unit,A,B\n1,a,b\n", ["--level", "interval"], "needs numeric ratings"),
        ("unit,A,B\n1,1,7\n", ["--categories", "1,2"], "not in --categories"),
        ("", [], "empty"),
    ],
)
def test_bad_input_exits_2_with_a_message_naming_the_file(tmp_path, capsys, text, argv, message):
    path = write(tmp_path, text)
    assert invoke(path, *argv) == 2
    err = capsys.readouterr().err
    assert message in err and "ratings.csv" in err


def test_missing_file_exits_2(tmp_path, capsys):
    assert invoke(tmp_path / "nope.csv") == 2
    assert "file not found" in capsys.readouterr().err


def test_analytic_intervals_stay_inside_the_coefficients_range(tmp_path, capsys):
    # three units: the t interval of scott's pi reached -2.535, below the bound of -1
    path = tmp_path / "tiny.csv"
    path.write_text("unit,a,b\n1,x,x\n2,x,y\n3,y,y\n")
    assert invoke(path, "--format", "json") == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)["coefficients"]}
    assert rows["percent_agreement"]["ci_low"] >= 0
    for name in ("cohen_kappa", "scott_pi", "krippendorff_alpha", "gwet_ac1"):
        assert -1 <= rows[name]["ci_low"] <= rows[name]["value"] <= rows[name]["ci_high"] <= 1
    assert "says little on 3 units" in rows["scott_pi"]["note"]
    assert invoke(path) == 0
    assert "-2.535" not in capsys.readouterr().out
