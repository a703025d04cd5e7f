from pathlib import Path

import pytest
import yaml

from thematic.codebook import codebook_frame, load_codebook, normalise_name, resolver
from thematic.errors import InputError
from thematic.io import validate
from thematic.schemas import Codebook


def test_example_codebook_has_seven_codes_in_three_themes(codebook_table) -> None:
    validate(codebook_table, Codebook, "codebook")
    assert len(codebook_table) == 7
    assert codebook_table["theme"].nunique() == 3
    assert list(codebook_table["code_order"]) == list(range(7))


def test_resolver_accepts_ids_labels_and_aliases_in_any_case(codebook_table) -> None:
    names = resolver(codebook_table)
    assert names[normalise_name("PCC")] == "patient_centeredness"
    assert names[normalise_name("Patient-centred   care")] == "patient_centeredness"
    assert names[normalise_name("SMALL ACTS OF KINDNESS")] == "small_acts_of_kindness"
    assert names[normalise_name("renewed sense of purpose for the professionals")] == (
        "renewed_purpose"
    )


def _doc(codes: list[dict]) -> dict:
    return {"themes": [{"id": "t", "label": "T", "codes": codes}]}


def _code(code_id: str, **extra) -> dict:
    return {"id": code_id, "label": code_id.title(), "definition": "d", **extra}


def test_duplicate_code_ids_are_refused() -> None:
    with pytest.raises(InputError, match="'a' is used twice"):
        codebook_frame(_doc([_code("a"), _code("a")]))


def test_alias_that_names_another_code_is_refused() -> None:
    with pytest.raises(InputError, match="already names code 'a'"):
        codebook_frame(_doc([_code("a"), _code("b", aliases=["A"])]))


def test_missing_fields_and_unknown_keys_are_all_reported() -> None:
    doc = _doc([{"id": "a", "label": "A"}, _code("b", defintion="typo")])
    with pytest.raises(InputError) as err:
        codebook_frame(doc)
    text = str(err.value)
    assert "has no 'definition'" in text and "unknown key 'defintion'" in text


def test_errors_carry_the_yaml_line(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    doc = _doc([_code("a"), {"id": "b", "label": "B"}])
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(InputError) as err:
        load_codebook(path)
    problem = err.value.problems[0]
    assert problem.file == str(path) and problem.line is not None and problem.line > 3


@pytest.mark.parametrize(
    "text, words",
    [("", "empty"), ("themes: [\n", "not valid YAML"), ("- a\n- b\n", "top-level 'themes:'")],
)
def test_malformed_codebook_files(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=words):
        load_codebook(path)


@pytest.mark.parametrize(
    "field, value", [("label", {"x": 1}), ("definition", ["a", "b"]), ("example", True)]
)
def test_text_fields_of_the_wrong_type_are_refused(field: str, value: object) -> None:
    with pytest.raises(InputError, match=f"'{field}' must be text"):
        codebook_frame(_doc([_code("a", **{field: value})]))


def test_a_duplicate_code_id_says_where_it_was_first_used(tmp_path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "themes:\n"
        "  - id: t\n"
        "    label: T\n"
        "    codes:\n"
        "      - {id: a, label: A, definition: d}\n"
        "      - {id: b, label: B, definition: d}\n"
        "      - {id: a, label: A again, definition: d}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_codebook(path)
    assert "line 7" in str(err.value) and "first used on line 5" in str(err.value)
