"""The conda environment of the rules names the same packages as pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
# conda-forge names where they differ from PyPI's; snakemake runs the jobs, it is not in them
CONDA_NAME = {"pandera": "pandera-pandas"}
NOT_IN_JOBS = {"snakemake"}


def _requirements(specs: list[str]) -> dict[str, str]:
    found = {}
    for spec in specs:
        name, bound = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", spec.strip()).groups()
        found[name.lower()] = bound.replace(" ", "").split(",")[0]
    return found


def test_the_rules_environment_matches_the_package_dependencies() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {
        CONDA_NAME.get(name, name): bound
        for name, bound in _requirements(project["dependencies"]).items()
        if name not in NOT_IN_JOBS
    }
    env = yaml.safe_load((REPO / "workflow/envs/thematic.yaml").read_text("utf-8"))
    declared = _requirements(env["dependencies"])
    python = declared.pop("python")
    assert python == project["requires-python"].replace(" ", "")
    assert declared == wanted


def test_every_rule_that_runs_code_names_the_environment() -> None:
    for rules in sorted((REPO / "workflow/rules").glob("*.smk")):
        text = rules.read_text("utf-8")
        assert text.count("script:") == text.count('conda:\n        "../envs/thematic.yaml"'), rules
