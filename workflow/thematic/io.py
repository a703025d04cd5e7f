"""Reading and writing artifacts: validated, provenance-stamped, atomic.

Every Parquet artifact goes through :func:`write_artifact`: it is validated against its pandera
model, stamped with provenance metadata, written to a temporary file beside its target and
renamed into place, so a killed run never leaves a half-written file that looks finished.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors as pa_errors
import pyarrow as pa
import pyarrow.parquet as pq

from thematic.provenance import input_hashes, provenance_metadata

SchemaModel = Any  # a pandera DataFrameModel subclass
_UMASK = os.umask(0)
os.umask(_UMASK)  # read once: the process's umask, for the modes of the files written


def schema_sha256(model: SchemaModel) -> str:
    """Hash of the model's full definition (columns, dtypes, checks), as pandera serialises it.

    pandera leaves a model's own dataframe-wide checks out of its YAML (with a warning): their
    names are hashed after it instead, so a model without such checks keeps the same hash."""
    schema = model.to_schema()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Only registered checks may be serialized")
        text = schema.to_yaml()
    own = sorted(str(getattr(check, "name", check)) for check in schema.checks)
    if own:
        text += "\n# dataframe checks: " + ", ".join(own)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def validate(frame: pd.DataFrame, model: SchemaModel, what: str) -> pd.DataFrame:
    """Validate ``frame`` against ``model``; a violation here is a bug in thematic, said plainly."""
    try:
        return model.validate(frame.reset_index(drop=True), lazy=True)
    except pa_errors.SchemaErrors as errors:
        summary = errors.failure_cases[["column", "check"]].drop_duplicates().head(10)
        detail = "; ".join(f"{row.column}: {row.check}" for row in summary.itertuples())
        raise AssertionError(f"{what} violates schema {model.__name__}: {detail}") from None


def atomic_write_bytes(path: str | Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` via a temporary file and an atomic rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private (0600); a result is not
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_artifact(
    frame: pd.DataFrame,
    path: str | Path,
    model: SchemaModel,
    *,
    inputs: Iterable[str | Path] = (),
    params: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Validate, stamp and atomically write one Parquet artifact; returns the validated frame."""
    validated = validate(frame, model, str(path))
    table = pa.Table.from_pandas(validated, preserve_index=False)
    metadata = dict(table.schema.metadata or {})
    stamp = provenance_metadata(
        schema_name=model.__name__,
        schema_hash=schema_sha256(model),
        inputs=input_hashes(inputs),
        params=params,
    )
    metadata.update({k.encode(): v.encode() for k, v in stamp.items()})
    table = table.replace_schema_metadata(metadata)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    atomic_write_bytes(path, sink.getvalue().to_pybytes())
    return validated


def write_csv_artifact(frame: pd.DataFrame, path: str | Path, model: SchemaModel) -> pd.DataFrame:
    """Validate and atomically write a CSV artifact (a sheet people open); returns the frame."""
    validated = validate(frame, model, str(path))
    atomic_write_text(path, validated.to_csv(index=False, lineterminator="\n"))
    return validated


def read_artifact(path: str | Path, model: SchemaModel | None = None) -> pd.DataFrame:
    frame = pd.read_parquet(path)
    return validate(frame, model, str(path)) if model is not None else frame


def artifact_metadata(path: str | Path) -> dict[str, str]:
    """The thematic.* provenance keys of an artifact."""
    raw = pq.read_schema(path).metadata or {}
    return {k.decode(): v.decode() for k, v in raw.items() if k.decode().startswith("thematic.")}
