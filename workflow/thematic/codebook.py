"""The codebook: themes made of codes, read from YAML, checked, and flattened to one row per code.

Also the resolver that maps what coders write (an id, a label or an alias, in any case and
spacing) to a code id. Not for applying codes to text (see :mod:`thematic.coding`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from thematic import schemas
from thematic.errors import InputError, Problem, raise_if_any
from thematic.ids import ALLOWED, is_id
from thematic.schemas import columns
from thematic.textio import read_text

THEME_KEYS = {"id", "label", "description", "codes"}
CODE_KEYS = {"id", "label", "definition", "inclusion", "exclusion", "example", "aliases"}
CODE_REQUIRED = ("id", "label", "definition")
_LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def normalise_name(name: str) -> str:
    """How names are compared: case-insensitive, '-', '_' and runs of spaces alike."""
    return re.sub(r"[\s_\-]+", " ", str(name)).strip().casefold()


def load_codebook(path: str | Path) -> pd.DataFrame:
    """Read and check ``codebook.yaml``; one row per code in codebook order (schema: Codebook)."""
    file = str(path)
    text = read_text(path, what="codebook", empty_fix="add themes with codes.")
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError.single(
            file,
            f"not valid YAML: {getattr(err, 'problem', None) or err}.",
            "check indentation and quoting near that line.",
            line=mark.line + 1 if mark else None,
        ) from None
    return codebook_frame(document, file)


def codebook_frame(document: Any, file: str = "codebook") -> pd.DataFrame:
    """Check a parsed codebook document and flatten it (pure; see :func:`load_codebook`)."""
    if not isinstance(document, dict) or not isinstance(document.get("themes"), list):
        raise InputError.single(
            file,
            "the codebook needs a top-level 'themes:' list.",
            "see config/codebook.yaml in thematic's example study for the layout.",
            line=document.get(_LINE) if isinstance(document, dict) else 1,
        )
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    theme_ids: dict[str, int] = {}
    code_lines: dict[str, int | None] = {}  # code id -> the line it was first used on
    names: dict[str, str] = {}  # normalised name -> code id that owns it

    def problem(what: str, fix: str, line: int | None) -> None:
        problems.append(Problem(file, what, fix, line=line))

    if not document["themes"]:
        problem("'themes' is empty.", "add at least one theme with codes.", document.get(_LINE))
    for theme_order, theme in enumerate(document["themes"]):
        if not isinstance(theme, dict):
            problem(
                f"theme #{theme_order + 1} is not a mapping.",
                "give it id, label, codes.",
                document.get(_LINE),
            )
            continue
        line = theme.get(_LINE)
        theme_id = _check_id(theme.get("id"), "theme", line, problem)
        for key in sorted(set(theme) - THEME_KEYS - {_LINE}):
            problem(
                f"theme {theme_id!r} has an unknown key {key!r}.",
                f"use only {', '.join(sorted(THEME_KEYS))}.",
                line,
            )
        if theme_id in theme_ids:
            problem(
                f"theme id {theme_id!r} is used twice (also line {theme_ids[theme_id]}).",
                "give each theme its own id.",
                line,
            )
        theme_ids[theme_id] = line or 0
        codes = theme.get("codes")
        if not isinstance(codes, list) or not codes:
            problem(f"theme {theme_id!r} has no 'codes' list.", "add its codes.", line)
            continue
        for code in codes:
            row = _code_row(code, theme, theme_id, theme_order, line, problem)
            if row is None:
                continue
            row["code_order"] = len(rows)
            if row["code"] in code_lines:
                first = code_lines[row["code"]]
                problem(
                    f"code id {row['code']!r} is used twice"
                    + (f" (first used on line {first})." if first else "."),
                    "give each code its own id.",
                    code.get(_LINE),
                )
                continue
            code_lines[row["code"]] = code.get(_LINE)
            _claim_names(row, names, code.get(_LINE), problem)
            rows.append(row)
    raise_if_any(problems)
    frame = pd.DataFrame(rows)
    frame["aliases"] = frame["aliases"].map("; ".join)
    return frame[columns(schemas.Codebook)]


def _check_id(value: Any, kind: str, line: int | None, problem: Any) -> str:
    if value is None or str(value).strip() == "":
        problem(f"a {kind} has no 'id'.", f"give the {kind} an id such as my_{kind}.", line)
        return f"<{kind} without id>"
    text = str(value).strip()
    if not is_id(text):
        problem(
            f"{kind} id {text!r} may hold only {ALLOWED}.",
            "use e.g. snake_case ids; put the readable name in 'label'.",
            line,
        )
    return text


def _code_row(
    code: Any,
    theme: dict[str, Any],
    theme_id: str,
    theme_order: int,
    theme_line: int | None,
    problem: Any,
) -> dict[str, Any] | None:
    if not isinstance(code, dict):
        problem(
            f"a code in theme {theme_id!r} is not a mapping.",
            "write each code as a mapping with id, label, definition.",
            theme_line,
        )
        return None
    line = code.get(_LINE)
    code_id = _check_id(code.get("id"), "code", line, problem)
    for key in sorted(set(code) - CODE_KEYS - {_LINE}):
        problem(
            f"code {code_id!r} has an unknown key {key!r}.",
            f"use only {', '.join(sorted(CODE_KEYS))}.",
            line,
        )
    text = {
        key: _text(code.get(key), f"code {code_id!r}: {key!r}", line, problem)
        for key in ("label", "definition", "inclusion", "exclusion", "example")
    }
    for key in CODE_REQUIRED[1:]:
        if not text[key].strip():
            problem(f"code {code_id!r} has no {key!r}.", f"write the code's {key}.", line)
    aliases = code.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str | int) for a in aliases):
        problem(
            f"code {code_id!r}: 'aliases' must be a list of names.",
            "write aliases: [name one, name two].",
            line,
        )
        aliases = []
    return {
        "code": code_id,
        "label": text["label"].strip(),
        "theme": theme_id,
        "theme_label": _text(
            theme.get("label"), f"theme {theme_id!r}: 'label'", theme_line, problem
        ).strip()
        or theme_id,
        "theme_order": theme_order,
        **{
            key: " ".join(text[key].split())
            for key in ("definition", "inclusion", "exclusion", "example")
        },
        "aliases": [str(a).strip() for a in aliases],
    }


def _text(value: Any, what: str, line: int | None, problem: Any) -> str:
    """A text field: a string (or a number YAML read as one); anything else is an error."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problem(
            f"{what} must be text, not {type(value).__name__}.",
            "write the value as plain text (quote it if it starts with [ or {).",
            line,
        )
        return ""
    return str(value)


