"""``thematic verify [RESULTS_DIR]``: check a build against its manifest, schemas and inputs.

Re-hashes every artifact, re-validates it against the pandera model named in its provenance, and
checks its lineage against results/audit/manifest.parquet, this thematic's code and the study's
current input files. Exit status 0: intact and current; 1: some artifact is missing, altered,
unlisted or stale (each is named, with why); 2: RESULTS_DIR is not a results folder. The checks
are :func:`thematic.audit.verify_results`.
"""

from __future__ import annotations

import argparse
import sys
from itertools import groupby
from pathlib import Path

from thematic.audit import MANIFEST, never_built, verify_results
from thematic.provenance import sha256_file


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="check that results are intact and current (exit 1 naming what is not)",
        description=__doc__.split("\n\n")[1],
    )
    parser.add_argument(
        "results",
        nargs="?",
        default="results",
        metavar="RESULTS_DIR",
        help="the study's results folder (default: results)",
    )
    parser.add_argument(
        "--all-reasons", action="store_true", help="every reason per artifact, not just the first"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    results = Path(args.results)
    if never_built(results):
        study = results.parent
        print(
            f"thematic verify: the study in {study} has never been built (no artifacts in "
            f"{results}/): there is nothing to verify yet. Build it with `thematic run {study}`.",
            file=sys.stderr,
        )
        return 1
    if not results.is_dir():
        print(
            f"thematic verify: {results} is not a folder; give the study's results/ folder.",
            file=sys.stderr,
        )
        return 2
    findings = verify_results(results)
    manifest = results / MANIFEST
    if not findings:
        print(
            f"verified: every artifact in {results}/ matches its manifest, schema, code and "
            f"inputs.\nmanifest sha256 {sha256_file(manifest)} (record it to pin this build)"
        )
        return 0
    for (artifact, status), group in groupby(findings, key=lambda f: (f.artifact, f.status)):
        reasons = [f.reason for f in group]
        shown = reasons if args.all_reasons else reasons[:1]
        more = f" (+{len(reasons) - 1} more reason(s))" if len(reasons) > len(shown) else ""
        print(f"{status.upper():8} {artifact}: {'; '.join(shown)}{more}")
    artifacts = len({f.artifact for f in findings})
    print(
        f"\nverify failed: {artifacts} artifact(s) cannot be trusted as they stand. Rebuild with "
        "`snakemake` (a missing, altered or stale artifact is rebuilt; delete unlisted ones), "
        "then verify again.",
        file=sys.stderr,
    )
    return 1
