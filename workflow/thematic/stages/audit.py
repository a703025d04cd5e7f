"""Stage of audit.smk: the manifest of every artifact of the build, for ``thematic verify``."""

from __future__ import annotations

from collections.abc import Sequence

from thematic import schemas
from thematic.audit import manifest_table
from thematic.io import write_artifact


def audit(*, artifacts: Sequence[str], manifest: str) -> None:
    """results/audit/manifest.parquet: every artifact's sha256, rows, schema and inputs."""
    write_artifact(manifest_table(artifacts), manifest, schemas.AuditManifest, inputs=artifacts)
