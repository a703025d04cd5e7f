"""A REFI-QDA code tree (from a project, or a ``.qdc`` codebook) as a thematic codebook.

Top-level codes become themes and the codes below them become codes; anything deeper is
flattened into codes whose label keeps the path below the theme ("Parent > Child", the code's
own name an alias). A top-level code without children becomes a theme holding itself as its one
code; a top-level code with children that is itself coded becomes a code of its theme as well.
A code marked not codable that has no codes below it is not imported (listed). ``Description``
becomes the definition; a code without one gets a placeholder definition, listed in the
summary, because thematic's codebook requires one.

Ids are derived from the names (file-safe, lower case, unique); labels and aliases are kept
unique the way :func:`thematic.codebook.codebook_frame` requires, by qualifying a label that
another code already uses with its theme's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from thematic.codebook import codebook_frame, normalise_name
from thematic.errors import InputError
from thematic.interop.archive import parse_xml
from thematic.interop.naming import IdAllocator, file_safe
from thematic.interop.project import Code, Skipped, children, local, read_code

PATH_SEPARATOR = " > "
# The lines of a code's description that hold the codebook's other fields (see split_description).
DESCRIPTION_LINES = {"Include": "inclusion", "Exclude": "exclusion", "Example": "example"}


@dataclass
class ImportedCodebook:
    """The codebook document (as config/codebook.yaml holds it), the code id of each REFI code
    GUID, and what was not imported or was filled in."""

    document: dict[str, Any]
    code_ids: dict[str, str]
    skipped: list[Skipped] = field(default_factory=list)
    placeholder_definitions: list[str] = field(default_factory=list)


def placeholder_definition(origin: str) -> str:
    return f"No description was given in {origin or 'the REFI-QDA file'}; write this code's definition."


def convert_codes(
    codes: list[Code], *, coded: set[str], name: str = "", origin: str = ""
) -> ImportedCodebook:
    """Convert a code tree; ``coded`` are the GUIDs of codes some imported coding uses."""
    result = ImportedCodebook({"name": name or "Imported codebook", "themes": []}, {})
    theme_ids, code_ids = IdAllocator(), IdAllocator()
    claimed: dict[str, str] = {}  # normalised name -> GUID of the code that owns it

    def claim(candidate: str, guid: str) -> bool:
        key = normalise_name(candidate)
        if not key or claimed.get(key, guid) != guid:
            return False
        claimed[key] = guid
        return True

    for top in codes:
        members = _theme_members(top, coded)
        if not members:
            result.skipped.append(
                Skipped("Code", top.name, "a category with no codable code in it", line=top.line)
            )
            continue
        theme_id = theme_ids.take(file_safe(top.name, lower=True) or f"theme-{top.guid[:8]}")
        theme: dict[str, Any] = {"id": theme_id, "label": top.name or theme_id}
        if top.description:
            theme["description"] = top.description
        theme["codes"] = []
        for code, path in members:
            entry = _code_entry(code, path, top, code_ids, claim, origin)
            if code.description == "":
                result.placeholder_definitions.append(entry["id"])
            result.code_ids[code.guid] = entry["id"]
            theme["codes"].append(entry)
        result.document["themes"].append(theme)
        result.skipped.extend(
            Skipped(
                "Code", code.name, "a category (not codable) with no codes below it", line=code.line
            )
            for code in _empty_categories(top)
        )
    return result


def _theme_members(top: Code, coded: set[str]) -> list[tuple[Code, tuple[str, ...]]]:
    """The codes of a top-level code's theme, each with its path of names below the theme."""
    if not top.children:
        return [(top, (top.name,))] if top.codable else []
    members = [(top, (top.name,))] if top.guid in coded else []
    stack = [(child, (child.name,)) for child in reversed(top.children)]
    while stack:
        code, path = stack.pop()
        if code.codable or code.guid in coded:
            members.append((code, path))
        stack.extend((child, (*path, child.name)) for child in reversed(code.children))
    return members


def _empty_categories(top: Code) -> list[Code]:
    stack, found = list(top.children), []
    while stack:
        code = stack.pop()
        if not code.codable and not code.children:
            found.append(code)
        stack.extend(code.children)
    return found


def split_description(description: str) -> dict[str, str]:
    """A code's description as definition, and the inclusion, exclusion and example written
    on lines of their own after it (``Include: ...``, ``Exclude: ...``, ``Example: ...``, as
    thematic's export writes them); a description without such lines is all definition."""
    fields: dict[str, list[str]] = {"definition": []}
    current = "definition"
    for line in description.splitlines():
        name, colon, rest = line.partition(":")
        if colon and name.strip() in DESCRIPTION_LINES:
            current = DESCRIPTION_LINES[name.strip()]
            fields.setdefault(current, [])
            line = rest
        fields[current].append(line.strip())
    return {field: " ".join(" ".join(lines).split()) for field, lines in fields.items()}


def _code_entry(
    code: Code, path: tuple[str, ...], top: Code, ids: IdAllocator, claim: Any, origin: str
) -> dict[str, Any]:
    label = PATH_SEPARATOR.join(path)
    wanted = file_safe("_".join(path), lower=True) or f"code-{code.guid[:8]}"
    code_id = ids.take(wanted)
    while not claim(code_id, code.guid):
        code_id = ids.take(wanted)
    if not claim(label, code.guid):
        label = PATH_SEPARATOR.join((top.name, *path)) if code is not top else f"{label} (theme)"
        number = 1
        base = label
        while not claim(label, code.guid):
            number += 1
            label = f"{base} ({number})"
    entry: dict[str, Any] = {
        "id": code_id,
        "label": label,
        **split_description(code.description),
    }
    entry["definition"] = entry["definition"] or placeholder_definition(origin)
    aliases = [alias for alias in dict.fromkeys((code.name, *path[-1:])) if alias != label]
    aliases = [alias for alias in aliases if claim(alias, code.guid)]
    if aliases:
        entry["aliases"] = aliases
    return entry


def read_qdc(path: str | Path) -> ImportedCodebook:
    """A REFI-QDA codebook file (.qdc) converted as above."""
    file = str(path)
    try:
        payload = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError.single(file, "file not found.", "check the path.") from None
    root = parse_xml(payload, file)
    if local(root) != "CodeBook":
        raise InputError.single(
            file,
            f"the root element is <{local(root) or root.tag}>, not <CodeBook>: not a REFI-QDA "
            "codebook (.qdc).",
            "export the codebook from your QDA tool (REFI-QDA Codebook, .qdc).",
            line=root.sourceline,
        )
    problems: list = []
    codes = [
        read_code(code, file, problems)
        for part in children(root, "Codes")
        for code in children(part, "Code")
    ]
    if problems:
        raise InputError(problems)
    if not codes:
        raise InputError.single(
            file,
            "the codebook holds no <Code>.",
            "export a codebook with codes in it.",
            line=root.sourceline,
        )
    return convert_codes(codes, coded=set(), origin=(root.get("origin") or file))


def qdc_codebook_frame(path: str | Path) -> pd.DataFrame:
    """A .qdc as the same codebook frame that :func:`thematic.codebook.load_codebook` gives."""
    return codebook_frame(read_qdc(path).document, str(path))
