"""The audit trail: a manifest of every artifact of a build, and verification against it.

:func:`manifest_table` lists each artifact with its sha256, row count, schema and the inputs it was
built from (from the provenance in its Parquet footer). :func:`verify_results` re-hashes every
artifact, re-validates it against its pandera model, and checks its lineage against the manifest,
the current code and the current input files. Verification catches accidental and unrecorded
changes; it is not a signature: someone who rewrites an artifact *and* the manifest consistently
is caught only if the manifest's sha256 was recorded elsewhere (see docs/operations.md).

Not for writing artifacts (see :mod:`thematic.io`) or deciding what to rebuild (Snakemake does).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from thematic import artifacts, schemas
from thematic.config import study_config
from thematic.io import artifact_metadata, schema_sha256, validate
from thematic.layout import ESSAY_SUFFIXES
from thematic.provenance import canonical_json, code_fingerprint, input_hashes, sha256_file

# relative to the results folder
MANIFEST = str(Path(artifacts.path("manifest")).relative_to("results").as_posix())
# The order findings are listed in: what was changed first, then what follows from it.
STATUSES = ("missing", "altered", "unlisted", "stale")


@dataclass(frozen=True, order=True)
class Finding:
    """One artifact that cannot be trusted as it stands, and why."""

    artifact: str  # path relative to the study folder
    status: str  # one of STATUSES
    reason: str
    derived: bool = False  # stale only because something it was built from is

    def __str__(self) -> str:
        return f"{self.status.upper():8} {self.artifact}: {self.reason}"


def manifest_table(
    artifacts: Iterable[str | Path],
    root: str | Path = ".",
    lineage: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """One row per artifact (schema: AuditManifest), sorted by path.

    ``artifacts`` are paths relative to ``root`` (the study folder), as the rules name them.
    Parquet artifacts contribute their provenance; other files (CSV, Markdown, HTML, figures)
    carry none, so their ``inputs`` are hashed here from ``lineage`` ({path: the inputs its
    rule declares}; a build is consistent when the audit runs, so these are the inputs the file
    was made from), and ``params`` is an empty JSON object.
    """
    base = Path(root)
    declared = lineage or {}
    rows = [
        _manifest_row(Path(p).as_posix(), base, declared.get(Path(p).as_posix(), ()))
        for p in sorted({str(a) for a in artifacts})
    ]
    frame = pd.DataFrame(rows, columns=schemas.columns(schemas.AuditManifest))
    frame["n_rows"] = frame["n_rows"].astype("Int64")
    return frame


def _manifest_row(path: str, root: Path, inputs: Sequence[str] = ()) -> dict[str, object]:
    file = root / path
    suffix = file.suffix.lower().lstrip(".")
    row: dict[str, object] = {
        "path": path,
        "format": suffix or "file",
        "sha256": sha256_file(file),
        "n_bytes": file.stat().st_size,
        "n_rows": None,
        "schema": None,
        "schema_sha256": None,
        "code_sha256": None,
        "inputs": canonical_json(input_hashes([root / source for source in inputs], root)),
        "params": "{}",
    }
    if suffix == "parquet":
        meta = artifact_metadata(file)
        row.update(
            {
                "n_rows": pq.ParquetFile(file).metadata.num_rows,
                "schema": meta.get("thematic.schema"),
                "schema_sha256": meta.get("thematic.schema_sha256"),
                "code_sha256": meta.get("thematic.code_sha256"),
                "inputs": meta.get("thematic.inputs", "{}"),
                "params": meta.get("thematic.params", "{}"),
            }
        )
    elif suffix == "csv":
        with open(file, encoding="utf-8", newline="") as handle:
            row["n_rows"] = max(sum(1 for _ in csv.reader(handle)) - 1, 0)  # minus the header
    return row


def verify_results(results_dir: str | Path = "results") -> list[Finding]:
    """Every artifact under ``results_dir`` that is missing, altered, unlisted or stale.

    The study folder is the parent of ``results_dir`` (input paths in the provenance are
    relative to it). An empty list means the build is intact and current.
    """
    results = Path(results_dir)
    root = results.parent
    manifest_path = results / MANIFEST
    manifest_rel = _relative(manifest_path, root)
    findings: list[Finding] = []
    if manifest_path.exists():
        manifest = pd.read_parquet(manifest_path)
        # Its recorded inputs are its own rows, checked one by one below.
        findings += _check_parquet(manifest_rel, root, lineage=False)
        entries = manifest.to_dict("records")
    else:
        findings.append(Finding(manifest_rel, "missing", "no manifest: run snakemake to build it."))
        current = [_relative(p, root) for p in _parquet_files(results) if p != manifest_path]
        entries = manifest_table(current, root).to_dict("records")
        entries = [{**entry, "sha256": None} for entry in entries]  # nothing to compare with
    listed = {entry["path"] for entry in entries}
    for entry in entries:
        findings += _check_entry(entry, root)
    for path in _parquet_files(results):
        rel = _relative(path, root)
        if rel not in listed and path != manifest_path:
            findings.append(
                Finding(
                    rel,
                    "unlisted",
                    "not in the manifest: no rule of this build "
                    "made it (a leftover of an earlier build?). Delete it.",
                )
            )
    findings += _check_current_inputs(entries, root)
    findings += _downstream_of(findings, entries)
    return sorted(
        set(findings), key=lambda f: (STATUSES.index(f.status), f.artifact, f.derived, f.reason)
    )


def never_built(results_dir: str | Path) -> bool:
    """Whether the study of ``results_dir`` (its parent) has no build at all: no manifest and
    no artifact, though it is a study (it has resources/ or config/)."""
    results = Path(results_dir)
    study = results.parent
    if not ((study / "resources").is_dir() or (study / "config").is_dir()):
        return False
    return not (results / MANIFEST).exists() and not (
        results.is_dir() and _parquet_files(results)
    )


def _check_entry(entry: dict[str, object], root: Path) -> list[Finding]:
    path = str(entry["path"])
    file = root / path
    if not file.exists():
        return [Finding(path, "missing", "listed in the manifest but not on disk.")]
    if entry["sha256"] is not None and sha256_file(file) != entry["sha256"]:
        return [Finding(path, "altered", "its sha256 differs from the manifest's.")]
    if entry["format"] == "parquet":
        return _check_parquet(path, root)
    return []


def _check_parquet(path: str, root: Path, lineage: bool = True) -> list[Finding]:
    """Schema, code and lineage of one Parquet artifact, from its own provenance."""
    file = root / path
    try:
        meta = artifact_metadata(file)
        frame = pd.read_parquet(file)
    except Exception as err:  # noqa: BLE001 - any unreadable file is an altered artifact
        return [Finding(path, "altered", f"not a readable Parquet file ({type(err).__name__}).")]
    name = meta.get("thematic.schema", "")
    model = getattr(schemas, name, None) if name else None
    if model is None:
        return [Finding(path, "altered", f"names no known schema ({name or 'none'!r}).")]
    try:
        validate(frame, model, path)
    except AssertionError as err:
        return [Finding(path, "altered", str(err).removeprefix(f"{path} ") + ".")]
    findings = []
    if meta.get("thematic.schema_sha256") != schema_sha256(model):
        findings.append(Finding(path, "stale", f"schema {name} has changed since it was built."))
    if meta.get("thematic.code_sha256") != code_fingerprint():
        findings.append(Finding(path, "stale", "built by other thematic code than this one."))
    inputs = json.loads(meta.get("thematic.inputs", "{}")) if lineage else {}
    for source, digest in inputs.items():
        current = root / source
        if not current.exists():
            findings.append(Finding(path, "stale", f"its input {source} no longer exists."))
        elif sha256_file(current) != digest:
            findings.append(
                Finding(path, "stale", f"its input {source} changed after it was built.")
            )
    return findings


def _check_current_inputs(entries: list[dict[str, object]], root: Path) -> list[Finding]:
    """Input files that arrived after the build: an essay no artifact read, a coder with no file."""
    config = study_config(root)
    registry = artifacts.path("essays")
    recorded = {source for entry in entries for source in json.loads(str(entry["inputs"]))}
    listed = {str(entry["path"]) for entry in entries}
    findings = []
    essays_dir = root / config["essays_dir"]
    if essays_dir.is_dir():
        for essay in sorted(essays_dir.iterdir()):
            rel = _relative(essay, root)
            if essay.suffix.lower() in ESSAY_SUFFIXES and rel not in recorded:
                findings.append(
                    Finding(
                        registry,
                        "stale",
                        f"{rel} arrived after it was built.",
                    )
                )
    codings_dir = root / config["codings_dir"]
    if codings_dir.is_dir():
        for coding in sorted(codings_dir.glob("*.csv")):
            artifact = artifacts.path("coding").format(coder=coding.stem)
            if artifact not in listed:
                findings.append(
                    Finding(
                        artifact,
                        "missing",
                        f"{_relative(coding, root)} has no coding artifact: it arrived "
                        "after the last build, or that build stopped before reading it.",
                    )
                )
    return findings


def _downstream_of(findings: list[Finding], entries: list[dict[str, object]]) -> list[Finding]:
    """Everything built, directly or not, from an artifact that cannot be trusted is stale."""
    consumers: dict[str, list[str]] = {}
    for entry in entries:
        for source in json.loads(str(entry["inputs"])):
            consumers.setdefault(source, []).append(str(entry["path"]))
    untrusted = {f.artifact for f in findings}
    queue = sorted(untrusted)
    found = []
    while queue:
        source = queue.pop()
        for artifact in consumers.get(source, []):
            found.append(
                Finding(
                    artifact, "stale", f"built from {source}, which is not trusted.", derived=True
                )
            )
            if artifact not in untrusted:
                untrusted.add(artifact)
                queue.append(artifact)
    return found


def _parquet_files(results: Path) -> list[Path]:
    # Hidden files are atomic writes in progress or killed part-way; no rule reads them.
    return sorted(
        p
        for p in results.rglob("*.parquet")
        if p.is_file() and not any(part.startswith(".") for part in p.parts[-1:])
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
