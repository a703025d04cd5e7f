"""File-safe ids from the names people give things in their QDA tool: essay ids from source
names, coder ids from user names, theme and code ids from code names.

Ids follow :mod:`thematic.ids` (letters, digits, '_', '-', '.'; a letter or digit first) and are
unique without regard to case, so that two ids never name one file on a case-insensitive disk.
Not for resolving what coders write (see :mod:`thematic.codebook`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

from thematic.errors import InputError, Problem
from thematic.ids import is_id

if TYPE_CHECKING:
    from thematic.interop.project import User

# What a tool leaves on a source's name from the file it was made from: not part of the id.
UNATTRIBUTED = "unattributed"  # the coder of codings no user is named for, anywhere
DOCUMENT_SUFFIXES = (".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".md", ".htm", ".html")


def file_safe(name: str, *, lower: bool = False, strip_suffix: bool = False) -> str:
    """``name`` as an id: accents dropped (é -> e), every run of other characters one '_'.
    Empty when nothing of the name survives (a name in a non-Latin script, say)."""
    stem = name.strip()
    if strip_suffix:
        for suffix in DOCUMENT_SUFFIXES:
            if stem.lower().endswith(suffix) and len(stem) > len(suffix):
                stem = stem[: -len(suffix)]
                break
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9-]+", "_", ascii_only).strip("_-")
    slug = slug.lower() if lower else slug
    return slug if is_id(slug) else ""


class IdAllocator:
    """Hands out ids unique without regard to case: a taken id gets '-2', '-3', ..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, wanted: str) -> str:
        candidate, number = wanted, 1
        while candidate.casefold() in self._taken:
            number += 1
            candidate = f"{wanted}-{number}"
        self._taken.add(candidate.casefold())
        return candidate

    def __contains__(self, candidate: str) -> bool:
        return candidate.casefold() in self._taken


def essay_id(name: str, guid: str) -> str:
    """The id an essay gets from its source's name; from its GUID when the name gives none."""
    return file_safe(name, strip_suffix=True) or f"source-{guid[:8]}"


def coder_id(name: str, guid: str) -> str:
    """The id a coder gets from a user's name (lower case, as coders' file names are); from the
    user's GUID when the name gives none."""
    return file_safe(name, lower=True) or f"user-{guid[:8]}"


def coder_ids(users: dict[str, User], user_guids: set[str], where: str) -> dict[str, str]:
    """The coder id of each user who made a coding; two users whose names give one id is an
    error (their codings would be merged into one coder's file)."""
    ids: dict[str, str] = {}
    for guid in sorted(user_guids):
        user = users.get(guid)
        ids[guid] = (
            coder_id(user.name, guid)
            if user is not None
            else (coder_id("", guid) if guid else UNATTRIBUTED)
        )
    counts = Counter(ids.values())
    problems = [
        Problem(
            where,
            f"users {', '.join(repr(_user_name(users, g)) for g in sorted(ids) if ids[g] == coder)} "
            f"all give the coder id {coder!r}; their codings would be merged.",
            "rename one of them in your QDA tool (user names must differ in more than case, "
            "accents and punctuation) and export again.",
            line=min(
                (users[g].line or 0 for g in ids if ids[g] == coder and g in users),
                default=None,
            )
            or None,
        )
        for coder, count in sorted(counts.items())
        if count > 1
    ]
    if problems:
        raise InputError(problems)
    return ids


def _user_name(users: dict[str, User], guid: str) -> str:
    user = users.get(guid)
    return user.name if user is not None and user.name else guid or "(no user)"