def _claim_names(
    row: dict[str, Any], names: dict[str, str], line: int | None, problem: Any
) -> None:
    """Every id, label and alias must point at one code only, or coders' files are ambiguous."""
    own: set[str] = set()
    for name in [row["code"], row["label"], *row["aliases"]]:
        key = normalise_name(name)
        if not key or key in own:
            continue
        own.add(key)
        owner = names.get(key)
        if owner is not None and owner != row["code"]:
            problem(
                f"name {name!r} of code {row['code']!r} already names code {owner!r}.",
                "make every id, label and alias unique across the codebook.",
                line,
            )
        names.setdefault(key, row["code"])


def resolver(codebook: pd.DataFrame) -> dict[str, str]:
    """{normalised id, label or alias: code id} for resolving what coders wrote."""
    table: dict[str, str] = {}
    for row in codebook.itertuples(index=False):
        names = [row.code, row.label, *(a for a in row.aliases.split("; ") if a)]
        for name in names:
            table.setdefault(normalise_name(name), row.code)
    return table


def lookup(codebook: pd.DataFrame, field: str) -> dict[str, Any]:
    """{code id: the code's ``field``} (label, theme, code_order, ...): the one code lookup."""
    return dict(zip(codebook["code"], codebook[field], strict=True))


def theme_labels(codebook: pd.DataFrame) -> dict[str, str]:
    """{theme id: theme label}."""
    return dict(zip(codebook["theme"], codebook["theme_label"], strict=False))


def codebook_identity(path: str | Path) -> dict[str, str]:
    """The codebook's optional top-level ``name`` and ``version`` ("" where absent), which the
    report and its methods paragraph cite. The codebook stage has already checked the file."""
    document = yaml.safe_load(read_text(path, what="codebook")) or {}
    identity = {}
    for key in ("name", "version"):
        value = document.get(key) if isinstance(document, dict) else None
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int | float)
        ):
            raise InputError.single(
                str(path),
                f"'{key}' must be text, not {type(value).__name__}.",
                f'write e.g. {key}: "1.0" at the top of the codebook.',
            )
        identity[key] = "" if value is None else str(value).strip()
    return identity
