"""Benchmark: the whole workflow on synthetic studies of N essays (``thematic synth``).

For each N: a full build, a re-run with nothing changed, a re-run after one new uncoded essay,
and a dry run (Snakemake's parse and DAG cost alone); wall time and peak memory of the process
tree (sum of RSS, sampled) and of its largest process. The floor, measured in the same run: read
every essay file once and write one Parquet file. ``--stages`` also times each stage function
in-process (no Snakemake, no interpreter start-up) on the built study, and ``--profile STAGE``
writes a cProfile of one stage. Prints figures only; nothing is asserted.

Run: python benchmarks/bench_pipeline.py [--sizes 22,1000,10000] [--large] [--stages]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "workflow"))

from thematic import stages  # noqa: E402
from thematic.commands.synth import write_study  # noqa: E402
from thematic.layout import UNCODED_SHARD, decision_files  # noqa: E402
from thematic.synth import essay_ids, synthesize  # noqa: E402

GiB = 1 << 30


def measure(command: list[str], interval: float = 0.05) -> dict[str, float]:
    """Wall time, peak summed RSS of the process tree, and the largest single process's RSS."""
    log = tempfile.TemporaryFile(mode="w+")  # not a pipe: a full pipe would stall Snakemake
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=log, text=True)
    peak_tree = peak_one = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            rss = []
            for member in tree:
                try:
                    rss.append(member.memory_info().rss)
                except psutil.Error:
                    pass
            peak_tree = max(peak_tree, sum(rss))
            peak_one = max(peak_one, max(rss, default=0))
        except psutil.Error:
            pass
        time.sleep(interval)
    wall = time.perf_counter() - start
    log.seek(0)
    stderr = log.read()
    log.close()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    jobs = sum(1 for line in stderr.splitlines() if line.startswith(("rule ", "localrule ")))
    return {"wall": wall, "peak_tree": peak_tree / GiB, "peak_one": peak_one / GiB, "jobs": jobs}


def snakemake(study: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "snakemake",
        "--snakefile",
        str(REPO / "Snakefile"),
        "--directory",
        str(study),
        "--cores",
        "2",
        "--nocolor",
        *extra,
    ]


def floor(study: Path) -> float:
    """Read every essay file once and write one Parquet file: the least any build can cost."""
    start = time.perf_counter()
    files = sorted((study / "resources" / "essays").iterdir())
    texts = [path.read_text(encoding="utf-8") for path in files]
    table = pa.table({"essay_id": [p.stem for p in files], "text": texts})
    with tempfile.TemporaryDirectory() as tmp:
        pq.write_table(table, Path(tmp) / "essays.parquet")
    return time.perf_counter() - start


def add_essay(study: Path, n_essays: int, seed: int) -> None:
    """One new essay, not yet coded by anyone, with the next id."""
    new = synthesize(1, 1, seed + 1).essays["text"].iloc[0]
    essay_id = essay_ids(1, first=n_essays + 1)[0]
    (study / "resources" / "essays" / f"{essay_id}.txt").write_text(new, encoding="utf-8")


