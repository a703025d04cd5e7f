"""A small synthetic study's artifacts, made by the pipeline's own pure functions, for the report's
fast tests: seeded random codings of the example codebook by two coders, one essay quarantined,
one cleared after a waiver, one coded by one coder only, one awaiting coding, one dispute left
pending (with a stale decision on it: made before the unit changed) and one decision on a unit
where the coders agree.

Quotes are made-up sentences that name their essay, coder and code, so a test can tell where a
quote came from; a quarantined essay's quotes are null, as the coding stage writes them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from thematic import agreement, merge, themes
from thematic.adjudication.decisions import match_decisions, unit_fingerprints
from thematic.codebook import load_codebook
from thematic.report import ReportArtifacts

REPO = Path(__file__).resolve().parents[1]
CODERS = ("ann", "ben")
# nearly every essay has this code: the prevalence paradox should show for it
COMMON_CODE = "conveying_solidarity"


def essay_ids(n: int) -> list[str]:
    return [f"e{k:02d}" for k in range(1, n + 1)]


def synthetic_artifacts(
    *,
    n_essays: int = 14,
    seed: int = 7,
    statuses: dict[str, str] | None = None,
    codebook: pd.DataFrame | None = None,
) -> ReportArtifacts:
    """The report's artifacts for a study of ``n_essays`` essays (see the module docstring)."""
    rng = np.random.default_rng(seed)
    book = load_codebook(REPO / "config/codebook.yaml") if codebook is None else codebook
    ids = essay_ids(n_essays)
    status = {essay: "cleared" for essay in ids}
    status[ids[-1]] = "quarantined"
    status[ids[-2]] = "waived"
    status.update(statuses or {})
    awaiting, partial = ids[-3], ids[-4]
    rows = []
    for coder in CODERS:
        for essay in ids:
            if essay == awaiting or (essay == partial and coder == CODERS[1]):
                continue
            for code in book["code"]:
                share = 0.95 if code == COMMON_CODE else 0.45
                if rng.random() >= share:
                    continue
                start = int(rng.integers(0, 400))
                withheld = status[essay] == "quarantined"
                rows.append(
                    {
                        "coder": coder,
                        "essay_id": essay,
                        "code": code,
                        "theme": book.set_index("code").loc[code, "theme"],
                        "code_as_written": code,
                        "start": start,
                        "end": start + int(rng.integers(40, 300)),
                        "whole_essay": False,
                        "quote": None if withheld else f"Passage of {essay} by {coder} for {code}.",
                        "memo": None,
                        "source_line": len(rows) + 2,
                    }
                )
    segments = pd.DataFrame(rows)
    codings = {c: segments[segments["coder"] == c] for c in CODERS}
    essays = pd.DataFrame({"essay_id": ids, "deid_status": [status[e] for e in ids]})
    coverage = merge.coverage(essays, codings)
    presence = merge.presence(coverage, codings, book)
    sha = dict.fromkeys(ids, "0" * 64)
    disputed = unit_fingerprints(presence, sha)
    ruled = disputed.iloc[1:]  # the first dispute stays pending
    agreed = presence.groupby(["essay_id", "code"])["applied"].all()
    moot = agreed[agreed].index[0]
    stale = disputed.iloc[0]
    decisions = pd.DataFrame(
        {
            "essay_id": [*ruled["essay_id"], moot[0], stale["essay_id"]],
            "code": [*ruled["code"], moot[1], stale["code"]],
            "decision": ["present" if k % 2 else "absent" for k in range(len(ruled))]
            + ["absent", "present"],
            "adjudicator": "judge",
            "rationale": "as the codebook defines it",
            "fingerprint": [*ruled["fingerprint"], None, "fp-" + "0" * 16],
            "source_file": "resources/adjudication/decisions.csv",
            "source_line": range(2, len(ruled) + 4),
        }
    )
    applied, unused = match_decisions(decisions, disputed)
    disagreements = merge.disagreements(presence, book, applied, disputed)
    consensus = merge.consensus(presence, book, applied)
    n_total = int((coverage["status"] == "analysed").sum())
    deid_status = pd.DataFrame(
        {
            "essay_id": ids,
            "essay_sha256": ["0" * 64] * len(ids),
            "status": [status[e] for e in ids],
            "n_findings": [0 if status[e] == "cleared" else 1 for e in ids],
            "n_waived": [1 if status[e] == "waived" else 0 for e in ids],
            "category_counts": ["{}"] * len(ids),
        }
    )
    return ReportArtifacts(
        codebook=book,
        coverage=coverage,
        deid_status=deid_status,
        disagreements=disagreements,
        agreement=agreement.presence_agreement(
            presence, book, resamples=agreement.Resamples(50, seed)
        ),
        code_counts=themes.code_counts(consensus, presence, book, n_total),
        theme_counts=themes.theme_counts(consensus, presence, book, n_total),
        cooccurrence=themes.cooccurrence(consensus, book),
        presence=presence,
        consensus=consensus,
        segments=segments,
        unused_decisions=unused,
        codebook_name="Synthetic codebook",
        codebook_version="2.1",
        provenance={"thematic.version": "0.1.0", "thematic.git_commit": "ab" * 20},
        agreement_params={"n_boot": 50, "seed": seed, "min_overlap": 0.5},
    )
