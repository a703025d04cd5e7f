"""A project's codings as segments of its sources' text: code-point offsets into the text as
written, each with the coder it belongs to.

Shared by the import of a whole project (:mod:`thematic.interop.study`) and by reading a coder's
project in a running study (:mod:`thematic.interop.coders`). Messages name selections by their
line in the XML, never by their text (a selection's name is often the essay's words).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from thematic.errors import InputError, Problem
from thematic.interop.positions import Status, Units, place_selections
from thematic.interop.project import Project, TextSource


@dataclass(frozen=True)
class Segment:
    """One code applied by one user to a stretch of a source (start, end None: the whole)."""

    user_guid: str
    code_guid: str
    start: int | None
    end: int | None
    memo: str
    line: int | None


@dataclass
class SourceSegments:
    source: TextSource
    units: Units | None  # how its positions counted; None when it has no selections
    segments: list[Segment]
    reanchored: list[tuple[int | None, str]] = field(default_factory=list)
    empty: list[int | None] = field(default_factory=list)


def source_segments(source: TextSource, where: str, problems: list[Problem]) -> SourceSegments:
    """Place one source's codings; a selection nothing places is a problem (positions out of
    range), an empty one (start = end) is listed in ``empty``."""
    assert source.text is not None
    selected = [coding for coding in source.codings if coding.start is not None]
    whole = [coding for coding in source.codings if coding.start is None]
    result = SourceSegments(
        source, None, [Segment(c.user_guid, c.code_guid, None, None, c.memo, c.line) for c in whole]
    )
    if not selected:
        return result
    placement = place_selections(
        source.text,
        [int(coding.start) for coding in selected],  # type: ignore[arg-type]
        [int(coding.end) for coding in selected],  # type: ignore[arg-type]
        [coding.selection_name for coding in selected],
    )
    result.units = placement.units
    length = len(source.text)
    for i, coding in enumerate(selected):
        status = placement.status[i]
        if status is Status.EMPTY:
            result.empty.append(coding.line)
            continue
        if status is Status.OUT_OF_RANGE:
            problems.append(
                Problem(
                    where,
                    f"the <PlainTextSelection> of this <Coding> in source {source.name!r} has "
                    f"positions {coding.start}-{coding.end}, outside its text ({length} "
                    f"characters) however they are counted, and no text of its own to find it by.",
                    "re-export the project with its sources from the QDA tool that coded it; "
                    "the source file in the export is not the text the positions refer to.",
                    line=coding.line,
                )
            )
            continue
        if status is Status.REANCHORED:
            result.reanchored.append((coding.line, placement.how[i]))
        result.segments.append(
            Segment(
                coding.user_guid,
                coding.code_guid,
                int(placement.start[i]),
                int(placement.end[i]),
                coding.memo,
                coding.line,
            )
        )
    return result


def project_segments(project: Project, where: str) -> list[SourceSegments]:
    """Every text source's segments; all out-of-range selections reported at once."""
    problems: list[Problem] = []
    placed = [source_segments(source, where, problems) for source in project.sources]
    if problems:
        raise InputError(problems)
    return placed
