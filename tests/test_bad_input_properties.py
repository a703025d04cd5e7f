"""Bad input, tried systematically: every malformed essay, codebook, coding file or decision sheet
ends in success or in an InputError that names the file and says what is wrong, never in another
exception, and a success is a table its artifact's schema accepts (else the stage would fail
with a bug's traceback when it writes the artifact).

The pure readers take the volume (hypothesis); a handful of cases go through the real workflow
to show the same holds end to end: non-zero exit, the file named, no traceback, and no
half-written artifact.

Codebook "cycles": the codebook is a tree written by nesting (themes contain codes), with no
references between entries (no parent ids), so a cycle cannot be written down. The nearest
hazard, one name pointing at two codes (an alias, label or id collision), is generated instead.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thematic import schemas
from thematic.adjudication.decisions import read_decisions
from thematic.codebook import load_codebook
from thematic.coding import apply_codebook, read_coding_file
from thematic.errors import InputError
from thematic.ingest import discover_essays, read_essays
from thematic.io import validate
from workflow_helpers import REPO, snakemake

CASES: Counter[str] = Counter()
CODING_COLUMNS = ["coder", "essay_id", "code", "start", "end", "quote", "memo"]
DECISION_COLUMNS = ["essay_id", "code", "decision", "adjudicator", "rationale"]


def fuzz(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def outcome(kind: str, file: Path, call: Any) -> Any:
    """Run one case: its result, or None after checking the InputError is a good one."""
    CASES[kind] += 1
    try:
        return call()
    except InputError as err:
        assert err.problems, "an InputError with no problem in it"
        assert str(file) in str(err), f"the message does not name {file}: {err}"
        for problem in err.problems:
            assert problem.what.strip(), "a problem that does not say what is wrong"
        return None


# --- shared inputs: the example study's codebook, essays and files ---------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bad_input")


@pytest.fixture(scope="module")
def codebook() -> pd.DataFrame:
    return load_codebook(REPO / "config" / "codebook.yaml")


@pytest.fixture(scope="module")
def essays() -> pd.DataFrame:
    return read_essays(sorted((REPO / "resources" / "essays").glob("*.txt")))


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# --- strategies --------------------------------------------------------------------------------

odd_unicode = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            ["\u200b", "\u202e", "\ufeff", "\u0301", "\u2028", "\r", "\x0b", "\U0001f600"]
        ),
    ),
    min_size=1,
    max_size=200,
)
latin1_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), min_size=1)
essay_bytes = st.one_of(
    st.just(b""),
    st.text(" \t\r\n\u00a0\u3000", max_size=20).map(str.encode),  # white space only
    st.binary(min_size=1, max_size=500),
    latin1_text.map(lambda t: t.encode("latin-1")),  # the wrong encoding, mostly
    odd_unicode.map(lambda t: t.encode("utf-8")),
    odd_unicode.map(lambda t: "\ufeff".encode() + t.encode("utf-8")),
    odd_unicode.map(lambda t: t.encode("utf-16")),
    st.builds(lambda t, n: (t * n).encode("utf-8"), odd_unicode, st.integers(5_000, 40_000)),
)
bad_value = st.one_of(
    st.just(""),
    st.sampled_from(
        [" ", "\t", "-1", "-0", "1.5", "1e3", "NaN", "None", "null", "0x10", "Ⅻ", "١٢"]
    ),
    st.integers(-(10**12), 10**12).map(str),
    st.text(max_size=40),
    odd_unicode,
    st.text(',"\n\r;', min_size=1, max_size=5),  # CSV's own syntax inside a field
)
wrong_type = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.text(max_size=20),
)


# --- essays ------------------------------------------------------------------------------------


@fuzz(300)
@given(raw=essay_bytes, suffix=st.sampled_from([".txt", ".md"]))
def test_any_essay_file_is_read_or_rejected_by_name(scratch: Path, raw: bytes, suffix: str) -> None:
    path = scratch / f"essay_x{suffix}"
    path.write_bytes(raw)
    frame = outcome("essay", path, lambda: read_essays([path]))
    if frame is not None:
        assert len(frame) == 1
        text = raw.decode("utf-8").removeprefix("\ufeff")
        assert frame.loc[0, "n_chars"] == len(text)
        validate(frame.assign(deid_status="cleared"), schemas.Essays, str(path))


@fuzz(100)
@given(
    stem=st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=30)
)
def test_any_essay_file_name_is_accepted_or_rejected_by_name(scratch: Path, stem: str) -> None:
    folder = scratch / "names"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / f"{stem}.txt"
    path.write_text("An essay.", encoding="utf-8")
    found = outcome("essay name", path, lambda: discover_essays(folder))
    if found is not None:
        assert found == [path]
        frame = read_essays(found).assign(deid_status="cleared")
        validate(frame, schemas.Essays, str(path))


# --- codebooks ---------------------------------------------------------------------------------

EXAMPLE_CODEBOOK = yaml.safe_load((REPO / "config" / "codebook.yaml").read_text("utf-8"))


def mutate_codebook(document: dict[str, Any], data: st.DataObject) -> Any:
    """Apply one of the ways a hand-edited codebook goes wrong."""
    themes = document["themes"]
    codes = [code for theme in themes for code in theme["codes"]]
    kind = data.draw(
        st.sampled_from(
            [
                "duplicate code id",
                "duplicate theme id",
                "drop code field",
                "drop theme field",
                "code field wrong type",
                "theme field wrong type",
                "alias collision",
                "unknown key",
                "not a mapping",
                "empty",
                "top level",
            ]
        )
    )
    pick_code = data.draw(st.integers(0, len(codes) - 1))
    other_code = data.draw(st.integers(0, len(codes) - 1))
    pick_theme = data.draw(st.integers(0, len(themes) - 1))
    code, theme = codes[pick_code], themes[pick_theme]
    if kind == "duplicate code id":
        code["id"] = codes[other_code].get("id")
    elif kind == "duplicate theme id":
        theme["id"] = themes[data.draw(st.integers(0, len(themes) - 1))].get("id")
    elif kind == "drop code field":
        code.pop(data.draw(st.sampled_from(sorted(code))))
    elif kind == "drop theme field":
        theme.pop(data.draw(st.sampled_from(sorted(theme))))
    elif kind == "code field wrong type":
        key = data.draw(
            st.sampled_from(
                ["id", "label", "definition", "inclusion", "exclusion", "example", "aliases"]
            )
        )
        code[key] = data.draw(wrong_type)
    elif kind == "theme field wrong type":
        theme[data.draw(st.sampled_from(["id", "label", "description", "codes"]))] = data.draw(
            wrong_type
        )
    elif kind == "alias collision":
        name = str(
            data.draw(
                st.sampled_from([codes[other_code].get("id"), codes[other_code].get("label")])
            )
        )
        variant = data.draw(
            st.sampled_from(
                [str.upper, str.lower, lambda s: s.replace("_", " "), lambda s: f"  {s} "]
            )
        )
        code["aliases"] = [*(code.get("aliases") or []), variant(name)]
    elif kind == "unknown key":
        target = data.draw(st.sampled_from([code, theme, document]))
        target[data.draw(st.text(min_size=1, max_size=12))] = data.draw(wrong_type)
    elif kind == "not a mapping":
        if data.draw(st.booleans()):
            theme["codes"][0] = data.draw(wrong_type)
        else:
            themes[pick_theme] = data.draw(wrong_type)
    elif kind == "empty":
        target = data.draw(st.sampled_from(["themes", "codes"]))
        if target == "themes":
            document["themes"] = []
        else:
            theme["codes"] = []
    else:
        return data.draw(st.one_of(wrong_type, st.just({"codes": codes})))
    return document


@fuzz(300)
@given(data=st.data())
def test_any_broken_codebook_is_loaded_or_rejected_by_name(
    scratch: Path, data: st.DataObject
) -> None:
    document: Any = copy.deepcopy(EXAMPLE_CODEBOOK)
    for _ in range(data.draw(st.integers(1, 3))):
        if (
            not isinstance(document, dict)
            or not isinstance(document.get("themes"), list)
            or not document["themes"]
            or not all(
                isinstance(t, dict)
                and isinstance(t.get("codes"), list)
                and t["codes"]
                and all(isinstance(c, dict) for c in t["codes"])
                for t in document["themes"]
            )
        ):
            break  # already broken at the top: no structure left to mutate
        document = mutate_codebook(document, data)
    path = scratch / "codebook.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    table = outcome("codebook", path, lambda: load_codebook(path))
    if table is not None:
        validate(table, schemas.Codebook, str(path))


@fuzz(100)
@given(
    raw=st.one_of(
        st.binary(max_size=300),
        odd_unicode.map(str.encode),
        st.sampled_from(
            [
                b"themes:",
                b"themes: {}",
                b"- a\n- b",
                b"themes: [[]]",
                b"\xef\xbb\xbf",
                b"themes:\n  - id: [\n",
                b"&a [*a]",
            ]
        ),
    )
)
def test_any_codebook_text_is_loaded_or_rejected_by_name(scratch: Path, raw: bytes) -> None:
    path = scratch / "codebook_text.yaml"
    path.write_bytes(raw)
    table = outcome("codebook text", path, lambda: load_codebook(path))
    if table is not None:
        validate(table, schemas.Codebook, str(path))


# --- coding files ------------------------------------------------------------------------------

CODER_A = csv_rows(REPO / "resources" / "codings" / "coder_a.csv")


def check_coding(path: Path, codebook: pd.DataFrame, essays: pd.DataFrame, kind: str) -> None:
    def run() -> pd.DataFrame:
        rows = read_coding_file(path)
        coding, _ = apply_codebook(
            rows, coder="coder_a", codebook=codebook, essays=essays, file=str(path)
        )
        return coding

    coding = outcome(kind, path, run)
    if coding is not None:
        validate(coding, schemas.Coding, str(path))


@pytest.mark.parametrize("column", CODING_COLUMNS)
@fuzz(80)
@given(data=st.data())
def test_every_coding_column_wrong_in_turn(
    scratch: Path, codebook: pd.DataFrame, essays: pd.DataFrame, column: str, data: st.DataObject
) -> None:
    rows = [dict(row) for row in CODER_A[:30]]
    for index in data.draw(st.sets(st.integers(0, len(rows) - 1), min_size=1, max_size=3)):
        rows[index][column] = data.draw(bad_value)
    path = scratch / "coder_a.csv"
    path.write_bytes(to_csv(CODING_COLUMNS, [[row[c] for c in CODING_COLUMNS] for row in rows]))
    check_coding(path, codebook, essays, f"coding column {column}")


@fuzz(150)
@given(data=st.data())
def test_any_broken_coding_header_or_layout(
    scratch: Path, codebook: pd.DataFrame, essays: pd.DataFrame, data: st.DataObject
) -> None:
    header = list(CODING_COLUMNS)
    rows = [[row[c] for c in CODING_COLUMNS] for row in CODER_A[:20]]
    kind = data.draw(
        st.sampled_from(
            [
                "drop",
                "duplicate",
                "rename",
                "extra",
                "reorder",
                "short row",
                "long row",
                "not utf-8",
                "header only",
                "empty",
            ]
        )
    )
    column = data.draw(st.integers(0, len(header) - 1))
    if kind == "drop":
        header.pop(column)
        rows = [row[:column] + row[column + 1 :] for row in rows]
    elif kind == "rename":
        header[column] = data.draw(st.one_of(st.text(max_size=12), st.just(header[column].upper())))
    elif kind == "duplicate":
        header.append(header[column])
        rows = [[*row, row[column]] for row in rows]
    elif kind == "extra":
        header.append(data.draw(st.text(max_size=12)))
        rows = [[*row, data.draw(bad_value)] for row in rows]
    elif kind == "reorder":
        order = data.draw(st.permutations(range(len(header))))
        header = [header[i] for i in order]
        rows = [[row[i] for i in order] for row in rows]
    elif kind in ("short row", "long row"):
        index = data.draw(st.integers(0, len(rows) - 1))
        rows[index] = rows[index][:-1] if kind == "short row" else [*rows[index], "x"]
    raw = to_csv(header, rows)
    if kind == "not utf-8":
        raw = raw.replace(b"I ", "\u00c9 ".encode("latin-1"), 1) + "caf\u00e9".encode("latin-1")
    elif kind == "header only":
        raw = to_csv(header, [])
    elif kind == "empty":
        raw = data.draw(st.sampled_from([b"", b"\n\n", b"\xef\xbb\xbf"]))
    path = scratch / "coder_a.csv"
    path.write_bytes(raw)
    check_coding(path, codebook, essays, "coding layout")


def test_a_column_named_twice_in_a_coding_file_is_an_input_error(scratch: Path) -> None:
    path = scratch / "coder_twice.csv"
    path.write_bytes(
        to_csv(
            [*CODING_COLUMNS, "coder"],
            [["coder_a", "essay_01", "compassion", "", "", "", "", "coder_a"]],
        )
    )
    with pytest.raises(InputError, match="coder_twice.csv"):
        read_coding_file(path)


# --- adjudication decisions ---------------------------------------------------------------------

DECISIONS = csv_rows(REPO / "resources" / "adjudication" / "decisions.csv")


def check_decisions(path: Path, codebook: pd.DataFrame, essays: pd.DataFrame, kind: str) -> None:
    ruled = outcome(kind, path, lambda: read_decisions([path], codebook, set(essays["essay_id"])))
    if ruled is not None:
        validate(ruled, schemas.Decisions, str(path))
        assert set(ruled["decision"]) <= {"present", "absent"}
        assert set(ruled["code"]) <= set(codebook["code"])


@pytest.mark.parametrize("column", DECISION_COLUMNS)
@fuzz(40)
@given(data=st.data())
def test_every_decision_column_wrong_in_turn(
    scratch: Path, codebook: pd.DataFrame, essays: pd.DataFrame, column: str, data: st.DataObject
) -> None:
    rows = [dict(row) for row in DECISIONS]
    for index in data.draw(st.sets(st.integers(0, len(rows) - 1), min_size=1, max_size=3)):
        rows[index][column] = data.draw(bad_value)
    path = scratch / "decisions.csv"
    path.write_bytes(to_csv(DECISION_COLUMNS, [[row[c] for c in DECISION_COLUMNS] for row in rows]))
    check_decisions(path, codebook, essays, f"decision column {column}")


@fuzz(60)
@given(data=st.data())
def test_any_broken_decisions_header(
    scratch: Path, codebook: pd.DataFrame, essays: pd.DataFrame, data: st.DataObject
) -> None:
    header = list(DECISION_COLUMNS)
    column = data.draw(st.integers(0, len(header) - 1))
    kind = data.draw(st.sampled_from(["drop", "rename", "duplicate", "not utf-8", "duplicate row"]))
    rows = [[row[c] for c in DECISION_COLUMNS] for row in DECISIONS]
    if kind == "drop":
        header.pop(column)
        rows = [row[:column] + row[column + 1 :] for row in rows]
    elif kind == "rename":
        header[column] = data.draw(st.text(max_size=12))
    elif kind == "duplicate":
        header.append(header[column])
        rows = [[*row, data.draw(bad_value)] for row in rows]
    elif kind == "duplicate row":
        rows.append(list(rows[data.draw(st.integers(0, len(rows) - 1))]))
    raw = to_csv(header, rows)
    if kind == "not utf-8":
        raw += "caf\u00e9,x,present,,\n".encode("latin-1")
    path = scratch / "decisions_layout.csv"
    path.write_bytes(raw)
    check_decisions(path, codebook, essays, "decisions layout")


# cell values as a spreadsheet holds them: numbers, booleans, dates and text, or nothing
cell_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=pd.Timestamp("1900-03-01").to_pydatetime()),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
)


@fuzz(40)
@given(data=st.data())
def test_any_broken_decisions_workbook(
    scratch: Path, codebook: pd.DataFrame, essays: pd.DataFrame, data: st.DataObject
) -> None:
    from openpyxl import Workbook

    header: list[Any] = [*DECISION_COLUMNS, "fingerprint"]
    rows: list[list[Any]] = [[row[c] for c in DECISION_COLUMNS] + [None] for row in DECISIONS]
    kind = data.draw(st.sampled_from(["cells", "header", "empty sheet", "second sheet"]))
    if kind == "cells":
        for _ in range(data.draw(st.integers(1, 4))):
            row = data.draw(st.integers(0, len(rows) - 1))
            rows[row][data.draw(st.integers(0, len(header) - 1))] = data.draw(cell_value)
    elif kind == "header":
        header[data.draw(st.integers(0, len(header) - 1))] = data.draw(cell_value)
    elif kind == "empty sheet":
        header, rows = [], []
    workbook = Workbook()
    sheet = workbook.active
    if kind == "second sheet":  # the decisions on a sheet after the first: not read
        sheet.title = "Notes"
        sheet = workbook.create_sheet("Pending")
    for values in [header, *rows]:
        sheet.append(values)
    path = scratch / "decisions_fuzz.xlsx"
    workbook.save(path)
    check_decisions(path, codebook, essays, f"decisions workbook {kind}")


@fuzz(30)
@given(raw=st.binary(max_size=200), zipped=st.booleans())
def test_any_bytes_named_xlsx(
    scratch: Path, codebook: pd.DataFrame, essays: pd.DataFrame, raw: bytes, zipped: bool
) -> None:
    path = scratch / "not_a_workbook.xlsx"
    if zipped:  # a zip, but not a workbook
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/workbook.xml", raw)
        raw = buffer.getvalue()
    path.write_bytes(raw)
    check_decisions(path, codebook, essays, "decisions workbook bytes")


# --- a handful through the real workflow -------------------------------------------------------


def break_essay_binary(study: Path) -> str:
    (study / "resources/essays/essay_07.txt").write_bytes(b"An essay\x00with a NUL byte")
    return "resources/essays/essay_07.txt"


def break_essay_encoding(study: Path) -> str:
    path = study / "resources/essays/essay_08.txt"
    path.write_bytes(
        path.read_text("utf-8").replace("I ", "\u00c9 ", 1).encode("latin-1", "replace")
    )
    return "resources/essays/essay_08.txt"


def break_codebook(study: Path) -> str:
    path = study / "config/codebook.yaml"
    document = yaml.safe_load(path.read_text("utf-8"))
    codes = [code for theme in document["themes"] for code in theme["codes"]]
    codes[1]["id"] = codes[0]["id"]
    path.write_text(yaml.safe_dump(document, sort_keys=False), "utf-8")
    return "config/codebook.yaml"


def break_coding_offsets(study: Path) -> str:
    path = study / "resources/codings/coder_b.csv"
    rows = csv_rows(path)
    for row in rows:  # every row, so some essay the deid gate clears is hit
        row["start"] = "twelve"
    path.write_bytes(to_csv(CODING_COLUMNS, [[row[c] for c in CODING_COLUMNS] for row in rows]))
    return "resources/codings/coder_b.csv"


def break_decisions(study: Path) -> str:
    path = study / "resources/adjudication/decisions.csv"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("essay_03,no_such_code,present,adjudicator_1,a typo\n")
    return "resources/adjudication/decisions.csv"


@pytest.mark.parametrize(
    "breakage",
    [
        break_essay_binary,
        break_essay_encoding,
        break_codebook,
        break_coding_offsets,
        break_decisions,
    ],
)
@pytest.mark.e2e
def test_bad_input_stops_the_workflow_with_a_message_and_no_half_artifact(
    example_study: Path, breakage: Any
) -> None:
    CASES["workflow"] += 1
    file = breakage(example_study)
    done = snakemake(example_study, check=False)
    assert done.returncode != 0
    assert file in done.stderr
    assert "Traceback" not in done.stderr
    results = example_study / "results"
    for path in results.rglob("*"):
        assert not path.name.endswith(".tmp"), f"a temporary file was left behind: {path}"
        if path.suffix == ".parquet":  # each one there is whole and valid
            model = getattr(schemas, pq.read_schema(path).metadata[b"thematic.schema"].decode())
            validate(pd.read_parquet(path), model, str(path))
    assert not (results / "audit/manifest.parquet").exists()
