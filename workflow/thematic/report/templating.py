"""The report's jinja2 environment: templates beside this module, strict about undefined names.

HTML is rendered with autoescaping on (codebook labels and quotes are data, not markup); the
Markdown and the methods text are rendered without it.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from thematic.report.numbers import in_words, join_words

TEMPLATES = Path(__file__).parent / "templates"


def environment(*, autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["words"] = in_words
    env.filters["join_words"] = lambda items: join_words(list(items))
    return env
