"""The methods paragraph (results/report/methods.md): prose answering what COREQ items 24-27 ask
about coding (Tong, Sainsbury & Craig 2007, Int J Qual Health Care 19:349-357): the number of
coders, the codebook and how it was applied, how disagreements were resolved, the agreement
coefficients with their unit and values, how de-identification was checked, and the software.

Every number comes from the report's summaries (themselves read from artifacts). The text is a
starting point a researcher edits in the manuscript, so it is plain prose without Markdown
markup. Not for the tables (see ``summary``) and not for rendering HTML (see ``html``).
"""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any

from thematic.gate import key_prose
from thematic.report.artifacts import ReportArtifacts
from thematic.report.numbers import DASH, fmt, in_words, is_missing, join_words, percent_of
from thematic.report.templating import environment

SOFTWARE = {  # key in the template: distribution name
    "snakemake": "snakemake",
    "pandas": "pandas",
    "scikit_learn": "scikit-learn",
    "matplotlib": "matplotlib",
}


def software_versions(provenance: dict[str, str]) -> dict[str, str]:
    """thematic's version and commit as the artifacts record them; the libraries' as installed
    where the report is built (the same environment that ran the workflow)."""
    versions = {"thematic": provenance.get("thematic.version", DASH)}
    commit = provenance.get("thematic.git_commit", "")
    versions["commit"] = commit[:12]
    versions["python"] = platform.python_version()
    for key, distribution in SOFTWARE.items():
        try:
            versions[key] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            versions[key] = DASH
    return versions


def methods_text(
    art: ReportArtifacts,
    *,
    summary: dict[str, Any],
    agreement: dict[str, Any],
    paradox: list[dict[str, Any]],
    adjudication: dict[str, Any],
    policy: str,
    software: dict[str, str],
) -> str:
    """The methods paragraphs, one per COREQ topic, separated by blank lines."""
    kappas = [
        (row["values"]["kappa"], row["label"])
        for row in agreement["per_code"]
        if not is_missing(row["values"]["kappa"])
    ]
    low, high = (min(kappas), max(kappas)) if kappas else ((None, ""), (None, ""))
    adjudicators = sorted(art.consensus["adjudicator"].dropna().unique())
    other = agreement["other_units"][-1]  # "All codes"
    params = art.agreement_params
    name = art.codebook_name or "the study's codebook"
    cited = f"the codebook \u201c{name}\u201d" if art.codebook_name else name
    if art.codebook_version:
        cited += f" (version {art.codebook_version})"
    return (
        environment(autoescape=False)
        .get_template("methods.md.j2")
        .render(
            summary=summary,
            agreement=agreement,
            paradox=paradox,
            adjudication=adjudication,
            policy=policy,
            key_sentence=key_prose(art.fingerprint_key),
            software=software,
            codebook_cited=cited,
            multi_percent=_percent(summary["n_multi_coded"], summary["n_coded"]),
            adjudicators=(
                f"{in_words(len(adjudicators))} adjudicator{'s' if len(adjudicators) != 1 else ''} "
                f"({join_words(adjudicators)})"
                if adjudicators
                else "an adjudicator"
            ),
            kappa_range={"low": f"{fmt(low[0])} ({low[1]})", "high": f"{fmt(high[0])} ({high[1]})"},
            n_boot=params.get("n_boot", DASH),
            min_overlap=f"{round(100 * float(params['min_overlap']))}%"
            if "min_overlap" in params
            else DASH,
            segments=other["segments"],
            u_alpha=other["u_alpha"],
        )
        .strip()
        + "\n"
    )


def _percent(n: int, total: int) -> str:
    share = percent_of(n, total)
    return DASH if share is None else f"{share}%"
