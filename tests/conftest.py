"""Shared fixtures: the example study, the builds end-to-end tests share, and copies of them.

End-to-end tests (marked ``e2e``) read a shared build (``example_build``, ``synthetic_build``,
``new_essay_build``) where they only read it, and take a copy of their own where they change it
(``built_copy``), so no test depends on another's order. A shared build is made once per test
session, not once per xdist worker: the first worker to ask builds it under a file lock, the
others wait for it and read it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from thematic.commands.synth import write_study
from thematic.synth import synthesize
from workflow_helpers import (
    SYNTHETIC,
    copy_built,
    copy_study,
    jobs_run,
    shared_build,
    snakemake,
)

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


def _build_example(folder: Path) -> None:
    study = copy_study(folder / "study")
    done = snakemake(study)
    # what the build said, beside the study (not in it: verify would see a stray file)
    (folder / "build_output.txt").write_text(done.stdout + done.stderr, encoding="utf-8")


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example study built once for the session. Read it; never change it (take a
    ``built_copy`` for that)."""
    return shared_build(tmp_path_factory, "example", _build_example) / "study"


def _build_synthetic(folder: Path) -> None:
    study = folder / "study"
    write_study(
        synthesize(SYNTHETIC["essays"], SYNTHETIC["coders"], seed=SYNTHETIC["seed"]),
        study,
        n_shards=SYNTHETIC["n_shards"],
    )
    snakemake(study)


@pytest.fixture(scope="session")
def synthetic_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated study (``SYNTHETIC``) built once for the session. Read it; never change it."""
    return shared_build(tmp_path_factory, "synthetic", _build_synthetic) / "study"


def new_essay_text(study: Path) -> str:
    """An essay no coder has coded yet, in the study's own words: the opening of essay_01 and
    the second paragraph of essay_02 (so the suggestion model has something to say of it)."""
    first = (study / "resources/essays/essay_01.txt").read_text("utf-8")
    second = (study / "resources/essays/essay_02.txt").read_text("utf-8")
    return first.split("\n\n")[0] + "\n\n" + second.split("\n\n")[1] + "\n"


@pytest.fixture(scope="session")
def new_essay_build(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example build after essay_23, which no coder has coded, arrived and a run followed.
    Beside the study, ``runs.json``: the jobs that run ran, and those of one more run after it.
    Read it; never change it."""

    def make(folder: Path) -> None:
        study = copy_built(example_build, folder / "study")
        (study / "resources/essays/essay_23.txt").write_text(new_essay_text(study), "utf-8")
        first = jobs_run(snakemake(study))
        again = jobs_run(snakemake(study))
        (folder / "runs.json").write_text(json.dumps({"first": first, "again": again}), "utf-8")

    return shared_build(tmp_path_factory, "new_essay", make) / "study"


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
