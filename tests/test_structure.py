"""The structure the code promises: one hop from rule to function, one registry of artifacts,
every schema field described, and a code fingerprint that covers what the rules run."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandera.pandas as pa
import pytest

from thematic import artifacts, schemas, stages
from thematic.provenance import code_fingerprint, pipeline_files

REPO = Path(__file__).resolve().parents[1]
RULE_FILES = sorted((REPO / "workflow" / "rules").glob("*.smk"))
SECTIONS = ("input", "output", "params")


def parse_rules() -> dict[str, dict[str, dict[str, str]]]:
    """{rule: {section: {name: value text}}} for the named items of every rule's input, output
    and params, read from the rule files (formatted by snakefmt: 4-space rule bodies)."""
    rules: dict[str, dict[str, dict[str, str]]] = {}
    rule = section = item = None
    for path in RULE_FILES:
        for line in path.read_text("utf-8").splitlines():
            if match := re.match(r"^rule (\w+):", line):
                rule, section = match.group(1), None
                rules[rule] = {name: {} for name in SECTIONS}
            elif rule and (match := re.match(r"^    (\w+):", line)):
                section = match.group(1) if match.group(1) in SECTIONS else None
            elif rule and section and (match := re.match(r"^        (\w+)=(.*)$", line)):
                item = match.group(1)
                rules[rule][section][item] = match.group(2)
            elif rule and section and line.startswith(" " * 12):  # an item's continuation
                rules[rule][section][item] += line.strip()
            elif line and not line.startswith(" "):
                rule = section = None
    return rules


RULES = parse_rules()


def test_every_rule_runs_the_stage_function_of_its_name_with_exactly_its_items() -> None:
    assert set(RULES) == set(stages.__all__)
    for rule, items in RULES.items():
        function = getattr(stages, rule)
        assert function.__name__ == rule
        expected = {name for section in SECTIONS for name in items[section]} - {"code"}
        parameters = inspect.signature(function).parameters
        assert set(parameters) == expected, rule
        assert all(p.kind is p.KEYWORD_ONLY for p in parameters.values()), rule


def test_each_stage_lives_in_the_module_named_after_its_rule_file() -> None:
    for path in RULE_FILES:
        for rule in re.findall(r"^rule (\w+):", path.read_text("utf-8"), flags=re.MULTILINE):
            assert getattr(stages, rule).__module__ == f"thematic.stages.{path.stem}", rule


def test_a_job_imports_its_own_stage_not_every_stages_libraries() -> None:
    """The merge job does not pay for scikit-learn, scipy or matplotlib (seconds per job)."""
    probe = (
        "import sys; from thematic.stages.job import stage_of; stage_of('merge'); "
        "print(sorted(m for m in ('sklearn', 'scipy', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_rule_output_comes_from_the_registry_and_every_artifact_has_its_rule() -> None:
    for rule, items in RULES.items():
        written = {
            re.search(r'artifact\("(\w+)"\)', value).group(1) for value in items["output"].values()
        }
        assert written == {a.name for a in artifacts.built_by(rule)}, rule
    assert {a.rule for a in artifacts.ARTIFACTS} <= set(RULES)


def test_every_artifact_names_a_schema_or_says_what_it_is() -> None:
    for artifact in artifacts.ARTIFACTS:
        if artifact.schema:
            assert issubclass(getattr(schemas, artifact.schema), pa.DataFrameModel)
        else:
            assert artifact.about, artifact.name


def test_every_schema_is_an_artifacts_and_every_field_is_described() -> None:
    models = {
        name
        for name, value in vars(schemas).items()
        if isinstance(value, type)
        and issubclass(value, pa.DataFrameModel)
        and value.__module__ == schemas.__name__
        and not name.startswith("_")
    }
    assert models == {a.schema for a in artifacts.ARTIFACTS if a.schema}
    for name in models:
        model = getattr(schemas, name)
        assert model.__doc__, name
        for column, field in model.to_schema().columns.items():
            assert field.description, f"{name}.{column}"


def test_columns_come_from_the_model_in_its_order() -> None:
    assert schemas.columns(schemas.Coverage) == [
        "essay_id",
        "status",
        "coders_done",
        "coders_missing",
    ]
    assert "meta" not in schemas.columns(schemas.Essays)  # regex columns are not listed
    assert schemas.columns(schemas.AgreementPairwise)[-2:] == ["coder_a", "coder_b"]


def test_the_deid_package_lists_the_models_columns() -> None:
    """deid keeps its own lists (its CLI runs without pandera); they must match the models."""
    from thematic import deid

    assert deid.FINDING_COLUMNS == [
        c for c in schemas.columns(schemas.DeidFindings) if c != "waived"
    ]
    assert deid.STATUS_COLUMNS == schemas.columns(schemas.DeidStatus)


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("code") / "thematic"
    shutil.copytree(
        REPO / "workflow" / "thematic", copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    return copy


def _edited(package: Path, relative: str) -> str:
    """The fingerprint after appending a comment to one file (undone afterwards)."""
    path = package / relative
    before = path.read_bytes()
    try:
        path.write_bytes(before + b"\n# an edit\n")
        code_fingerprint.cache_clear()
        return code_fingerprint(package)
    finally:
        path.write_bytes(before)
        code_fingerprint.cache_clear()


@pytest.mark.parametrize(
    "relative",
    ["merge.py", "agreement/rows.py", "stages/report.py", "report/templates/report.md.j2"],
)
def test_editing_what_the_rules_run_changes_the_fingerprint(package_copy, relative) -> None:
    assert _edited(package_copy, relative) != code_fingerprint(package_copy)


@pytest.mark.parametrize("relative", ["cli.py", "commands/synth.py", "synth.py"])
def test_editing_only_the_tools_changes_no_fingerprint(package_copy, relative) -> None:
    assert _edited(package_copy, relative) == code_fingerprint(package_copy)


def test_the_fingerprint_covers_the_deid_lexicons_but_not_the_cli() -> None:
    names = {
        path.relative_to(REPO / "workflow" / "thematic").as_posix() for path in pipeline_files()
    }
    assert "stages/job.py" not in names or "stages/__init__.py" in names
    assert any(name.startswith("deid/data/") for name in names)
    assert not any(name.startswith("commands/") for name in names) and "cli.py" not in names


def test_every_data_file_of_the_package_ships_in_its_wheel() -> None:
    """A file the package reads (a lexicon, a template) that package-data does not name is
    missing from a non-editable install: the deid word lists were."""
    import fnmatch
    import tomllib

    globs = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["thematic"]
    package = REPO / "workflow" / "thematic"
    data = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    ]
    assert data
    unshipped = [name for name in data if not any(fnmatch.fnmatch(name, g) for g in globs)]
    assert not unshipped
