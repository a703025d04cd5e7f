"""`thematic agreement RATINGS.csv`: every agreement coefficient of any ratings table.

RATINGS.csv is wide (first column the unit id, one column per coder, empty cell = missing) or long
(columns unit, coder, value; detected from that header or forced with --long). Reading and
checking the file is here; the statistics are `thematic.agreement.coefficients`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from thematic.agreement import coefficients
from thematic.errors import InputError, Problem
from thematic.textio import read_text

LONG_HEADER = ["unit", "coder", "value"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "agreement",
        help="inter-coder agreement coefficients of a ratings table",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument("ratings", metavar="RATINGS.csv", help="wide or long ratings table")
    parser.add_argument(
        "--level",
        choices=["nominal", "ordinal", "interval", "ratio"],
        default="nominal",
        help="Krippendorff's alpha metric (default nominal)",
    )
    parser.add_argument(
        "--weights",
        choices=["linear", "quadratic"],
        default=None,
        help="weighted forms of the kappa-type coefficients",
    )
    parser.add_argument(
        "--categories",
        default=None,
        help="comma-separated list of all possible categories, in order",
    )
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=0,
        metavar="N",
        help="bootstrap resamples of units for the CIs (default 0: t interval)",
    )
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
    parser.add_argument("--long", action="store_true", help="RATINGS.csv is long: unit,coder,value")
    parser.set_defaults(func=run)


def _read_rows(path: str) -> list[list[str]]:
    text = read_text(path, what="ratings file", allow_empty=True)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise InputError.single(path, f"not a readable CSV file ({error})") from None


def read_ratings(path: str, long: bool | None = None) -> tuple[list[str], list[str], np.ndarray]:
    """(unit ids, coder names, units x coders object array of labels, None = missing)."""
    rows = _read_rows(path)
    if not rows:
        raise InputError.single(path, "the file is empty", "give a header and one row per unit")
    header = [cell.strip() for cell in rows[0]]
    is_long = long if long else [h.lower() for h in header] == LONG_HEADER
    problems: list[Problem] = []
    cells: dict[tuple[str, str], str] = {}
    units: dict[str, None] = {}
    coders: dict[str, None] = dict.fromkeys([] if is_long else header[1:])
    if not is_long and len(header) < 2:
        raise InputError.single(path, "need a unit column and at least one coder column", line=1)
    if not is_long and len(set(header[1:])) != len(header) - 1:
        raise InputError.single(path, "duplicate coder column names in the header", line=1)
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        width = 3 if is_long else len(header)
        if len(row) != width:
            problems.append(Problem(path, f"{len(row)} fields, expected {width}", line=line))
            continue
        unit = row[0].strip()
        if is_long:
            coder, value = row[1].strip(), row[2].strip()
            if (unit, coder) in cells:
                problems.append(
                    Problem(path, f"second value for unit {unit!r}, coder {coder!r}", line=line)
                )
            units[unit] = None
            coders[coder] = None
            if value:
                cells[(unit, coder)] = value
            continue
        if unit in units:
            problems.append(Problem(path, f"unit {unit!r} appears twice", line=line))
        units[unit] = None
        for coder, value in zip(header[1:], row[1:], strict=True):
            if value.strip():
                cells[(unit, coder)] = value.strip()
    if problems:
        raise InputError(problems)
    unit_list, coder_list = list(units), list(coders)
    labels = np.full((len(unit_list), len(coder_list)), None, dtype=object)
    unit_pos = {u: i for i, u in enumerate(unit_list)}
    coder_pos = {c: j for j, c in enumerate(coder_list)}
    for (unit, coder), value in cells.items():
        labels[unit_pos[unit], coder_pos[coder]] = value
    return unit_list, coder_list, labels


def _as_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def to_ratings(path: str, labels: np.ndarray, categories: list[str] | None, level: str):
    """Float ratings and declared category values: numbers as they are, labels as their rank."""
    present = [v for v in labels.ravel() if v is not None]
    numeric = all(_as_number(v) is not None for v in present + (categories or []))
    if numeric:
        ratings = np.array([[np.nan if v is None else float(v) for v in row] for row in labels])
        declared = [float(c) for c in categories] if categories else None
        if declared:
            unknown = sorted(set(ratings[~np.isnan(ratings)]) - set(declared))
            if unknown:
                raise InputError.single(
                    path,
                    f"values {unknown} are not in --categories",
                    "add them to --categories or fix the cells",
                )
        return ratings.reshape(labels.shape), declared
    if level in ("interval", "ratio"):
        raise InputError.single(
            path,
            f"--level {level} needs numeric ratings; found labels "
            f"such as {next(v for v in present if _as_number(v) is None)!r}",
        )
    order = categories or sorted(set(present))
    unknown = sorted(set(present) - set(order))
    if unknown:
        raise InputError.single(
            path,
            f"labels {unknown} are not in --categories",
            "add them to --categories or fix the cells",
        )
    rank = {label: float(i) for i, label in enumerate(order)}
    ratings = np.array([[np.nan if v is None else rank[v] for v in row] for row in labels])
    return ratings.reshape(labels.shape), list(rank.values())


def _json_number(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def render(table: pd.DataFrame, n_units: int, n_coders: int, fmt: str) -> str:
    if fmt == "json":
        rows = [
            {
                "name": r.name,
                "value": _json_number(r.value),
                "se": _json_number(r.se),
                "ci_low": _json_number(r.ci_low),
                "ci_high": _json_number(r.ci_high),
                "note": r.note,
            }
            for r in table.itertuples(index=False)
        ]
        payload = {"n_units": n_units, "n_coders": n_coders, "coefficients": rows}
        return json.dumps(payload, indent=2)
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n").rstrip("\n")
    shown = table.drop(columns="note").copy()
    for column in ["value", "se", "ci_low", "ci_high"]:
        shown[column] = shown[column].map(lambda v: "" if not np.isfinite(v) else f"{v:.3f}")
    notes = "\n".join(f"  {r.name}: {r.note}" for r in table.itertuples(index=False))
    return f"{n_units} units, {n_coders} coders\n{shown.to_string(index=False)}\n\nnotes:\n" + notes


def run(args: argparse.Namespace) -> int:
    path = args.ratings
    try:
        categories = [c.strip() for c in args.categories.split(",")] if args.categories else None
        if args.bootstrap < 0:
            raise InputError.single("--bootstrap", "must be 0 or a positive number of resamples")
        units, coders, labels = read_ratings(path, args.long)
        ratings, declared = to_ratings(path, labels, categories, args.level)
        table = coefficients(
            ratings,
            level=args.level,
            categories=declared,
            weights=args.weights,
            n_boot=args.bootstrap,
            seed=args.seed,
        )
    except InputError as error:
        print(f"thematic agreement: {error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"thematic agreement: {Path(path).name}: {error}", file=sys.stderr)
        return 2
    print(render(table, len(units), len(coders), args.format))
    return 0
