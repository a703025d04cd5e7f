"""Benchmark: importing a REFI-QDA project of 10,000 essays coded by 2 users.

``thematic synth`` writes a study; it is written as a .qdpx (tests/qdpx_fixtures.py: lxml,
valid against Project.xsd) with NVivo's traps on (UTF-16 positions, CRLF line endings, BOM,
``Sources/``, upper-case GUIDs), then timed:
- reading the project (unzip, parse the XML, decode every source);
- ``thematic import-qdpx`` as a whole (detecting positions per source, writing the study);
- reading it as a coder's export in a running study (matching sources to essays by text,
  offsets moved onto the study's text, LF line endings there).

Prints figures only (no assertions). Run: python benchmarks/bench_interop.py [--essays N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "workflow"))

from qdpx_fixtures import Traps, study_fixture, write_qdpx  # noqa: E402
from thematic.commands.import_qdpx import import_project  # noqa: E402
from thematic.commands.synth import write_study  # noqa: E402
from thematic.ingest import read_essays  # noqa: E402
from thematic.interop.archive import open_project  # noqa: E402
from thematic.interop.coders import project_rows  # noqa: E402
from thematic.interop.project import read_project  # noqa: E402
from thematic.synth import synthesize  # noqa: E402

NVIVO_TRAPS = Traps(utf16=True, crlf=True, bom=True, folder="Sources", upper_guids=True)


def timed(label: str, call):
    start = time.perf_counter()
    result = call()
    print(f"{label:<58} {time.perf_counter() - start:8.2f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--essays", type=int, default=10_000)
    parser.add_argument("--coders", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        synthetic = timed("synthesise the study", lambda: synthesize(args.essays, args.coders, 0))
        timed("write it", lambda: write_study(synthetic, root / "original"))
        fixture = study_fixture(root / "original")
        n_codings = len(fixture.codings)
        n_chars = sum(len(text) for text in fixture.essays.values())
        path = timed(
            "write it as a .qdpx (NVivo's traps)",
            lambda: write_qdpx(root / "coders.qdpx", fixture, NVIVO_TRAPS),
        )
        print(
            f"project: {args.essays:,} essays ({n_chars / 1e6:.1f} M characters), "
            f"{n_codings:,} codings, {path.stat().st_size / 1e6:.1f} MB zipped"
        )
        project = timed(
            "read: unzip, parse XML, decode sources", lambda: read_project(open_project(path))
        )
        timed(
            "import-qdpx: read, place, write the study folder",
            lambda: import_project(path, root / "imported"),
        )
        essays = read_essays(sorted((root / "original" / "resources" / "essays").glob("*.txt")))
        rows = timed(
            "coder's export in a running study: match and move offsets",
            lambda: project_rows(project, essays[["essay_id", "text"]]),
        )
        print(
            f"rows per coder: {', '.join(f'{c} {len(f):,}' for c, f in rows.rows.items())}; "
            f"unmatched sources: {len(rows.unmatched)}"
        )


if __name__ == "__main__":
    main()
