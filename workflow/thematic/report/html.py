"""The HTML report (results/report/index.html): one self-contained file a co-author opens from a
USB stick. Inline CSS, figures as inline SVG, no script and nothing loaded from the network.

Rendered by jinja2 with autoescaping on: codebook labels, coder ids and quotes are data. The one
markup passed through unescaped is thematic's own matplotlib SVG (:func:`inline_svg`).
Not for computing anything (see ``summary``, ``quotes``, ``figures``, ``methods``).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from thematic.report.figures import ReportFigure
from thematic.report.templating import environment

_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_ID = re.compile(r'\b(id="|xlink:href="#|href="#|url\(#)([^")]+)')


def inline_svg(svg: bytes, figure: ReportFigure) -> Markup:
    """matplotlib's SVG made fit to sit in the page: no XML prolog or doctype; ids prefixed with
    the figure's name (several figures share ids such as "figure_1" and "patch_2"); labelled by
    its alt text for screen readers; scaled to the column by CSS."""
    text = _PROLOG.sub("", svg.decode("utf-8"), count=1)
    text = _ID.sub(lambda m: f"{m.group(1)}{figure.name}-{m.group(2)}", text)
    text = text.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(figure.alt)}" class="figure" ', 1
    )
    return Markup(text)  # noqa: S704 - our own matplotlib output, text escaped by matplotlib


def render_html(content: dict[str, Any]) -> str:
    """index.html from the report's content (see :func:`thematic.report.build.report_content`)."""
    return environment(autoescape=True).get_template("index.html.j2").render(**content)
