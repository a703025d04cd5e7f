from pathlib import Path

import pandas as pd
import pytest

from thematic.coding import apply_codebook, locate_quote, read_coding_file
from thematic.errors import InputError
from thematic.schemas import Coding, columns

TEXT = "I sat with her fear. Then we made tea together.\nShe laughed."
HEADER = "coder,essay_id,code,start,end,quote,memo\n"


@pytest.fixture()
def essays() -> pd.DataFrame:
    return pd.DataFrame({"essay_id": ["e1", "e2"], "text": [TEXT, None]})


def _apply(tmp_path: Path, body: str, codebook_table, essays):
    path = tmp_path / "coder_a.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    rows = read_coding_file(path)
    return apply_codebook(
        rows, coder="coder_a", codebook=codebook_table, essays=essays, file=str(path)
    )


def test_offsets_quotes_aliases_and_whole_essay(tmp_path, codebook_table, essays) -> None:
    body = (
        "coder_a,e1,COMP,0,19,I sat with her fear,\n"  # alias, offsets + quote
        "coder_a,e1,kindness,,,we made tea   together,memo\n"  # located by quote, spacing differs
        "coder_a,e1,Patient-centeredness,,,,\n"  # whole essay
    )
    coding, skipped = _apply(tmp_path, body, codebook_table, essays)
    assert skipped == 0
    by_code = coding.set_index("code")
    assert by_code.loc["compassion", ["start", "end"]].tolist() == [0, 19]
    start, end = by_code.loc["small_acts_of_kindness", ["start", "end"]]
    assert TEXT[start:end] == "we made tea together"
    whole = by_code.loc["patient_centeredness"]
    assert bool(whole.whole_essay) and whole.end == len(TEXT)
    assert by_code.loc["small_acts_of_kindness", "memo"] == "memo"
    assert sorted(coding["source_line"]) == [2, 3, 4]


def test_unknown_code_suggests_the_closest(tmp_path, codebook_table, essays) -> None:
    with pytest.raises(InputError) as err:
        _apply(tmp_path, "coder_a,e1,compasion,0,5,,\n", codebook_table, essays)
    text = str(err.value)
    assert "coder_a.csv" in text and "line 2" in text and "'compasion'" in text
    assert "compassion" in text


def test_essay_that_does_not_exist(tmp_path, codebook_table, essays) -> None:
    with pytest.raises(InputError, match="line 2.*essay 'e9' does not exist"):
        _apply(tmp_path, "coder_a,e9,compassion,,,,\n", codebook_table, essays)


def test_quote_that_does_not_match_offsets_points_to_the_right_place(
    tmp_path, codebook_table, essays
) -> None:
    with pytest.raises(InputError) as err:
        _apply(tmp_path, "coder_a,e1,compassion,2,10,her fear,\n", codebook_table, essays)
    assert "does not match" in str(err.value) and "stands at 11-19" in str(err.value)


def test_errors_never_echo_quote_text(tmp_path, codebook_table, essays) -> None:
    with pytest.raises(InputError) as err:
        _apply(tmp_path, "coder_a,e1,compassion,,,Mrs. Whitlock cried,\n", codebook_table, essays)
    assert "Whitlock" not in str(err.value)


@pytest.mark.parametrize("start, end", [("5", "3"), ("0", "999"), ("a", "3"), ("-1", "3")])
def test_bad_offsets(tmp_path, codebook_table, essays, start, end) -> None:
    with pytest.raises(InputError, match="line 2"):
        _apply(tmp_path, f"coder_a,e1,compassion,{start},{end},,\n", codebook_table, essays)


def test_rows_for_withheld_essays_are_skipped_not_kept(tmp_path, codebook_table, essays) -> None:
    coding, skipped = _apply(
        tmp_path, "coder_a,e2,compassion,,,secret words,\n", codebook_table, essays
    )
    assert skipped == 1 and coding.empty


def test_row_of_another_coder_is_refused(tmp_path, codebook_table, essays) -> None:
    with pytest.raises(InputError, match="belongs to 'coder_a'"):
        _apply(tmp_path, "coder_b,e1,compassion,,,,\n", codebook_table, essays)


def test_empty_code_marks_an_essay_read_with_no_code(tmp_path, codebook_table, essays) -> None:
    coding, _ = _apply(tmp_path, "coder_a,e1,,,,,\n", codebook_table, essays)
    assert len(coding) == 1 and coding["code"].isna().all()


def test_all_problems_reported_in_one_pass(tmp_path, codebook_table, essays) -> None:
    body = "coder_a,e1,nope,,,,\ncoder_a,e9,compassion,,,,\ncoder_a,e1,compassion,9,2,,\n"
    with pytest.raises(InputError) as err:
        _apply(tmp_path, body, codebook_table, essays)
    assert [p.line for p in err.value.problems] == [2, 3, 4]


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "empty"),
        (b"essay,code\ne1,x\n", "missing column"),
        ("coder,essay_id,code\ncoder_a,e1,caf\u00e9\n".encode("cp1252"), "not valid UTF-8"),
        (b"coder,essay_id,code\ncoder_a,e1,x,extra\n", "3 fields|4 fields"),
        (b"coder,essay_id,code,coder\ncoder_a,e1,x,coder_a\n", "coder named more than once"),
    ],
)
def test_malformed_coding_files(tmp_path, content, words) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=words):
        read_coding_file(path)


