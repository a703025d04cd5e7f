"""A study's configuration: config/config.yaml over the defaults of the config schema.

The JSON Schema ``workflow/schemas/config.schema.yaml`` is the one statement of every key, its
default and its description: Snakemake validates the run's config against it, and the tools
that read a study outside a run (``thematic verify``) take their defaults from it here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

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
