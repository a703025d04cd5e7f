"""Shared fixtures: the example study, its one shared build, and copies of that build.

End-to-end tests (marked ``e2e``) read ``example_build`` where they only read it, and take a
``built_copy`` of their own where they change it, so no test depends on another's order.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workflow_helpers import copy_built, copy_study, snakemake

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


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example study built once for the session. Read it; never change it (take a
    ``built_copy`` for that)."""
    study = tmp_path_factory.mktemp("example_build") / "study"
    copy_study(study)
    done = snakemake(study)
    # what the build said, beside the study (not in it: verify would see a stray file)
    (study.parent / "build_output.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
    return study


@pytest.fixture()
def built_copy(example_build: Path, tmp_path: Path) -> Path:
    """A copy of the built example study, up to date (Snakemake's records and the files'
    times come along), to change as a test pleases."""
    return copy_built(example_build, tmp_path / "study")


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's hook
    from test_bad_input_properties import CASES

    if CASES:
        total = sum(CASES.values())
        listing = ", ".join(f"{k}: {v}" for k, v in sorted(CASES.items()))
        terminalreporter.write_line(f"bad-input cases tried: {total} ({listing})")
