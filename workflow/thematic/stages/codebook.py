"""Stage of codebook.smk: check the codebook and flatten it to one row per code."""

from __future__ import annotations

from pathlib import Path

from thematic import schemas
from thematic.codebook import load_codebook
from thematic.interop.codebook import qdc_codebook_frame
from thematic.io import write_artifact


def codebook(*, source: str, codebook: str) -> None:
    """Check ``source`` (config/codebook.yaml, or a REFI-QDA codebook .qdc exported from a QDA
    tool) and write results/codebook/codebook.parquet."""
    frame = (
        qdc_codebook_frame(source)
        if Path(source).suffix.lower() == ".qdc"
        else load_codebook(source)
    )
    write_artifact(frame, codebook, schemas.Codebook, inputs=[source])
