"""``thematic init DIR``: a study folder the workflow builds once essays and codings are in it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from thematic.cli import main
from thematic.codebook import codebook_identity, load_codebook
from workflow_helpers import snakemake

REPO = Path(__file__).resolve().parents[1]


def test_init_lays_out_config_codebook_folders_and_readme(tmp_path: Path, capsys) -> None:
    study = tmp_path / "new"
    assert main(["init", str(study)]) == 0
    for folder in ("essays", "codings", "adjudication", "deid"):
        assert (study / "resources" / folder).is_dir()
    codebook = load_codebook(study / "config/codebook.yaml")  # the template is a valid codebook
    assert list(codebook["code"]) == ["peer_support"]
    assert all(codebook.iloc[0][key] for key in ("definition", "inclusion", "exclusion", "example"))
    assert codebook_identity(study / "config/codebook.yaml")["version"] == "0.1"
    config_text = (study / "config/config.yaml").read_text("utf-8")
    schema = yaml.safe_load((REPO / "workflow/schemas/config.schema.yaml").read_text("utf-8"))
    config = yaml.safe_load(config_text)
    assert set(config) <= set(schema["properties"])
    assert len(re.findall(r"^\s*#", config_text, re.MULTILINE)) >= 10  # commented, not bare
    readme = (study / "README.md").read_text("utf-8")
    assert "resources/essays/" in readme and "coder,essay_id,code,start,end,quote,memo" in readme
    assert "next steps" in capsys.readouterr().out


def test_init_never_overwrites(tmp_path: Path, capsys) -> None:
    study = tmp_path / "new"
    (study / "config").mkdir(parents=True)
    (study / "config/codebook.yaml").write_text("mine\n", "utf-8")
    assert main(["init", str(study)]) == 1
    assert "codebook.yaml" in capsys.readouterr().err
    assert (study / "config/codebook.yaml").read_text("utf-8") == "mine\n"
    assert not (study / "config/config.yaml").exists()


@pytest.mark.e2e
def test_an_initialised_study_builds_once_essays_and_codings_are_in(tmp_path: Path) -> None:
    study = tmp_path / "new"
    assert main(["init", str(study)]) == 0
    essays = {
        "e1": "She met two women from the ward who had the same treatment. They met on Thursdays.",
        "e2": "The infusion room was quiet that winter. I sat with him while the drip ran.",
        "e3": "His daughter found a group of families going through the same, and it helped.",
    }
    for essay_id, text in essays.items():
        (study / f"resources/essays/{essay_id}.txt").write_text(text + "\n", "utf-8")
    for coder, coded in {"ann": ["e1", "e3"], "ben": ["e1"]}.items():
        with open(study / f"resources/codings/{coder}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["coder", "essay_id", "code", "start", "end", "quote", "memo"])
            for essay_id in essays:
                code = "peer support" if essay_id in coded else ""
                writer.writerow([coder, essay_id, code, "", "", "", ""])
    config = study / "config/config.yaml"
    # fewer resamples and shards than the template's: three essays need neither
    text = config.read_text("utf-8").replace("bootstrap: 1000", "bootstrap: 20")
    config.write_text(text.replace("n_shards: 8", "n_shards: 1"), "utf-8")
    snakemake(study)
    page = (study / "results/report/index.html").read_text("utf-8")
    assert "Peer support" in page and "My study codebook" in page
    assert (study / "results/report/methods.md").read_text("utf-8").startswith("Coding.")
