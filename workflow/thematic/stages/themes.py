"""Stage of themes.smk: essays per code and theme, and code co-occurrence."""

from __future__ import annotations

from thematic import schemas
from thematic import themes as tables
from thematic.io import read_artifact, write_artifact


def themes(
    *,
    consensus: str,
    presence: str,
    codebook: str,
    code_counts: str,
    theme_counts: str,
    cooccurrence: str,
) -> None:
    """Essays per code and theme (consensus and each coder) and consensus co-occurrence.

    N is the number of analysed essays, those of ``presence``.
    """
    agreed = read_artifact(consensus, schemas.Consensus)
    present = read_artifact(presence, schemas.Presence)
    book = read_artifact(codebook, schemas.Codebook)
    n_total = int(present["essay_id"].nunique())
    inputs = [consensus, presence, codebook]
    write_artifact(
        tables.code_counts(agreed, present, book, n_total),
        code_counts,
        schemas.CodeCounts,
        inputs=inputs,
    )
    write_artifact(
        tables.theme_counts(agreed, present, book, n_total),
        theme_counts,
        schemas.ThemeCounts,
        inputs=inputs,
    )
    write_artifact(
        tables.cooccurrence(agreed, book), cooccurrence, schemas.Cooccurrence, inputs=inputs
    )
