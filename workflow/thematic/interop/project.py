"""What a REFI-QDA project holds, read from its XML: users, the code tree, the text sources with
their codings, and everything else listed as not imported, with the reason.

Elements are matched by local name (the namespace ``urn:QDA-XML:project:1.0`` or none), GUIDs
without regard to letter case or braces. A coding's coder is ``Coding@creatingUser``, falling
back to its selection's (or, for a coding placed on a whole source, the source's) creatingUser,
then the project's creatingUserGUID. A ``Coding`` directly under a ``TextSource`` codes the whole
source. Positions are kept as written; :mod:`thematic.interop.positions` decides what they count.

Kept free of pandas, so that the Snakefile can list a project's coders at parse time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from thematic.errors import InputError, Problem
from thematic.interop.archive import ProjectArchive
from thematic.textio import decode_text

LARGEST_POSITION = 2**62
MEDIA_SOURCES = {
    "PictureSource": "a picture: thematic codes text only",
    "PDFSource": "a PDF: thematic codes plain text only; export the PDF's text as a text source",
    "AudioSource": "audio: thematic codes text only",
    "VideoSource": "video: thematic codes text only",
}
NOT_IMPORTED_PARTS = {
    "Notes": "notes and memos are not part of a thematic study",
    "Links": "links between items are not part of a thematic study",
    "Sets": "sets (groups of codes or sources) are not part of a thematic study",
    "Graphs": "graphs (network views) are not part of a thematic study",
    "Cases": "cases are not part of a thematic study",
    "Variables": "variables are not imported; put essay metadata in resources/manifest.csv",
}


@dataclass(frozen=True)
class User:
    guid: str
    name: str
    line: int | None


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    description: str
    codable: bool
    children: tuple[Code, ...]
    line: int | None


@dataclass(frozen=True)
class Coding:
    """One code applied by one user: to a selection (start, end as written) or, with start
    and end None, to the whole source. ``line`` is the Coding element's line in the XML."""

    code_guid: str
    user_guid: str
    start: int | None
    end: int | None
    selection_name: str  # a selection's name: often its text (ATLAS.ti), often empty (NVivo)
    memo: str
    line: int | None


@dataclass
class TextSource:
    guid: str
    name: str
    line: int | None
    text: str | None  # as written, BOM removed; None when it could not be read (see skipped)
    codings: list[Coding] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """Something in the project that is not imported, and why; ``codings`` it carried."""

    kind: str
    name: str
    reason: str
    codings: int = 0
    line: int | None = None


@dataclass
class Project:
    file: str
    name: str
    origin: str
    users: dict[str, User]
    codes: list[Code]
    sources: list[TextSource]
    skipped: list[Skipped]
    user_lines: dict[str, int | None] = field(default_factory=dict)

    def all_codes(self) -> dict[str, Code]:
        """Every code by GUID, at any depth."""
        found: dict[str, Code] = {}
        stack = list(self.codes)
        while stack:
            code = stack.pop()
            found[code.guid] = code
            stack.extend(code.children)
        return found


def guid_key(value: str | None) -> str:
    """A GUID as compared here: lower case, without braces (vendors differ in both)."""
    return (value or "").strip().strip("{}").lower()


def local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local(child) == name]


def child_text(element: etree._Element, name: str) -> str:
    found = children(element, name)
    return (found[0].text or "").strip() if found else ""


