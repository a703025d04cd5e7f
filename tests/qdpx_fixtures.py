"""Writing small REFI-QDA projects for tests and the import benchmark, with the traps real
exports have switched on one at a time (UTF-16 positions, CRLF, BOM, Sources/, GUID case, a
renamed inner file). Built with lxml, valid against the REFI-QDA Project.xsd.

These are our own fixtures: a score on them is an upper bound; the real exports in
../shared/interop/ are the measure.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

NS = "urn:QDA-XML:project:1.0"
_NAMESPACE = uuid.UUID("6f1c0e4e-6a57-4d8a-9c7e-1b2a3c4d5e6f")


def guid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(map(str, parts))))


@dataclass(frozen=True)
class Traps:
    utf16: bool = False  # positions in UTF-16 code units (NVivo)
    crlf: bool = False  # source files with CRLF line endings, positions counting them as written
    crlf_counted_once: bool = False  # CRLF in the file, positions counting it as one character
    bom: bool = False  # source files start with a UTF-8 BOM (QualCoder)
    folder: str = "sources"  # "Sources" as NVivo
    upper_guids: bool = False  # GUIDs in upper case in the XML, lower in file names
    inner_name: str = "project.qde"  # ATLAS.ti: named after the project
    names_as_text: bool = False  # selection name = its text (ATLAS.ti)


@dataclass
class Fixture:
    essays: dict[str, str]  # source name -> text (LF line endings)
    # user, source, code, quote: the quote's first occurrence is the segment, or (start, end)
    # in code points; None codes the whole source
    codings: list[tuple[str, str, str, str | tuple[int, int] | None]]
    codes: dict[str, list[str]] = field(default_factory=dict)  # parent -> children


def _units(text: str, index: int, traps: Traps) -> int:
    """Position of code point ``index`` as the trapped tool counts it."""
    before = text[:index]
    count = len(before.encode("utf-16-le")) // 2 if traps.utf16 else len(before)
    if traps.crlf and not traps.crlf_counted_once:
        count += before.count("\n")  # each LF became CR LF in the file
    return count


def project_xml(fixture: Fixture, traps: Traps = Traps()) -> tuple[bytes, dict[str, bytes]]:
    """(the .qde, {file name: bytes}) for ``fixture``."""

    def g(*parts: object) -> str:
        value = guid(*parts)
        return value.upper() if traps.upper_guids else value

    users = sorted({user for user, *_ in fixture.codings})
    root = etree.Element(
        f"{{{NS}}}Project", nsmap={None: NS}, name="fixture", origin="thematic tests"
    )
    users_el = etree.SubElement(root, f"{{{NS}}}Users")
    for user in users:
        etree.SubElement(users_el, f"{{{NS}}}User", guid=g("user", user), name=user)
    book = etree.SubElement(root, f"{{{NS}}}CodeBook")
    codes_el = etree.SubElement(book, f"{{{NS}}}Codes")
    for parent, kids in fixture.codes.items():
        parent_el = etree.SubElement(
            codes_el, f"{{{NS}}}Code", guid=g("code", parent), name=parent, isCodable="true"
        )
        etree.SubElement(parent_el, f"{{{NS}}}Description").text = f"What {parent} means."
        for kid in kids:
            kid_el = etree.SubElement(
                parent_el, f"{{{NS}}}Code", guid=g("code", kid), name=kid, isCodable="true"
            )
            etree.SubElement(kid_el, f"{{{NS}}}Description").text = f"The code {kid}."
    sources = etree.SubElement(root, f"{{{NS}}}Sources")
    by_source: dict[str, list[tuple[int, str, str, object]]] = {}
    for n, (user, where, code, quote) in enumerate(fixture.codings):
        by_source.setdefault(where, []).append((n, user, code, quote))
    files: dict[str, bytes] = {}
    for name, text in fixture.essays.items():
        file_guid = guid("file", name)
        written = text.replace("\n", "\r\n") if traps.crlf or traps.crlf_counted_once else text
        files[f"{file_guid}.txt"] = ("\ufeff" if traps.bom else "").encode() + written.encode()
        source = etree.SubElement(
            sources,
            f"{{{NS}}}TextSource",
            guid=g("source", name),
            name=name,
            plainTextPath=f"internal://{file_guid.upper() if traps.upper_guids else file_guid}.txt",
        )
        for n, user, code, quote in by_source.get(name, []):
            if quote is None:
                coding = etree.SubElement(
                    source, f"{{{NS}}}Coding", guid=g("coding", n), creatingUser=g("user", user)
                )
            else:
                if isinstance(quote, tuple):
                    start, end = quote
                else:
                    start = text.index(quote)
                    end = start + len(quote)
                selection = etree.SubElement(
                    source,
                    f"{{{NS}}}PlainTextSelection",
                    guid=g("selection", n),
                    name=text[start:end] if traps.names_as_text else "",
                    startPosition=str(_units(text, start, traps)),
                    endPosition=str(_units(text, end, traps)),
                    creatingUser=g("user", user),
                )
                coding = etree.SubElement(
                    selection, f"{{{NS}}}Coding", guid=g("coding", n), creatingUser=g("user", user)
                )
            etree.SubElement(coding, f"{{{NS}}}CodeRef", targetGUID=g("code", code))
        # the standard's order: a TextSource's own Codings come after its selections
        own = [child for child in source if etree.QName(child).localname == "Coding"]
        for child in own:
            source.remove(child)
            source.append(child)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True), files


def write_qdpx(path: Path, fixture: Fixture, traps: Traps = Traps()) -> Path:
    xml, files = project_xml(fixture, traps)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(traps.inner_name, xml)
        for name, payload in sorted(files.items()):
            archive.writestr(f"{traps.folder}/{name}", payload)
    path.write_bytes(buffer.getvalue())
    return path


def study_fixture(study: Path) -> Fixture:
    """A study folder (as ``thematic synth`` writes it) as a project: its essays, its codebook's
    themes as parent codes, and each coder's segments as that user's codings. Rows with no
    code (an essay read, nothing applies) have no REFI-QDA form and are left out."""
    import csv

    import yaml

    essays = {
        path.stem: path.read_text(encoding="utf-8")
        for path in sorted((study / "resources" / "essays").glob("*.txt"))
    }
    from thematic.codebook import load_codebook, normalise_name, resolver

    book = yaml.safe_load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    code_of = resolver(load_codebook(study / "config" / "codebook.yaml"))  # coders write labels
    codes = {theme["id"]: [code["id"] for code in theme["codes"]] for theme in book["themes"]}
    codings: list = []
    for path in sorted((study / "resources" / "codings").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if not row["code"].strip():
                    continue
                if row["start"].strip():
                    span = (int(row["start"]), int(row["end"]))
                elif row["quote"].strip():  # located by its quote
                    at = essays[row["essay_id"]].index(row["quote"])
                    span = (at, at + len(row["quote"]))
                else:
                    span = None
                code = code_of[normalise_name(row["code"])]
                codings.append((path.stem, row["essay_id"], code, span))
    return Fixture(essays, codings, codes)
