"""The study report in Markdown (results/report.md): the tables as a paper prints them.

Built only from artifacts, never from essay text, so nothing the deid gate withheld can reach it.
Its numbers come from the same summaries as the HTML report (:mod:`thematic.report.summary`).
"""

from __future__ import annotations

from thematic import __version__
from thematic.gate import key_sentence
from thematic.provenance import code_fingerprint
from thematic.report import summary
from thematic.report.artifacts import ReportArtifacts
from thematic.report.numbers import fmt
from thematic.report.templating import environment


def render_markdown(art: ReportArtifacts, *, title: str, policy: str) -> str:
    """results/report.md from the report's artifacts."""
    coders = art.coders
    consensus_counts = art.code_counts[art.code_counts["source"] == "consensus"].set_index("code")
    theme_percent = art.theme_counts[art.theme_counts["source"] == "consensus"].set_index("theme")
    themes = [
        {
            "printed": f"{theme['label']} (n = {theme['n']['consensus']})",
            "percent": fmt(theme_percent.loc[theme["theme"], "percent"], 1),
            "coders": [theme["n"][c] for c in coders],
            "codes": [
                {
                    "printed": f"{code['label']} (n = {code['n']['consensus']})",
                    "percent": fmt(consensus_counts.loc[code["code"], "percent"], 1),
                    "pending": code["pending"],
                    "coders": [code["n"][c] for c in coders],
                }
                for code in theme["codes"]
            ],
        }
        for theme in summary.prevalence(art)
    ]
    status = art.deid_status
    adjudication = summary.adjudication(art)
    return (
        environment(autoescape=False)
        .get_template("report.md.j2")
        .render(
            title=title,
            n_total=art.n_analysed,
            n_files=len(art.coverage),
            coders=coders,
            themes=themes,
            awaiting=adjudication["awaiting"],
            partial=adjudication["partial"],
            quarantined=status[status["status"] == "quarantined"].to_dict("records"),
            flagged=status[status["status"] == "flagged"].to_dict("records"),
            policy=policy,
            key_sentence=key_sentence(art.fingerprint_key),
            agreement=summary.agreement_rows(art),
            adjudication=adjudication,
            cooccurrence=summary.top_pairs(art),
            suggest=summary.machine_suggestions(art),
            version=__version__,
            code_sha=code_fingerprint()[:12],
        )
    )
