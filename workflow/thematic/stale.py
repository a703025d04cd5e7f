"""What a failed run does to the results a person reads: sets them aside, marked as stale.

After a failed run the report, the adjudication sheets and any export of the last good build
would still sit in results/, showing numbers the current inputs no longer give. The workflow's
error handlers (workflow/rules/common.smk) call :func:`set_aside` on every failure, before any
job (bad input) or in one (a job failed): those files move to ``results/stale/`` (same paths
below it) and ``results/STALE.md`` says which run failed and why. Nothing at the usual places
can then be cited by mistake, while the old files stay at hand. A later successful build puts
fresh ones back and :func:`clear` removes both.

Moved rather than stamped with a banner: a banner edits an artifact in place, so the file no
longer matches the manifest's hash, and Snakemake, which goes by times, would keep a bannered
report after the build that fixed it. A missing output is rebuilt by the next run.

The files concerned are the registry's artifacts that are not Parquet (the report, its figures,
the CSV sheets, exports): Parquet artifacts are read by thematic, which checks their lineage.
Not for deciding what to rebuild (Snakemake does) or checking lineage (``thematic verify``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from thematic.artifacts import ARTIFACTS

STALE_DIR = Path("results/stale")
NOTICE = Path("results/STALE.md")
_FAILED_RULE = re.compile(r"^Error in rule (\S+?):", re.MULTILINE)


def for_people(root: Path) -> list[Path]:
    """The artifacts a person reads that exist in the study at ``root`` (relative paths)."""
    found: set[Path] = set()
    for artifact in ARTIFACTS:
        if artifact.path.endswith(".parquet"):
            continue
        pattern = artifact.path
        for wildcard in artifact.wildcards:  # every figure (or export) there is
            pattern = pattern.replace(f"{{{wildcard}}}", "*")
        found.update(p.relative_to(root) for p in root.glob(pattern) if p.is_file())
    return sorted(found)


def set_aside(root: str | Path, failure: str) -> list[Path]:
    """Move the artifacts a person reads under results/stale/ and write results/STALE.md
    naming ``failure``; returns where they went. Nothing to move: nothing is written."""
    base = Path(root)
    moved = []
    for path in for_people(base):
        target = STALE_DIR / path.relative_to("results")
        (base / target).parent.mkdir(parents=True, exist_ok=True)
        (base / path).replace(base / target)
        moved.append(target)
    kept = sorted(p.relative_to(base) for p in (base / STALE_DIR).rglob("*") if p.is_file())
    if kept:
        (base / NOTICE).write_text(notice(failure, kept), encoding="utf-8")
    return moved


def notice(failure: str, kept: list[Path]) -> str:
    listing = "\n".join(f"- `{p.as_posix()}`" for p in kept)
    return (
        "# These results are out of date\n\n"
        f"The last run failed: {failure}\n\n"
        "The report, the sheets and the exports of the build before it no longer match the "
        "inputs, so they were moved out of their places into `results/stale/`, to be read "
        "as an older build's and never cited as current:\n\n"
        f"{listing}\n\n"
        "Fix what failed (`thematic check` lists every input problem) and run again: a "
        "successful build writes fresh ones and removes `results/stale/` and this file. "
        "`thematic verify` names every artifact that is missing or stale.\n"
    )


def failure_of(log: str | Path | Sequence[str | Path] | None) -> str:
    """What failed, from Snakemake's log of the run (its log file, or the list of them that
    Snakemake's ``onerror`` hands over): the rules that stopped with an error."""
    logs = [log] if isinstance(log, str | Path) else list(log or [])
    text = "".join(
        Path(path).read_text("utf-8", "replace") for path in logs if Path(path).is_file()
    )
    rules = sorted(set(_FAILED_RULE.findall(text)))
    if not rules:
        return "see Snakemake's output of that run."
    return f"rule(s) {', '.join(rules)} stopped with an error (their logs are in `logs/`)."


def clear(root: str | Path) -> bool:
    """After a successful run: remove results/stale/ and results/STALE.md once every file
    set aside is back at its place (a partial build may not have rebuilt them all)."""
    base = Path(root)
    stale = base / STALE_DIR
    if not stale.is_dir():
        return False
    kept = [p.relative_to(stale) for p in stale.rglob("*") if p.is_file()]
    if not all((base / "results" / p).is_file() for p in kept):
        return False
    shutil.rmtree(stale)
    (base / NOTICE).unlink(missing_ok=True)
    return True