def stage_times(study: Path, profile: str | None = None) -> dict[str, float]:
    """Each stage's function run in-process on the built study's own inputs."""
    results = study / "results"
    cwd = Path.cwd()
    os.chdir(study)
    try:
        coders = sorted(p.stem for p in Path("resources/codings").glob("*.csv"))
        shards = sorted(str(p) for p in Path("results/ingest/shards").glob("*.parquet"))
        coded_shards = [p for p in shards if Path(p).stem != UNCODED_SHARD]
        in_shard0 = set(
            pq.read_table(coded_shards[0], columns=["essay_id"])["essay_id"].to_pylist()
        )
        essays0 = [p for p in sorted(Path("resources/essays").iterdir()) if p.stem in in_shard0]
        tmp = Path(tempfile.mkdtemp(dir=results))
        calls = {
            "ingest_shard (one shard)": lambda: stages.ingest_shard(
                essays=[str(p) for p in essays0],
                waivers=None,
                study_dir=".",
                policy="quarantine",
                screened=str(tmp / "e.parquet"),
                findings=str(tmp / "f.parquet"),
                status=str(tmp / "s.parquet"),
            ),
            "ingest": lambda: stages.ingest(
                shards=shards,
                manifest="resources/manifest.csv",
                essays=str(tmp / "essays.parquet"),
            ),
            "apply_codebook (one coder)": lambda: stages.apply_codebook(
                coding_file=f"resources/codings/{coders[0]}.csv",
                codebook="results/codebook/codebook.parquet",
                essays=coded_shards,
                coder=coders[0],
                coding=str(tmp / "coding.parquet"),
            ),
            "decisions": lambda: stages.decisions(
                sheets=[str(p) for p in decision_files("resources/adjudication")],
                codebook="results/codebook/codebook.parquet",
                essays=coded_shards,
                decisions=str(tmp / "dec.parquet"),
            ),
            "merge": lambda: stages.merge(
                codings=[f"results/coding/{c}.parquet" for c in coders],
                codebook="results/codebook/codebook.parquet",
                essays=coded_shards,
                decisions=str(tmp / "dec.parquet"),
                presence=str(tmp / "pr.parquet"),
                disagreements=str(tmp / "d.parquet"),
                consensus=str(tmp / "c.parquet"),
                unused_decisions=str(tmp / "u.csv"),
            ),
            "adjudication_sheet": lambda: stages.adjudication_sheet(
                disagreements=str(tmp / "d.parquet"),
                unused_decisions=str(tmp / "u.csv"),
                codings=[f"results/coding/{c}.parquet" for c in coders],
                codebook="results/codebook/codebook.parquet",
                essays=coded_shards,
                pending=str(tmp / "p.csv"),
                pending_xlsx=str(tmp / "p.xlsx"),
            ),
            "coverage": lambda: stages.coverage(
                codings=[f"results/coding/{c}.parquet" for c in coders],
                essays=shards,
                coverage=str(tmp / "cov.parquet"),
            ),
            "agreement": lambda: stages.agreement(
                presence="results/merge/presence.parquet",
                codings=[f"results/coding/{c}.parquet" for c in coders],
                essays=coded_shards,
                codebook="results/codebook/codebook.parquet",
                n_boot=1000,
                seed=1,
                min_overlap=0.5,
                agreement=str(tmp / "a.parquet"),
                pairwise=str(tmp / "ap.parquet"),
            ),
            "themes": lambda: stages.themes(
                consensus="results/merge/consensus.parquet",
                presence="results/merge/presence.parquet",
                codebook="results/codebook/codebook.parquet",
                code_counts=str(tmp / "cc.parquet"),
                theme_counts=str(tmp / "tc.parquet"),
                cooccurrence=str(tmp / "co.parquet"),
            ),
        }
        times = {}
        for name, call in calls.items():
            start = time.perf_counter()
            if profile and name.startswith(profile):
                profiler = cProfile.Profile()
                profiler.runcall(call)
                out = cwd / f"profile_{profile}.prof"
                profiler.dump_stats(out)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                print(f"cProfile written to {out}")
            else:
                call()
            times[name] = time.perf_counter() - start
        return times
    finally:
        os.chdir(cwd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="22,1000,10000",
        help="comma-separated essay counts (default: 22,1000,10000)",
    )
    parser.add_argument("--large", action="store_true", help="also run 100,000 essays")
    parser.add_argument("--coders", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shards", type=int, default=8, help="n_shards of the studies")
    parser.add_argument("--stages", action="store_true", help="time each stage in-process")
    parser.add_argument("--profile", metavar="STAGE", help="cProfile one stage (e.g. merge)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where to build the studies (default: a temporary folder)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.large and 100_000 not in sizes:
        sizes.append(100_000)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="thematic-bench-"))
    print(f"studies in {workdir}; {psutil.cpu_count()} CPUs; snakemake --cores 2\n")
    header = (
        "| essays | synth s | floor s | full build s | no-op s | dry run s | "
        "one new essay s (jobs) | peak tree GiB | peak process GiB |"
    )
    rows = [header, "|---" * 9 + "|"]
    for n in sizes:
        study = workdir / f"n{n}"
        start = time.perf_counter()
        write_study(synthesize(n, args.coders, args.seed), study, n_shards=args.shards)
        synth_s = time.perf_counter() - start
        floor_s = floor(study)
        full = measure(snakemake(study))
        noop = measure(snakemake(study))
        dry = measure(snakemake(study, "--dry-run"))
        add_essay(study, n, args.seed)
        new = measure(snakemake(study))
        rows.append(
            f"| {n:,} | {synth_s:.1f} | {floor_s:.2f} | {full['wall']:.1f} | {noop['wall']:.1f}"
            f" | {dry['wall']:.1f} | {new['wall']:.1f} ({new['jobs']}) | "
            f"{max(full['peak_tree'], new['peak_tree']):.2f} | "
            f"{max(full['peak_one'], new['peak_one']):.2f} |"
        )
        print(rows[-1], flush=True)
        if args.stages or args.profile:
            times = stage_times(study, args.profile)
            print(
                f"  in-process stage times at N = {n:,}: "
                + ", ".join(f"{name} {t:.2f} s" for name, t in times.items()),
                flush=True,
            )
    print("\n" + "\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
