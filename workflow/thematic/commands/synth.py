"""``thematic synth --essays N --coders K --seed S DIR``: write a synthetic study to DIR.

DIR gets the repository's layout (config/, resources/essays/, resources/manifest.csv,
resources/codings/<coder>.csv, resources/adjudication/decisions.csv), ready for
``snakemake --snakefile REPO/Snakefile --directory DIR``. The same seed writes byte-identical
files. The essays and codings are made by :mod:`thematic.synth`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

from thematic.codebook import load_codebook
from thematic.synth import CODE_IDS, Study, synthesize

REPO = Path(__file__).resolve().parents[3]
CODEBOOK = REPO / "config" / "codebook.yaml"  # the example study's codebook: the same codes


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "synth",
        help="write a synthetic study (essays, codings, decisions) to try thematic or benchmark it",
        description=__doc__.split("\n\n")[1].replace("\n", " "),
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="study folder to create")
    parser.add_argument(
        "--essays", type=int, default=100, metavar="N", help="number of essays (default: 100)"
    )
    parser.add_argument(
        "--coders", type=int, default=2, metavar="K", help="number of coders (default: 2)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    parser.add_argument(
        "--shards", type=int, default=8, help="n_shards in config/config.yaml (default: 8)"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace DIR's config/ and resources/ if they exist"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.essays < 1 or args.coders < 1:
        print("thematic synth: --essays and --coders must be at least 1.", file=sys.stderr)
        return 2
    if not CODEBOOK.exists():
        print(
            f"thematic synth: no codebook at {CODEBOOK}; install thematic from a source "
            "checkout with `pip install -e .`.",
            file=sys.stderr,
        )
        return 2
    study = Path(args.dir)
    existing = [p for p in (study / "config", study / "resources") if p.exists()]
    if existing and not args.force:
        print(
            f"thematic synth: {existing[0]} exists; choose an empty folder or pass --force.",
            file=sys.stderr,
        )
        return 2
    for folder in existing:
        shutil.rmtree(folder)
    write_study(synthesize(args.essays, args.coders, args.seed), study, n_shards=args.shards)
    print(f"thematic synth: {args.essays} essays, {args.coders} coders in {study}")
    return 0


def write_study(synthetic: Study, study: Path, *, n_shards: int = 8) -> None:
    """Write ``synthetic`` in the repository's layout under ``study``."""
    codes = set(load_codebook(CODEBOOK)["code"])
    if codes != set(CODE_IDS):  # the sentence templates are written for these codes
        raise RuntimeError(f"{CODEBOOK} codes {sorted(codes)} differ from thematic.synth's")
    essays_dir = study / "resources" / "essays"
    for folder in (
        study / "config",
        essays_dir,
        study / "resources" / "codings",
        study / "resources" / "adjudication",
    ):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CODEBOOK, study / "config" / "codebook.yaml")
    config = {
        "essays_dir": "resources/essays",
        "manifest": "resources/manifest.csv",
        "codebook": "config/codebook.yaml",
        "codings_dir": "resources/codings",
        "decisions": "resources/adjudication/",
        "n_shards": n_shards,
        "report": {"title": f"Synthetic study ({len(synthetic.essays)} essays)"},
    }
    (study / "config" / "config.yaml").write_text(
        "# A synthetic study written by `thematic synth`.\n"
        + yaml.safe_dump(config, sort_keys=False),
        encoding="utf-8",
    )
    for essay_id, text in zip(synthetic.essays["essay_id"], synthetic.essays["text"], strict=True):
        with open(essays_dir / f"{essay_id}.txt", "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    write_csv(synthetic.essays[["essay_id", "role"]], study / "resources" / "manifest.csv")
    for coder, coding in synthetic.codings.items():
        write_csv(coding, study / "resources" / "codings" / f"{coder}.csv")
    write_csv(synthetic.decisions, study / "resources" / "adjudication" / "decisions.csv")


def write_csv(table, path: Path) -> None:
    path.write_text(table.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