def read_project(archive: ProjectArchive) -> Project:
    """Read the project's XML; every problem found is reported at once."""
    root, where = archive.root, archive.where
    if local(root) != "Project":
        raise InputError.single(
            where,
            f"the root element is <{local(root) or root.tag}>, not <Project>: not a REFI-QDA "
            "project.",
            "export the project from your QDA tool as a REFI-QDA project (.qdpx); a codebook "
            "(.qdc) goes in config/, not here.",
            line=root.sourceline,
        )
    problems: list[Problem] = []
    users, _ = text_coding_users(archive)
    codes = [
        read_code(code, where, problems)
        for book in children(root, "CodeBook")
        for part in children(book, "Codes")
        for code in children(part, "Code")
    ]
    project = Project(
        file=archive.file,
        name=(root.get("name") or "").strip(),
        origin=(root.get("origin") or "").strip(),
        users=users,
        codes=codes,
        sources=[],
        skipped=[],
    )
    known_codes = set(project.all_codes())
    default_user = guid_key(root.get("creatingUserGUID"))
    for part in children(root, "Sources"):
        for source in part:
            kind = local(source)
            if kind == "TextSource":
                text_source = _text_source(source, archive, default_user, project, problems)
                if text_source is not None:
                    project.sources.append(text_source)
            elif kind:
                project.skipped.append(
                    Skipped(
                        kind,
                        (source.get("name") or "").strip(),
                        MEDIA_SOURCES.get(kind, "not a kind of source thematic reads"),
                        _count_codings(source),
                        source.sourceline,
                    )
                )
    rich = [s for s in root.iter() if local(s) == "TextSource" and s.get("richTextPath")]
    imported = {source.guid for source in project.sources}
    rich_of_imported = [s for s in rich if guid_key(s.get("guid")) in imported]
    if rich_of_imported:
        project.skipped.append(
            Skipped(
                "richTextPath",
                f"{len(rich_of_imported)} rich-text copy(ies) (.docx)",
                "the same source's plain text was imported instead; formatting is not analysed",
            )
        )
    for kind, reason in NOT_IMPORTED_PARTS.items():
        for part in children(root, kind):
            items = [item for item in part if local(item)]
            if items:
                project.skipped.append(
                    Skipped(kind, f"{len(items)} item(s)", reason, line=part.sourceline)
                )
    for source in project.sources:
        for coding in source.codings:
            if coding.code_guid not in known_codes:
                problems.append(
                    Problem(
                        where,
                        f"<CodeRef> in <Coding> points at code {coding.code_guid!r}, which is "
                        "not in the <CodeBook>.",
                        "re-export the project from your QDA tool; if the code was deleted, "
                        "remove its codings there first.",
                        line=coding.line,
                    )
                )
    if problems:
        raise InputError(problems)
    return project


def read_code(element: etree._Element, where: str, problems: list[Problem]) -> Code:
    name = (element.get("name") or "").strip()
    if not name:
        problems.append(
            Problem(
                where,
                "a <Code> has no name.",
                "name the code in your QDA tool.",
                line=element.sourceline,
            )
        )
    return Code(
        guid=guid_key(element.get("guid")),
        name=name,
        description=child_text(element, "Description"),
        codable=(element.get("isCodable") or "true").strip().lower() not in ("false", "0"),
        children=tuple(read_code(child, where, problems) for child in children(element, "Code")),
        line=element.sourceline,
    )


def _count_codings(element: etree._Element) -> int:
    return sum(1 for item in element.iter() if local(item) == "Coding")


def _text_source(
    element: etree._Element,
    archive: ProjectArchive,
    default_user: str,
    project: Project,
    problems: list[Problem],
) -> TextSource | None:
    """A text source with its codings, or None (listed in ``project.skipped``) when its text is
    not in the project."""
    name = (element.get("name") or "").strip()
    source_user = guid_key(element.get("creatingUser")) or default_user
    codings = [
        _coding(coding, source_user, None, None, "", "", archive.where, problems)
        for coding in children(element, "Coding")
    ]
    for selection in children(element, "PlainTextSelection"):
        codings.extend(
            _selection_codings(selection, default_user, archive.where, project, problems)
        )
    codings = [coding for coding in codings if coding is not None]
    text, reason = _source_text(element, archive, problems)
    if text is None:
        if reason:
            project.skipped.append(
                Skipped("TextSource", name, reason, len(codings), element.sourceline)
            )
        return None
    return TextSource(guid_key(element.get("guid")), name, element.sourceline, text, codings)


def _selection_codings(
    selection: etree._Element,
    default_user: str,
    where: str,
    project: Project,
    problems: list[Problem],
) -> list[Coding | None]:
    start = _position(selection, "startPosition", where, problems)
    end = _position(selection, "endPosition", where, problems)
    codings = children(selection, "Coding")
    if not codings:
        project.skipped.append(
            Skipped(
                "PlainTextSelection",
                f"line {selection.sourceline}",
                "a text selection with no code on it (a quotation or annotation only)",
                line=selection.sourceline,
            )
        )
        return []
    if start is None or end is None:
        return []
    user = guid_key(selection.get("creatingUser")) or default_user
    name = selection.get("name") or ""
    memo = child_text(selection, "Description")
    return [_coding(coding, user, start, end, name, memo, where, problems) for coding in codings]


