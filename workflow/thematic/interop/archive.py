"""Opening a REFI-QDA project as a tool wrote it: a ``.qdpx`` zip holding the project XML and its
sources, or a bare ``.qde`` beside a sources folder.

What real exports do, and what is done about it here:
- the project XML is ``project.qde`` by the standard, but ATLAS.ti names it after the project,
  so any single ``.qde`` in the zip is taken (``project.qde`` first when there are several);
- the sources folder is ``sources/`` by the standard, ``Sources/`` in NVivo's exports, and file
  names differ from the XML's paths in the letter case of their GUIDs: source files are looked
  up without regard to case;
- a file is recognised by its bytes (a zip starts with ``PK``), not by its name.

Not for reading what the XML means (see :mod:`thematic.interop.project`).
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from thematic.errors import InputError

ZIP_MAGIC = b"PK\x03\x04"
PROJECT_XML = "project.qde"
SOURCES_FOLDER = "sources"
# What can go wrong reading a member of a damaged zip, besides BadZipFile.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError)


@dataclass(frozen=True)
class ProjectArchive:
    """A project's XML, parsed, and a way to its source files.

    ``where`` names the XML in messages ("x.qdpx (project.qde)"); ``has_sources`` is False for
    a bare .qde with no sources folder beside it, whose text sources cannot be read at all.
    """

    file: str
    where: str
    root: etree._Element
    has_sources: bool
    _read: Callable[[str], bytes | None]

    def source_bytes(self, internal_name: str) -> bytes | None:
        """The bytes of a source file named in an ``internal://`` path; None when absent."""
        return self._read(internal_name)

    def source_where(self, internal_name: str) -> str:
        """How to name a source file in messages."""
        return f"{self.file} ({SOURCES_FOLDER}/{internal_name})"


def parse_xml(payload: bytes, where: str) -> etree._Element:
    """The root of an XML document, or an InputError naming the line that does not parse."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(payload, parser)
    except etree.XMLSyntaxError as err:
        raise InputError.single(
            where,
            f"the XML does not parse: {err.msg}.",
            "re-export the project from your QDA tool; a file edited by hand must stay "
            "well-formed XML.",
            line=err.lineno or None,
        ) from None
    if root is None:
        raise InputError.single(where, "the XML holds no element.", "re-export the project.")
    return root


def open_project(path: str | Path) -> ProjectArchive:
    """Open a ``.qdpx`` zip or a bare ``.qde`` (with its sources folder, if any, beside it)."""
    file = str(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except FileNotFoundError:
        raise InputError.single(file, "file not found.", "check the path.") from None
    except IsADirectoryError:
        raise InputError.single(
            file, "a folder, not a project file.", "give the .qdpx (or .qde) file's path."
        ) from None
    if head == ZIP_MAGIC or head[:2] == b"PK":
        return _open_zip(path, file)
    if Path(path).suffix.lower() == ".qdpx":
        raise InputError.single(
            file,
            "not a zip archive, so not a REFI-QDA project (.qdpx).",
            "export the project again from your QDA tool (File > Export > REFI-QDA Project).",
        )
    return _open_bare_qde(Path(path), file)


def _open_zip(path: str | Path, file: str) -> ProjectArchive:
    try:
        archive = zipfile.ZipFile(path)
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except _ZIP_ERRORS as err:
        raise InputError.single(
            file,
            f"not a readable zip archive ({err}), so not a REFI-QDA project.",
            "export the project again from your QDA tool (REFI-QDA Project, .qdpx).",
        ) from None
    xml_name = _project_xml_name(names, file)
    where = f"{file} ({xml_name})"
    try:
        payload = archive.read(xml_name)
    except _ZIP_ERRORS as err:
        raise InputError.single(
            where, f"cannot be read from the zip ({err}).", "export the project again."
        ) from None
    root = parse_xml(payload, where)
    base = posixpath.dirname(xml_name)
    prefix = f"{base}/{SOURCES_FOLDER}/" if base else f"{SOURCES_FOLDER}/"
    in_sources = {
        name[len(prefix) :].casefold(): name
        for name in names
        if name.casefold().startswith(prefix.casefold())
    }
    by_base_name: dict[str, list[str]] = {}
    for name in names:
        by_base_name.setdefault(posixpath.basename(name).casefold(), []).append(name)

    def read(internal_name: str) -> bytes | None:
        member = in_sources.get(internal_name.casefold())
        if member is None:  # a tool that put its sources elsewhere in the zip: by name, if unique
            found = by_base_name.get(posixpath.basename(internal_name).casefold(), [])
            member = found[0] if len(found) == 1 and found[0] != xml_name else None
        if member is None:
            return None
        try:
            return archive.read(member)
        except _ZIP_ERRORS as err:
            raise InputError.single(
                f"{file} ({member})",
                f"cannot be read from the zip ({err}).",
                "export the project again.",
            ) from None

    return ProjectArchive(file=file, where=where, root=root, has_sources=True, _read=read)


def _project_xml_name(names: list[str], file: str) -> str:
    """The project XML in the zip: its one .qde, whatever it is called, or project.qde."""
    candidates = [name for name in names if name.casefold().endswith(".qde")]
    if not candidates:
        listed = ", ".join(sorted(names)[:5]) or "nothing"
        raise InputError.single(
            file,
            f"the zip holds no project.qde (it holds {listed}{', ...' if len(names) > 5 else ''}); "
            "it is not a REFI-QDA project.",
            "export the project from your QDA tool as a REFI-QDA project (.qdpx).",
        )
    if len(candidates) == 1:
        return candidates[0]
    standard = [name for name in candidates if posixpath.basename(name).casefold() == PROJECT_XML]
    if len(standard) == 1:
        return standard[0]
    raise InputError.single(
        file,
        f"the zip holds {len(candidates)} project files ({', '.join(sorted(candidates))}).",
        "export one project per .qdpx file.",
    )


def _open_bare_qde(path: Path, file: str) -> ProjectArchive:
    root = parse_xml(path.read_bytes(), file)
    folders = [
        child
        for child in sorted(path.parent.iterdir())
        if child.is_dir() and child.name.casefold() == SOURCES_FOLDER
    ]
    files = (
        {child.name.casefold(): child for child in folders[0].iterdir() if child.is_file()}
        if folders
        else {}
    )

    def read(internal_name: str) -> bytes | None:
        found = files.get(internal_name.casefold())
        return found.read_bytes() if found is not None else None

    return ProjectArchive(file=file, where=file, root=root, has_sources=bool(folders), _read=read)
