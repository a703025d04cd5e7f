"""Stages of ingest.smk: screen a shard of essay files, and gather the shards into the registry."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from thematic import deid, gate, schemas
from thematic import ingest as reading
from thematic.io import read_artifact, write_artifact

log = logging.getLogger("thematic")


def ingest_shard(
    *,
    essays: Sequence[str] | None,
    waivers: str | None,
    policy: str,
    study_dir: str,
    screened: str,
    findings: str,
    status: str,
) -> None:
    """Read one shard's essay files, screen them for PHI, and withhold the text of any essay
    the gate does not clear. The text of a quarantined essay is never written anywhere.

    ``study_dir``: where the fingerprint key is looked for.
    """
    files = list(essays or [])  # an empty shard still writes (empty) artifacts
    frame = reading.read_essays(files)
    key, _ = gate.fingerprint_key(Path(study_dir))  # the run says once where it came from
    texts = frame[["essay_id", "sha256", "text"]]
    found = deid.apply_waivers(deid.scan_essays(texts, key=key), deid.read_waivers(waivers))
    verdicts = gate.apply_policy(deid.essay_status(texts, found), policy)
    frame = gate.withhold_text(frame, verdicts)
    inputs = [*files, *([waivers] if waivers and Path(waivers).exists() else [])]
    params = {"policy": policy}
    write_artifact(frame, screened, schemas.Essays, inputs=inputs, params=params)
    write_artifact(found, findings, schemas.DeidFindings, inputs=inputs, params=params)
    write_artifact(verdicts, status, schemas.DeidStatus, inputs=inputs, params=params)
    log.info(
        "shard: %d essays, %d quarantined",
        len(frame),
        int((frame["deid_status"] == "quarantined").sum()),
    )


def ingest(*, shards: Sequence[str], manifest: str | None, essays: str) -> None:
    """Concatenate the essay shards into results/ingest/essays.parquet, with the manifest's
    metadata columns (``meta_*``) joined on."""
    registry = pd.concat([read_artifact(p) for p in shards], ignore_index=True)
    registry = registry.sort_values("essay_id", ignore_index=True)
    inputs = list(shards)
    if manifest and Path(manifest).exists():
        meta = reading.read_manifest(manifest, known_ids=set(registry["essay_id"]))
        registry = registry.merge(meta, on="essay_id", how="left")
        inputs.append(manifest)
    write_artifact(registry, essays, schemas.Essays, inputs=inputs)
