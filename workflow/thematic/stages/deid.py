"""Stage of deid.smk: gather the shards' findings and verdicts, and apply the block policy."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd

from thematic import gate, schemas
from thematic.io import read_artifact, write_artifact

log = logging.getLogger("thematic")


def deid(
    *,
    shard_findings: Sequence[str],
    shard_status: Sequence[str],
    policy: str,
    findings: str,
    status: str,
) -> None:
    """results/deid/findings.parquet and status.parquet from the shards; under the ``block``
    policy, stop the run naming the essays with findings."""
    all_findings = pd.concat([read_artifact(p) for p in shard_findings], ignore_index=True)
    all_status = pd.concat([read_artifact(p) for p in shard_status], ignore_index=True)
    all_findings = all_findings.sort_values(
        ["essay_id", "start", "end", "category"], ignore_index=True
    )
    all_status = all_status.sort_values("essay_id", ignore_index=True)
    params = {"policy": policy}
    write_artifact(
        all_findings, findings, schemas.DeidFindings, inputs=shard_findings, params=params
    )
    write_artifact(all_status, status, schemas.DeidStatus, inputs=shard_status, params=params)
    for row in gate.flagged(all_status).itertuples(index=False):
        log.warning("deid: essay %s %s (%s)", row.essay_id, row.status, row.category_counts)
    gate.enforce_block(all_status, policy, status)
