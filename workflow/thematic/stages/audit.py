"""Stage of audit.smk: the manifest of every artifact of the build, for ``thematic verify``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from thematic import schemas
from thematic.audit import manifest_table
from thematic.io import write_artifact


def audit(
    *, artifacts: Sequence[str], lineage: Mapping[str, Sequence[str]], manifest: str
) -> None:
    """results/audit/manifest.parquet: every artifact's sha256, rows, schema and inputs.

    ``lineage``: {artifact that is not Parquet: the inputs its rule declares}.
    """
    write_artifact(
        manifest_table(artifacts, lineage=lineage),
        manifest,
        schemas.AuditManifest,
        inputs=artifacts,
    )
