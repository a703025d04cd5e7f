"""Stage of export.smk: the study handed back to QDA tools, as a REFI-QDA project and codebook."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from thematic import __version__, schemas
from thematic.io import atomic_write_bytes, read_artifact


def export(
    *,
    codebook: str,
    essays: Sequence[str],
    consensus: str,
    codings: Sequence[str],
    title: str,
    project: str,
    qdc: str,
) -> None:
    """results/export/project.qdpx (codebook, analysed essays the gate cleared or waived, each
    coder's codings, the consensus by the user ``consensus``) and results/export/codebook.qdc.

    ``essays``: the coded shards' essays (text null unless the gate let it through); an
    analysed essay whose text the gate did not clear is left out and named in the project's
    description (see :mod:`thematic.interop.export`)."""
    # imported on use, so that other stages' jobs start without lxml (see thematic.stages)
    from thematic.interop import export as refi

    book = read_artifact(codebook, schemas.Codebook)
    shards = pd.concat([read_artifact(p, schemas.Essays) for p in essays], ignore_index=True)
    agreed = read_artifact(consensus, schemas.Consensus)
    segments = pd.concat([read_artifact(p, schemas.Coding) for p in codings], ignore_index=True)
    origin = f"thematic {__version__}"
    exported = refi.exported_essays(shards, agreed)
    xml, files = refi.project_xml(book, exported, segments, agreed, name=title, origin=origin)
    atomic_write_bytes(project, refi.project_qdpx(xml, files))
    atomic_write_bytes(qdc, refi.codebook_qdc(book, origin=origin))