def _position(
    selection: etree._Element, attribute: str, where: str, problems: list[Problem]
) -> int | None:
    value = selection.get(attribute)
    try:  # past any text, clipped: placing fails it all the same, without overflowing int64
        return min(max(int((value or "").strip()), -1), LARGEST_POSITION)
    except ValueError:
        problems.append(
            Problem(
                where,
                f"<PlainTextSelection> {attribute}={value!r} is not a whole number.",
                "re-export the project; positions are whole numbers of characters.",
                line=selection.sourceline,
            )
        )
        return None


def _coding(
    element: etree._Element,
    fallback_user: str,
    start: int | None,
    end: int | None,
    selection_name: str,
    memo: str,
    where: str,
    problems: list[Problem],
) -> Coding | None:
    refs = children(element, "CodeRef")
    if len(refs) != 1 or not guid_key(refs[0].get("targetGUID")):
        problems.append(
            Problem(
                where,
                f"a <Coding> holds {len(refs)} <CodeRef> with a targetGUID; it must hold one.",
                "re-export the project from your QDA tool.",
                line=element.sourceline,
            )
        )
        return None
    return Coding(
        code_guid=guid_key(refs[0].get("targetGUID")),
        user_guid=guid_key(element.get("creatingUser")) or fallback_user,
        start=start,
        end=end,
        selection_name=selection_name,
        memo=memo,
        line=element.sourceline,
    )


def _source_text(
    element: etree._Element, archive: ProjectArchive, problems: list[Problem]
) -> tuple[str | None, str]:
    """(text, "") or (None, why it is not imported); a missing file in the zip is a problem."""
    inline = children(element, "PlainTextContent")
    path = (element.get("plainTextPath") or "").strip()
    if inline and not path:
        return _usable(inline[0].text or "")
    if not path:
        rich = (element.get("richTextPath") or "").strip()
        return None, (
            "only a rich-text file (" + rich + "); thematic reads the plain text"
            if rich
            else "no text (neither plainTextPath nor PlainTextContent)"
        )
    scheme, _, rest = path.partition("://")
    if scheme.lower() != "internal":
        return None, (
            f"its text is an external file ({path}), not inside the project; export the project "
            "with its sources embedded"
        )
    internal_name = rest.lstrip("/")
    if not archive.has_sources:
        return None, (
            f"its text file ({internal_name}) is not available: a bare .qde without its sources "
            "folder beside it; import the .qdpx, or put the Sources folder beside the .qde"
        )
    raw = archive.source_bytes(internal_name)
    if raw is None:
        problems.append(
            Problem(
                archive.where,
                f"<TextSource> {element.get('name')!r} names the file {path!r}, which is not in "
                f"the {'zip' if archive.where != archive.file else 'sources folder'}.",
                "export the project again with its sources (a .qdpx holds a sources folder).",
                line=element.sourceline,
            )
        )
        return None, ""
    try:
        text = decode_text(
            raw, archive.source_where(internal_name), what="source text", allow_empty=True
        )
    except InputError as err:
        problems.extend(err.problems)
        return None, ""
    return _usable(text)


def _usable(text: str) -> tuple[str | None, str]:
    if not text.strip():
        return None, "its text is empty"
    return text, ""


def text_coding_users(archive: ProjectArchive) -> tuple[dict[str, User], set[str]]:
    """(the project's users, the GUIDs of users who coded a text source), from the XML alone,
    without reading any source: what listing a project's coders needs, cheaply."""
    root = archive.root
    users = {
        guid_key(user.get("guid")): User(
            guid_key(user.get("guid")), (user.get("name") or "").strip(), user.sourceline
        )
        for part in children(root, "Users")
        for user in children(part, "User")
    }
    default_user = guid_key(root.get("creatingUserGUID"))
    coders: set[str] = set()
    for part in children(root, "Sources"):
        for source in children(part, "TextSource"):
            source_user = guid_key(source.get("creatingUser")) or default_user
            for coding in children(source, "Coding"):
                coders.add(guid_key(coding.get("creatingUser")) or source_user)
            for selection in children(source, "PlainTextSelection"):
                selection_user = guid_key(selection.get("creatingUser")) or default_user
                for coding in children(selection, "Coding"):
                    coders.add(guid_key(coding.get("creatingUser")) or selection_user)
    return users, coders
