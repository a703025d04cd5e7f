"""A study's configuration: config/config.yaml over the defaults of the config schema.

The JSON Schema ``workflow/schemas/config.schema.yaml`` is the one statement of every key, its
default and its description: :func:`config_problems` checks a config against it (the workflow
at start-up and ``thematic check``), one line per problem, and the tools that read a study
outside a run (``thematic verify``) take their defaults from it here.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from thematic.errors import Problem

CONFIG_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "config.schema.yaml"


def _defaults_of(properties: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, spec in properties.items():
        if "properties" in spec:
            found[key] = _defaults_of(spec["properties"])
        elif "default" in spec:
            found[key] = spec["default"]
    return found


@cache
def _schema_defaults() -> dict[str, Any]:
    return _defaults_of(yaml.safe_load(CONFIG_SCHEMA.read_text("utf-8"))["properties"])


def defaults() -> dict[str, Any]:
    """Every key's default, nested as in config.yaml."""
    return _merged({}, _schema_defaults())


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = (
            _merged(out[key], value)
            if isinstance(value, dict) and isinstance(out.get(key), dict)
            else value
        )
    return out


def study_config(study: str | Path) -> dict[str, Any]:
    """The study's config/config.yaml over the defaults (nested keys merged)."""
    config_file = Path(study) / "config" / "config.yaml"
    given = yaml.safe_load(config_file.read_text("utf-8")) if config_file.exists() else None
    return _merged(defaults(), given or {})


def with_defaults(config: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` over every key's default (nested keys merged), as the workflow runs it."""
    return _merged(defaults(), dict(config))


@cache
def _schema() -> dict[str, Any]:
    return yaml.safe_load(CONFIG_SCHEMA.read_text("utf-8"))


def config_problems(
    config: Any, file: str = "config/config.yaml", text: str | None = None
) -> list[Problem]:
    """Every way ``config`` breaks the config schema, one :class:`Problem` a key: the key, what
    is wrong, what is allowed, and for an unknown key the one probably meant. ``text``, the
    YAML the config was read from, gives each problem its line.

    jsonschema's own messages (what Snakemake's ``validate`` prints, schema and config in
    full) are written for schema authors; these are written for whoever edits config.yaml.
    """
    from jsonschema import Draft202012Validator  # installed with Snakemake

    lines = _key_lines(text)
    problems = []
    errors = Draft202012Validator(_schema()).iter_errors(config)
    for error in sorted(errors, key=lambda e: [str(part) for part in e.absolute_path]):
        path = [str(part) for part in error.absolute_path]
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed)):
                problems.append(_unknown_key(file, [*path, key], allowed, lines))
            continue
        key = ".".join(path) or "(the whole file)"
        problems.append(
            Problem(
                file,
                f"`{key}` is {error.instance!r}: {_what_is_wrong(error.validator)}.",
                f"allowed: {_allowed(error.schema)}.",
                line=lines.get(tuple(path)),
            )
        )
    return sorted(problems, key=lambda problem: problem.line or 0)


def _unknown_key(
    file: str, path: list[str], allowed: Sequence[str], lines: dict[tuple[str, ...], int]
) -> Problem:
    key = ".".join(path)
    close = difflib.get_close_matches(path[-1], allowed, n=1, cutoff=0.6)
    meant = f", did you mean `{'.'.join([*path[:-1], close[0]])}`?" if close else "."
    return Problem(
        file,
        f"unknown key `{key}`{meant}",
        f"the keys allowed {'in ' + '.'.join(path[:-1]) if path[:-1] else 'here'} are "
        f"{', '.join(allowed)}.",
        line=lines.get(tuple(path)),
    )


def _what_is_wrong(validator: str) -> str:
    return {
        "type": "of the wrong type",
        "enum": "not one of the allowed values",
        "minimum": "too small",
        "exclusiveMinimum": "too small",
        "maximum": "too large",
        "exclusiveMaximum": "too large",
    }.get(validator, f"it fails the schema's {validator!r} check")


def _allowed(schema: Mapping[str, Any]) -> str:
    """What a key's schema allows, in words: "an integer from 1 to 4096", "one of a, b"."""
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    kind = {
        "integer": "an integer",
        "number": "a number",
        "string": "text",
        "object": "a mapping of keys",
        "boolean": "true or false",
    }.get(schema.get("type"), "a value")
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    bounds = []
    if low is not None:
        bounds.append(f"at least {low}")
    if "exclusiveMinimum" in schema:
        bounds.append(f"greater than {schema['exclusiveMinimum']}")
    if high is not None:
        bounds.append(f"at most {high}")
    return f"{kind} {' and '.join(bounds)}".strip()


def _key_lines(text: str | None) -> dict[tuple[str, ...], int]:
    """{key path: 1-based line} of every key in a YAML mapping (empty if it does not parse)."""
    if not text:
        return {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    found: dict[tuple[str, ...], int] = {}

    def walk(node: Any, prefix: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path = (*prefix, str(key.value))
                found[path] = key.start_mark.line + 1
                walk(value, path)

    walk(root, ())
    return found
