"""The REFI-QDA and spreadsheet readers under malformed input (hypothesis): any input ends in a
result or in an InputError naming the file, never in another exception. A result keeps the
import's promise: every quote is its essay's text at its offsets."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from qdpx_fixtures import Fixture, Traps, project_xml
from thematic.errors import InputError
from thematic.interop.archive import open_project
from thematic.interop.coders import read_coding_xlsx
from thematic.interop.project import read_project
from thematic.interop.study import build_study

FIXTURE = Fixture(
    {"one": "Hello 😀 world.\r\nSecond line, again.\n", "two": "Plain text.\nMore text here."},
    [("Ann", "one", "a", "world"), ("Bob", "two", "b", "More text"), ("Bob", "one", "a", None)],
    {"T": ["a", "b"]},
)
XML, FILES = project_xml(FIXTURE, Traps(names_as_text=True))


def fuzz(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def outcome(path: Path) -> None:
    try:
        study = build_study(read_project(open_project(path)))
    except InputError as err:
        assert err.problems and all(p.what.strip() for p in err.problems)
        assert all(str(path) in p.file for p in err.problems), str(err)
        return
    for placed in study.placed:
        text = placed.source.text
        for segment in placed.segments:
            if segment.start is not None:
                assert 0 <= segment.start < segment.end <= len(text)


def zipped(xml: bytes, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", xml)
        for name, payload in files.items():
            archive.writestr(f"sources/{name}", payload)
    return buffer.getvalue()


@fuzz(150)
@given(payload=st.binary(max_size=400), suffix=st.sampled_from([".qdpx", ".qde", ".zip"]))
def test_random_bytes(tmp_path_factory, payload: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"p{suffix}"
    path.write_bytes(payload)
    outcome(path)


@fuzz(200)
@given(data=st.data())
def test_xml_cut_and_spliced(tmp_path_factory, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(XML)))
    end = data.draw(st.integers(start, min(len(XML), start + 80)))
    insert = data.draw(st.binary(max_size=20) | st.sampled_from([b"<", b"&bogus;", b'"', b"\xff"]))
    path = tmp_path_factory.mktemp("fuzz") / "p.qdpx"
    path.write_bytes(zipped(XML[:start] + insert + XML[end:], FILES))
    outcome(path)


attribute_values = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(["", " ", "1.5", "-0", "NaN", "１２", "9" * 40]),
    st.text(max_size=12),
)


@fuzz(200)
@given(data=st.data())
def test_attributes_rewritten(tmp_path_factory, data: st.DataObject) -> None:
    """Positions, GUIDs, users and paths replaced by anything at all."""
    spots = list(
        re.finditer(
            rb'(startPosition|endPosition|targetGUID|creatingUser|plainTextPath|guid|name)="[^"]*"',
            XML,
        )
    )
    xml = XML
    for spot in data.draw(
        st.lists(st.sampled_from(spots), min_size=1, max_size=4, unique_by=lambda m: m.start())
    ):
        value = data.draw(attribute_values).encode("utf-8")
        value = value.replace(b"&", b"&amp;").replace(b'"', b"&quot;").replace(b"<", b"&lt;")
        old = spot.group(0)
        xml = xml.replace(old, old.split(b"=")[0] + b'="' + value + b'"', 1)
    files = dict(FILES)
    if data.draw(st.booleans()):
        name = data.draw(st.sampled_from(sorted(files)))
        files[name] = data.draw(st.binary(max_size=60))
    path = tmp_path_factory.mktemp("fuzz") / "p.qdpx"
    path.write_bytes(zipped(xml, files))
    outcome(path)


def _workbook_bytes() -> bytes:
    book = Workbook()
    book.active.append(["coder", "essay_id", "code"])
    book.active.append(["ann", "e1", "x"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = _workbook_bytes()  # once: a saved workbook carries the time it was saved
cells = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=20),
    st.sampled_from(["coder", "essay_id", "code", "start", "end", "quote", "memo", "=1+1"]),
)


@fuzz(100)
@given(rows=st.lists(st.lists(cells, max_size=9), max_size=8))
def test_xlsx_cells_of_any_kind(tmp_path_factory, rows: list[list[object]]) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path_factory.mktemp("fuzz") / "c.xlsx"
    book.save(path)
    try:
        frame = read_coding_xlsx(path)
    except InputError as err:
        assert all(str(path) == p.file for p in err.problems)
        return
    assert {"essay_id", "code", "source_line"} <= set(frame.columns)


@fuzz(100)
@given(data=st.data())
def test_xlsx_bytes_damaged(tmp_path_factory, data: st.DataObject) -> None:
    payload = bytearray(XLSX)
    for _ in range(data.draw(st.integers(1, 8))):
        payload[data.draw(st.integers(0, len(payload) - 1))] = data.draw(st.integers(0, 255))
    path = tmp_path_factory.mktemp("fuzz") / "c.xlsx"
    path.write_bytes(bytes(payload))
    try:
        read_coding_xlsx(path)
    except InputError as err:
        assert str(path) in str(err)
