"""Fingerprints that tie an artifact to the exact code, schema and inputs that made it.

Snakemake re-runs a rule when its rule text or script changes, not when a module it imports
does; the code fingerprint closes that gap (it is passed to every rule as a param and stored in
every artifact).
"""

from __future__ import annotations

import ast
import hashlib
import json
import subprocess
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from thematic import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
_DATA_SUFFIXES = {".j2", ".yaml", ".json", ".txt", ".csv", ".tsv", ".gz"}
PIPELINE_ENTRY = "thematic.stages"  # what the rules run (workflow/scripts/run_stage.py)


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _imported_modules(source: str, package: str) -> set[str]:
    """The ``package`` modules a module's source imports (``import a.b``, ``from a import b``:
    ``a.b`` may be a module or a name in ``a``, and both are returned)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == package or name.startswith(package + ".")}


def _module_file(name: str, package_dir: Path) -> Path | None:
    relative = Path(*name.split(".")[1:])
    for candidate in (package_dir / relative / "__init__.py", package_dir / f"{relative}.py"):
        if candidate.is_file():
            return candidate
    return None


def pipeline_files(package_dir: Path = PACKAGE_DIR, entry: str = PIPELINE_ENTRY) -> list[Path]:
    """The files the rules run: every module of the package that ``entry`` (the stages)
    imports, directly or not, with their parent packages, and the data files (templates,
    lexicons) of those packages' folders. The tools around the pipeline (the CLI, the
    synthetic-study generator) are not among them unless a stage imports them."""
    package = package_dir.name
    modules: set[Path] = set()
    queue = [entry]
    seen: set[str] = set()
    while queue:
        name = queue.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first
            parent = ".".join(parts[:depth])
            if parent in seen:
                continue
            seen.add(parent)
            file = _module_file(parent, package_dir)
            if file is not None:
                modules.add(file)
                queue.extend(_imported_modules(file.read_text("utf-8"), package))
    packages = {file.parent for file in modules if file.name == "__init__.py"}
    data = {
        path
        for folder in packages
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix in _DATA_SUFFIXES
        and "__pycache__" not in path.parts
        and _owning_package(path, package_dir) in packages
    }
    return sorted(modules | data)


def _owning_package(path: Path, package_dir: Path) -> Path:
    """The innermost package folder (one with an __init__.py) holding ``path``."""
    folder = path.parent
    while folder != package_dir and not (folder / "__init__.py").is_file():
        folder = folder.parent
    return folder


@cache
def code_fingerprint(package_dir: Path = PACKAGE_DIR) -> str:
    """sha256 over the files the rules run (:func:`pipeline_files`: path and content), in a
    fixed order. Editing only the tools around the pipeline leaves it, and the results, as
    they are."""
    digest = hashlib.sha256()
    for path in pipeline_files(package_dir):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def input_hashes(paths: Iterable[str | Path], root: Path | None = None) -> dict[str, str]:
    """{path relative to the study folder: sha256}; relative so builds in other folders match."""
    base = (root or Path.cwd()).resolve()
    hashes: dict[str, str] = {}
    for path in paths:
        resolved = Path(path).resolve()
        try:
            key = resolved.relative_to(base).as_posix()
        except ValueError:
            key = Path(path).name
        hashes[key] = sha256_file(resolved)
    return dict(sorted(hashes.items()))


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


# Set once per job by the stage runner: what the whole run was configured with.
RUN_CONTEXT: dict[str, str] = {}


def git_commit(repo: Path = PACKAGE_DIR.parents[1]) -> str | None:
    """The commit of thematic's own checkout, when the code runs from one (else None)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) == 40 else None


def set_run_context(config: Mapping[str, Any], codebook_path: str | Path | None) -> None:
    """Record thematic's git commit, the run's config hash and the codebook file's hash for
    every artifact's footer."""
    commit = git_commit()
    if commit:
        RUN_CONTEXT["thematic.git_commit"] = commit
    RUN_CONTEXT["thematic.config_sha256"] = hashlib.sha256(
        canonical_json(dict(config)).encode("utf-8")
    ).hexdigest()
    if codebook_path and Path(codebook_path).is_file():
        RUN_CONTEXT["thematic.codebook_sha256"] = sha256_file(codebook_path)


def provenance_metadata(
    *,
    schema_name: str,
    schema_hash: str,
    inputs: Mapping[str, str],
    params: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Key-value metadata stored in each Parquet artifact's footer (no timestamps, no absolute paths)."""
    return {
        "thematic.version": __version__,
        "thematic.code_sha256": code_fingerprint(),
        "thematic.schema": schema_name,
        "thematic.schema_sha256": schema_hash,
        "thematic.inputs": canonical_json(dict(inputs)),
        "thematic.params": canonical_json(dict(params or {})),
        **RUN_CONTEXT,
    }
