"""`thematic deid scan|redact PATH...`: the de-identification check on any text files or folders.

``scan`` writes one row per finding (essay_id = file stem, category, offsets, fingerprint, masked
preview; never the matched text) as jsonl, csv or parquet, prints counts per category to stderr,
and exits 1 when there is any finding. ``redact`` writes candidate copies with
[CATEGORY] placeholders for a human to review. Detection is :mod:`thematic.deid`; thousands of
files are scanned on every core (:mod:`thematic.deid.parallel`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import warnings
from collections import Counter
from pathlib import Path

from thematic.deid import CATEGORIES, FINDING_COLUMNS, finding_rows, load_key, redact_text
from thematic.deid.detectors import scan_texts
from thematic.deid.scan import FindingRow
from thematic.errors import InputError, Problem
from thematic.textio import decode_text

SUFFIXES = (".txt", ".md")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "deid",
        help="check text files for residual PHI, or write redacted candidates",
        description=__doc__.split("\n\n")[0],
    )
    actions = parser.add_subparsers(dest="deid_command", required=True, metavar="ACTION")
    scan = actions.add_parser(
        "scan",
        help="list suspected identifiers (never their text)",
        description="List suspected identifiers by position, category and fingerprint; never "
        "their text. A per-category count goes to stderr.",
        epilog="Exit status: 0 when no file has a finding, 1 when any file has one (so the scan "
        "works as a check in scripts), 2 on bad input.",
    )
    scan.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.md files or folders")
    scan.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    scan.add_argument("--out", type=Path, default=None, help="output file (default: stdout)")
    scan.add_argument("--study", type=Path, default=Path("."), help="study folder for the key")
    scan.set_defaults(func=run_scan)
    redact = actions.add_parser("redact", help="write [CATEGORY]-redacted candidate copies")
    redact.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.md files or folders")
    redact.add_argument("--out", type=Path, required=True, help="folder for the redacted copies")
    redact.set_defaults(func=run_redact)


def collect_files(paths: list[str]) -> list[Path]:
    """The .txt/.md files named by ``paths`` (folders searched recursively), sorted, unique."""
    problems: list[Problem] = []
    files: set[Path] = set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.update(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
        elif path.is_file():
            files.add(path)
        else:
            problems.append(Problem(name, "no such file or folder"))
    if problems:
        raise InputError(problems)
    if not files:
        raise InputError.single(", ".join(paths), "no .txt or .md files found")
    stems: dict[str, Path] = {}
    for path in sorted(files, key=_path_order):
        if path.stem in stems:
            problems.append(
                Problem(
                    str(path),
                    f"same essay_id {path.stem!r} as {stems[path.stem]}",
                    fix="rename one of the files; essay_id is the file stem",
                )
            )
        stems[path.stem] = path
    if problems:
        raise InputError(problems)
    return sorted(files, key=_path_order)


def _path_order(path: Path) -> tuple[str, ...]:
    """Paths in the order ``sorted`` gives them (by parts), compared without Path.__lt__."""
    return path.parts


def read_essays(files: list[Path]) -> list[tuple[str, str, str]]:
    """(essay_id (stem), sha256 (of the bytes), text) of each file; bad UTF-8 is an input error."""
    rows, problems = [], []
    for path in files:
        raw = path.read_bytes()
        try:
            text = decode_text(raw, str(path), what="text file", allow_empty=True)
        except InputError as error:
            problems.extend(error.problems)
            continue
        rows.append((path.stem, hashlib.sha256(raw).hexdigest(), text))
    if problems:
        raise InputError(problems)
    return rows


def write_findings(rows: list[FindingRow], fmt: str, out: Path | None) -> None:
    """Write finding ``rows`` as jsonl, csv or parquet to ``out`` (stdout for jsonl/csv if None).

    jsonl is written without pandas (the default format starts fastest); csv and parquet go
    through a DataFrame.
    """
    if fmt == "parquet" and out is None:
        raise InputError.single("--out", "parquet needs an output file", fix="add --out FILE")
    if fmt == "jsonl":
        text = "".join(map(jsonl_line, rows))
    else:
        import pandas as pd

        findings = pd.DataFrame(rows, columns=FINDING_COLUMNS)
        if fmt == "parquet":
            findings.to_parquet(out, index=False)
            return
        text = findings.to_csv(index=False, lineterminator="\n")
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


# A row's line, as json.dumps(dict(zip(FINDING_COLUMNS, row)), ensure_ascii=False) writes it,
# filled in without building a dict and an encoder per row (a scan writes tens of thousands).
_LINE = "{{" + ", ".join(f"{json.dumps(column)}: {{}}" for column in FINDING_COLUMNS) + "}}\n"
_QUOTE = json.JSONEncoder(ensure_ascii=False).encode


def jsonl_line(row: FindingRow) -> str:
    """One row as a line of JSON, byte for byte what json.dumps writes."""
    return _LINE.format(*map(_json_value, row))


def _json_value(value: object) -> str:
    if type(value) is str:
        return _QUOTE(value)
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return repr(value)  # what json writes for them: offsets and confidences
    return json.dumps(value)  # anything else as json.dumps writes it, or refuses it


def run_scan(args: argparse.Namespace) -> int:
    try:
        essays = read_essays(collect_files(args.paths))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            key = load_key(args.study)
        for warning in caught:
            print(f"thematic deid: {warning.message}", file=sys.stderr)
        findings = finding_rows(essays, key=key, workers=None)  # on every core
        write_findings(findings, args.format, args.out)
    except InputError as error:
        print(f"thematic deid scan: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"thematic deid scan: {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    print(summary(findings, len(essays)), file=sys.stderr)
    return 1 if len(findings) else 0


def summary(findings: list[FindingRow], n_files: int) -> str:
    """Counts of findings in all and per category, in :data:`CATEGORIES` order; never text."""
    n_essays = len({row[0] for row in findings})
    lines = [f"thematic deid scan: {len(findings)} finding(s) in {n_essays} of {n_files} file(s)"]
    counts = Counter(row[2] for row in findings)
    files = Counter(category for _, category in {(row[0], row[2]) for row in findings})
    for category in CATEGORIES:
        if counts[category]:
            lines.append(f"  {category:<12} {counts[category]:>7} in {files[category]} file(s)")
    return "\n".join(lines)


def run_redact(args: argparse.Namespace) -> int:
    try:
        files = collect_files(args.paths)
        essays = read_essays(files)
        clashes = [p for p in files if (args.out / p.name).resolve() == p.resolve()]
        if clashes:
            raise InputError.single(
                str(clashes[0]),
                "--out would overwrite the original",
                fix="choose another --out folder",
            )
        args.out.mkdir(parents=True, exist_ok=True)
        texts = [text for _, _, text in essays]
        for path, text, findings in zip(files, texts, scan_texts(texts, workers=None), strict=True):
            redacted = redact_text(text, findings)
            (args.out / path.name).write_text(redacted, encoding="utf-8")
    except InputError as error:
        print(f"thematic deid redact: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"thematic deid redact: {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    print(
        f"thematic deid redact: {len(files)} candidate(s) written to {args.out}; review them",
        file=sys.stderr,
    )
    return 0
