"""Stage of codebook.smk: check the codebook and flatten it to one row per code."""

from __future__ import annotations

from thematic import schemas
from thematic.codebook import load_codebook
from thematic.io import write_artifact


def codebook(*, source: str, codebook: str) -> None:
    """Check ``source`` (config/codebook.yaml) and write results/codebook/codebook.parquet."""
    write_artifact(load_codebook(source), codebook, schemas.Codebook, inputs=[source])
