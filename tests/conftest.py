"""Shared fixtures: the example study's paths and a tiny study built in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workflow_helpers import copy_study

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture()
def codebook_table() -> pd.DataFrame:
    from thematic.codebook import load_codebook

    return load_codebook(REPO / "config" / "codebook.yaml")


@pytest.fixture()
def example_study(tmp_path: Path) -> Path:
    """A copy of the bundled example study (config/ and resources/) in a temporary folder."""
    study = tmp_path / "study"
    copy_study(study)
    return study
