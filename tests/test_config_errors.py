"""Configuration errors at human size: one line per problem, naming the file, the key, what
is wrong, what is allowed, and the key that was probably meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from thematic.config import config_problems, with_defaults
from workflow_helpers import copy_study, snakemake

CONFIG = "config/config.yaml"


def test_a_misspelled_key_gets_one_line_and_a_suggestion() -> None:
    problems = config_problems({"n_shard": 4}, CONFIG, "n_shard: 4\n")
    assert len(problems) == 1
    line = str(problems[0])
    assert line.startswith("config/config.yaml, line 1: ")
    assert "unknown key `n_shard`" in line and "did you mean `n_shards`?" in line


def test_a_value_out_of_range_names_the_range() -> None:
    problems = config_problems({"n_shards": -1}, CONFIG)
    assert len(problems) == 1
    line = str(problems[0])
    assert "`n_shards`" in line and "-1" in line and "1 to 4096" in line


def test_nested_keys_enum_and_type_each_get_their_line() -> None:
    text = "deid:\n  policy: strict\nagreement:\n  bootstrap: many\n  seeds: 3\n"
    config = {"deid": {"policy": "strict"}, "agreement": {"bootstrap": "many", "seeds": 3}}
    lines = sorted(str(p) for p in config_problems(config, CONFIG, text))
    assert len(lines) == 3
    assert any("line 2" in x and "`deid.policy`" in x and "quarantine, block, warn" in x for x in lines)
    assert any("line 4" in x and "`agreement.bootstrap`" in x and "integer" in x for x in lines)
    assert any("line 5" in x and "did you mean `agreement.seed`?" in x for x in lines)


def test_a_valid_config_has_no_problems_and_gets_its_defaults() -> None:
    assert config_problems({"n_shards": 4, "deid": {"policy": "warn"}}, CONFIG) == []
    full = with_defaults({"n_shards": 4, "deid": {"policy": "warn"}})
    assert full["n_shards"] == 4 and full["deid"] == {
        "policy": "warn",
        "waivers": "resources/deid/waivers.csv",
    }
    assert full["agreement"]["bootstrap"] == 1000


@pytest.mark.e2e
def test_the_workflow_says_a_misspelled_key_in_a_few_lines(tmp_path: Path) -> None:
    # before: Snakemake's validate() printed 178 lines of schema and config
    study = copy_study(tmp_path / "study")
    config = study / "config" / "config.yaml"
    config.write_text(config.read_text().replace("n_shards: 8", "n_shard: 8"))
    done = snakemake(study, "--dry-run", check=False)
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "config/config.yaml, line 8: unknown key `n_shard`, did you mean `n_shards`?" in said
    assert len(said.splitlines()) < 10, said
