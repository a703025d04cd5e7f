"""Generated documentation stays equal to what the code says (regenerate: python -m thematic.docs)."""

from __future__ import annotations

import re
from pathlib import Path

from thematic import artifacts, docs

REPO = Path(__file__).resolve().parents[1]


def block(text: str, name: str) -> str:
    begin, end = docs.BEGIN.format(name=name), docs.END.format(name=name)
    return text[text.index(begin) + len(begin) : text.index(end)].strip("\n")


def test_results_readme_tables_are_generated_from_the_schemas() -> None:
    readme = (REPO / "results" / "README.md").read_text("utf-8")
    assert block(readme, "artifact tables") == docs.artifact_tables()


def test_readme_stage_table_is_generated_from_the_registry() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert block(readme, "stage table") == docs.stage_table()
    assert "](docs/rulegraph.svg)" in readme


def test_every_artifact_has_its_column_table() -> None:
    tables = docs.artifact_tables()
    for artifact in artifacts.ARTIFACTS:
        if artifact.schema:
            assert f"### `{artifact.schema}`" in tables


def test_the_rule_graph_picture_is_snakemakes_current_one() -> None:
    def lines(dot: str) -> list[str]:  # Snakemake lists the edges in no fixed order
        return sorted(line.strip() for line in dot.splitlines() if line.strip())

    committed = (REPO / "docs" / "rulegraph.dot").read_text("utf-8")
    assert lines(docs.rulegraph_dot()) == lines(committed)
    svg = (REPO / "docs" / "rulegraph.svg").read_text("utf-8")
    rules = set(re.findall(r'label = "(\w+)"', committed))
    assert rules >= {a.rule for a in artifacts.ARTIFACTS}
    assert all(f">{rule}</text>" in svg for rule in rules)


def test_a_missing_marker_is_said_plainly() -> None:
    try:
        docs.with_block("no markers here", "stage table", "x")
    except ValueError as err:
        assert "stage table" in str(err)
    else:
        raise AssertionError("a text without markers was accepted")