def test_multiline_quotes_keep_correct_line_numbers(tmp_path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(HEADER + 'coder_a,e1,x,,,"two\nlines",\ncoder_a,e1,y,,,,\n')
    assert read_coding_file(path)["source_line"].tolist() == [2, 4]


def test_locate_quote_is_whitespace_tolerant() -> None:
    assert locate_quote("a  b\nc", "a b c") == (0, 6)
    assert locate_quote("abc", "zzz") is None


def test_offsets_are_read_as_int_reads_them(tmp_path, codebook_table, essays) -> None:
    body = (
        'coder_a,e1,compassion," +0","19 ",,\ncoder_a,e1,compassion,\u0661\u0661,\u0661\u0669,,\n'
    )
    coding, _ = _apply(tmp_path, body, codebook_table, essays)
    assert coding[["start", "end"]].values.tolist() == [[0, 19], [11, 19]]


def test_an_offset_too_big_for_any_integer_type_is_outside_the_essay(
    tmp_path, codebook_table, essays
) -> None:
    with pytest.raises(InputError, match="segment 0-99999999999999999999999 is outside"):
        _apply(
            tmp_path, "coder_a,e1,compassion,0,99999999999999999999999,,\n", codebook_table, essays
        )


def test_line_numbers_count_every_kind_of_line_break_inside_quotes(tmp_path) -> None:
    path = tmp_path / "c.csv"
    body = 'c,e1,x,,,"a\rb",\r\n\r\nc,e1,y,,,"c\r\nd\ne",\n   \nc,e1,z,,,,"m\r"\nc,e1,w,,,,\n'
    path.write_bytes((HEADER + body).encode("utf-8"))
    assert read_coding_file(path)["source_line"].tolist() == [2, 5, 9, 11]


def test_a_row_reports_only_the_first_problem_found_in_it(tmp_path, codebook_table, essays) -> None:
    body = (
        "coder_b,e9,nope,x,y,,\n"  # another coder: nothing else is checked
        "coder_a,e2,nope,x,y,,\n"  # a withheld essay: skipped unchecked
        "coder_a,e1,nope,x,y,,\n"  # unknown code: the offsets are not read
        "coder_a,e1,compassion,x,y,,\n"
    )
    with pytest.raises(InputError) as err:
        _apply(tmp_path, body, codebook_table, essays)
    problems = err.value.problems
    assert [p.line for p in problems] == [2, 4, 5]
    assert "belongs to" in problems[0].what and "unknown code" in problems[1].what
    assert "whole numbers" in problems[2].what


def test_each_row_with_an_unknown_code_says_what_it_might_mean(
    tmp_path, codebook_table, essays
) -> None:
    body = "coder_a,e1,compasion,,,,\ncoder_a,e1,compasion,,,,\ncoder_a,e1,zzzz,,,,\n"
    with pytest.raises(InputError) as err:
        _apply(tmp_path, body, codebook_table, essays)
    hints = ["Did you mean 'compassion'" in p.what for p in err.value.problems]
    assert hints == [True, True, False]


def test_a_file_with_no_rows_gives_an_empty_coding(tmp_path, codebook_table, essays) -> None:
    coding, skipped = _apply(tmp_path, "\n\n", codebook_table, essays)
    assert coding.empty and list(coding.columns) == columns(Coding) and skipped == 0


def test_a_column_named_source_line_is_an_extra_column_like_any_other(
    tmp_path, codebook_table, essays
) -> None:
    path = tmp_path / "coder_a.csv"
    path.write_text(HEADER.strip() + ",source_line\ncoder_a,e1,compasion,,,,,x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        apply_codebook(
            read_coding_file(path),
            coder="coder_a",
            codebook=codebook_table,
            essays=essays,
            file=str(path),
        )
    assert [p.line for p in err.value.problems] == [2]


def test_a_suggestion_names_each_code_once(tmp_path, codebook_table, essays) -> None:
    # "patient centred" is close to the id, the label and an alias of one code: it was
    # suggested three times
    with pytest.raises(InputError) as err:
        _apply(tmp_path, "coder_a,e1,patient centred,0,5,,\n", codebook_table, essays)
    text = str(err.value)
    assert text.count("'patient_centeredness'") == 1
    assert "Did you mean 'patient_centeredness'?" in text


def test_a_wrong_case_essay_id_gets_a_suggestion(tmp_path, codebook_table, essays) -> None:
    with pytest.raises(InputError) as err:
        _apply(tmp_path, "coder_a,E1,compassion,,,,\n", codebook_table, essays)
    assert "essay 'E1' does not exist" in str(err.value)
    assert "Did you mean 'e1'?" in str(err.value)
