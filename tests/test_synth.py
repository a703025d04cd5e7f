"""Synthetic studies (thematic synth): deterministic, internally consistent, and buildable."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from thematic.cli import main
from thematic.deid import scan_text
from thematic.synth import ALIASES, CLOSINGS, CODES, FILLERS, ROLES, synthesize
from workflow_helpers import SYNTHETIC


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert (
            main(["synth", "--essays", "40", "--coders", "3", "--seed", "5", str(tmp_path / name)])
            == 0
        )
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")
    main(["synth", "--essays", "40", "--coders", "3", "--seed", "6", str(tmp_path / "three")])
    assert files_of(tmp_path / "one") != files_of(tmp_path / "three")


def test_synth_refuses_to_overwrite_a_study_without_force(tmp_path: Path) -> None:
    assert main(["synth", "--essays", "3", str(tmp_path)]) == 0
    assert main(["synth", "--essays", "3", str(tmp_path)]) == 2
    assert main(["synth", "--essays", "4", "--force", str(tmp_path)]) == 0
    assert len(list((tmp_path / "resources/essays").iterdir())) == 4


def test_every_quote_is_the_passage_at_its_offsets() -> None:
    study = synthesize(300, 3, seed=2)
    texts = dict(zip(study.essays["essay_id"], study.essays["text"], strict=True))
    for coding in study.codings.values():
        segments = coding[coding["code"] != ""]
        assert len(segments)
        for row in segments.itertuples(index=False):
            assert texts[row.essay_id][row.start : row.end] == row.quote
        blank = coding[coding["code"] == ""]
        assert blank["start"].isna().all() and (blank["quote"] == "").all()


def test_no_template_sentence_looks_like_phi() -> None:
    sentences = [
        *FILLERS,
        *CLOSINGS,
        *(opening for _, opening in ROLES),
        *(s for *_, pool in CODES for s in pool),
    ]
    flagged = {s: scan_text(s) for s in sentences if scan_text(s)}
    assert not flagged


def test_generated_essays_clear_the_deid_scan() -> None:
    study = synthesize(200, 2, seed=3)
    assert not [essay for essay in study.essays["text"] if scan_text(essay)]


def test_coders_disagree_like_real_coders() -> None:
    study = synthesize(3000, 2, seed=4)
    aliases = {alias: code for code, alias in ALIASES.items()}
    coded = [set(t["essay_id"]) for t in study.codings.values()]
    essays = sorted(set.intersection(*coded))
    applied = []
    for coding in study.codings.values():
        codes = coding["code"].replace(aliases)
        applied.append(set(zip(coding["essay_id"], codes, strict=True)))
    for code, *_ in CODES:
        first, second = ([(e, code) in a for e in essays] for a in applied)
        assert 0.5 <= cohen_kappa_score(first, second) <= 0.9, code


def test_some_essays_await_coding_and_some_disagreements_are_decided() -> None:
    study = synthesize(500, 2, seed=6)
    coded = [set(t["essay_id"]) for t in study.codings.values()]
    essays = set(study.essays["essay_id"])
    assert essays - set.union(*coded)  # awaiting every coder
    assert set.union(*coded) - set.intersection(*coded)  # coded by one coder only
    assert len(study.decisions) and study.decisions["rationale"].str.len().gt(0).all()
    assert set(study.decisions["decision"]) == {"present", "absent"}


@pytest.mark.e2e
def test_the_workflow_builds_a_synthetic_study(synthetic_build: Path) -> None:
    built = synthetic_build  # the shared build, which the cluster run is compared with
    status = pd.read_parquet(built / "results/deid/status.parquet")
    assert len(status) == SYNTHETIC["essays"] and (status["status"] == "cleared").all()
    coverage = pd.read_parquet(built / "results/merge/coverage.parquet")
    assert {"analysed", "awaiting_coding"} <= set(coverage["status"])
    counts = pd.read_parquet(built / "results/themes/code_counts.parquet")
    consensus = counts[counts["source"] == "consensus"]
    assert set(consensus["n_total"]) == {int((coverage["status"] == "analysed").sum())}
    assert (consensus["n_essays"] > 0).all()
