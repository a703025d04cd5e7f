"""Every file of the report, as bytes, from the report's artifacts: the one entry point the
report stage calls. Pure (no files read or written here), so the whole report is testable
without Snakemake; the stage writes the returned files atomically.
"""

from __future__ import annotations

from typing import Any

from thematic import __version__
from thematic.artifacts import FIGURES
from thematic.report import figures, quotes, summary
from thematic.report.artifacts import ReportArtifacts
from thematic.report.html import inline_svg, render_html
from thematic.report.markdown import render_markdown
from thematic.report.methods import methods_text

# where each file goes, relative to results/ (the report rule's outputs say the same)
MARKDOWN = "report.md"
HTML = "report/index.html"
METHODS = "report/methods.md"
FIGURE_DIR = "report/figures"
FIGURE_NAMES = FIGURES  # the registry's


def report_content(
    art: ReportArtifacts, *, title: str, policy: str, software: dict[str, str]
) -> tuple[dict[str, Any], list[figures.ReportFigure]]:
    """What the HTML shows (template variables) and the figures, computed once."""
    study = summary.study_summary(art)
    themes = summary.prevalence(art)
    agreement = summary.agreement_rows(art)
    paradox = summary.prevalence_paradox(art, agreement["per_code"])
    adjudication = summary.adjudication(art)
    drawn = [
        figures.prevalence_figure(art, themes),
        figures.agreement_forest(art, agreement),
        figures.cooccurrence_heatmap(art),
        figures.disagreement_figure(art),
    ]
    exemplars = quotes.exemplar_quotes(art.segments, art.consensus, art.deid_status)
    by_code = {code: group.to_dict("records") for code, group in exemplars.groupby("code")}
    methods = methods_text(
        art,
        summary=study,
        agreement=agreement,
        paradox=paradox,
        adjudication=adjudication,
        policy=policy,
        software=software,
    )
    content = {
        "title": title,
        "policy": policy,
        "summary": study,
        "sources": ["consensus", *art.coders],
        "themes": themes,
        "agreement": agreement,
        "paradox": paradox,
        "adjudication": adjudication,
        "pairs": summary.top_pairs(art),
        "suggest": summary.machine_suggestions(art),
        "quotes": [
            {"code": c.code, "label": c.label, "quotes": by_code.get(c.code, [])}
            for c in art.codes.itertuples(index=False)
        ],
        "max_quote_chars": quotes.MAX_CHARS,
        "methods": [p for p in methods.split("\n\n") if p.strip()],
        "software": software,
        "version": __version__,
    }
    return content, drawn


def report_files(
    art: ReportArtifacts, *, title: str, policy: str, software: dict[str, str]
) -> dict[str, bytes]:
    """{path relative to results/: file bytes} for report.md, the HTML, methods.md and each
    figure as SVG and PNG."""
    content, drawn = report_content(art, title=title, policy=policy, software=software)
    files: dict[str, bytes] = {}
    for figure in drawn:
        svg = figures.svg_bytes(figure)
        files[f"{FIGURE_DIR}/{figure.name}.svg"] = svg
        files[f"{FIGURE_DIR}/{figure.name}.png"] = figures.png_bytes(figure)
        figure.figure.clear()
    content["figures"] = [
        {
            "name": f.name,
            "number": k + 1,
            "caption": f.caption,
            "alt": f.alt,
            "svg": inline_svg(files[f"{FIGURE_DIR}/{f.name}.svg"], f),
        }
        for k, f in enumerate(drawn)
    ]
    files[HTML] = render_html(content).encode("utf-8")
    files[METHODS] = ("\n\n".join(content["methods"]) + "\n").encode("utf-8")
    files[MARKDOWN] = render_markdown(art, title=title, policy=policy).encode("utf-8")
    return files
