"""Benchmark: ``thematic check`` (every input read and checked, nothing analysed) against a
full build, on the bundled example study and on synthetic studies (``thematic synth``).

For each study: the check in-process (``thematic.checks.check_study``), the ``thematic check``
command (interpreter start-up and imports included), a dry run (Snakemake's parse, which now
runs the same check, and its DAG), and a full build. Prints figures only; nothing is asserted.

Run: python benchmarks/bench_check.py [--sizes 1000] [--no-build]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "workflow"))

from thematic.checks import check_study  # noqa: E402
from thematic.commands.synth import write_study  # noqa: E402
from thematic.synth import synthesize  # noqa: E402


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return time.perf_counter() - start


def snakemake(study: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"),
        "--directory", str(study), "--cores", "2", "--nocolor", *extra,
    ]  # fmt: skip


def measure(name: str, study: Path, build: bool) -> dict[str, object]:
    start = time.perf_counter()
    checked = check_study(study)
    in_process = time.perf_counter() - start
    if checked.problems:
        raise RuntimeError(f"{name}: {len(checked.problems)} problems, e.g. {checked.problems[0]}")
    command = timed([sys.executable, "-m", "thematic.cli", "check", str(study)])
    dry = timed(snakemake(study, "--dry-run"))
    full = timed(snakemake(study)) if build else float("nan")
    return {
        "study": name,
        "read": checked.read,
        "check": in_process,
        "command": command,
        "dry": dry,
        "build": full,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="synthetic study sizes (essays)")
    parser.add_argument("--no-build", action="store_true", help="skip the full builds")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example"
        for part in ("config", "resources"):
            shutil.copytree(REPO / part, example / part)
        rows.append(measure("example (22 essays)", example, not args.no_build))
        for size in (int(s) for s in args.sizes.split(",") if s):
            study = Path(tmp) / f"synth_{size}"
            write_study(synthesize(size, 2, 1), study)
            rows.append(measure(f"synth {size:,} essays", study, not args.no_build))
    print(
        "| study | check (in-process) | `thematic check` | dry run (parse + check + DAG) "
        "| full build | check / build |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        share = row["check"] / row["build"] if row["build"] == row["build"] else float("nan")
        print(
            f"| {row['study']} | {row['check']:.2f} s | {row['command']:.2f} s | "
            f"{row['dry']:.2f} s | {row['build']:.1f} s | {100 * share:.1f}% |"
        )
    for row in rows:
        print(f"{row['study']}: read {row['read']}")


if __name__ == "__main__":
    main()
