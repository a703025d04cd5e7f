"""Stage of coding.smk: apply the codebook to one coder's file."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd

from thematic import coding as codings
from thematic import gate, schemas
from thematic.interop.coders import read_coder_file
from thematic.io import read_artifact, write_artifact

log = logging.getLogger("thematic")


def apply_codebook(
    *, coding_file: str, codebook: str, essays: Sequence[str], coder: str, coding: str
) -> None:
    """Resolve and check one coder's file into results/coding/<coder>.parquet.

    ``coding_file``: the coder's .csv or .xlsx, or the REFI-QDA project (.qdpx) holding this
    coder's codings among other users'; a project's sources that match no essay are logged.

    ``essays``: the screened essay shards (quarantined essays have no text there).
    """
    essay_table = pd.concat(
        [pd.read_parquet(p, columns=["essay_id", "text"]) for p in essays], ignore_index=True
    )
    rows, unmatched = read_coder_file(coding_file, coder, essay_table)
    for source in unmatched:
        log.warning(
            "%s: source %r (%d coding(s)) is no essay of this study, not imported: %s",
            coding_file,
            source.source,
            source.codings,
            source.reason,
        )
    result, skipped = codings.apply_codebook(
        rows,
        coder=coder,
        codebook=read_artifact(codebook, schemas.Codebook),
        essays=essay_table,
        file=str(coding_file),
    )
    if skipped:
        log.warning(
            "%s: %d row(s) for essays withheld by the deid gate were skipped", coding_file, skipped
        )
    result, withheld = gate.withhold_identifying_memos(result)
    for line, categories_found in withheld:
        log.warning(
            "%s, line %d: memo withheld, the deid check found %s in it; rewrite the memo "
            "without identifiers",
            coding_file,
            line,
            ", ".join(categories_found),
        )
    write_artifact(result, coding, schemas.Coding, inputs=[coding_file, codebook, *essays])
