"""The one error type users see: a problem with their input, said so they can fix it.

Not for bugs: an unexpected exception is a defect in thematic and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is, what is wrong, and how to fix it."""

    file: str
    what: str
    fix: str = ""
    line: int | None = None
    row: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.line is not None:
            where += f" (line {self.line})" if self.row is not None else f", line {self.line}"
        text = f"{where}: {self.what}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


@dataclass
class InputError(Exception):
    """Bad input. Carries every problem found, so a user fixes a file in one pass, not one per run."""

    problems: list[Problem] = field(default_factory=list)
    max_shown: int = 20

    def __post_init__(self) -> None:
        super().__init__(str(self))

    @classmethod
    def single(cls, file: str, what: str, fix: str = "", **where: int | None) -> InputError:
        return cls([Problem(file=file, what=what, fix=fix, **where)])

    def __str__(self) -> str:
        shown = [f"  - {p}" for p in self.problems[: self.max_shown]]
        more = len(self.problems) - self.max_shown
        if more > 0:
            shown.append(f"  ... and {more} more problem(s) of the same kind")
        noun = "problem" if len(self.problems) == 1 else "problems"
        return f"{len(self.problems)} input {noun}:\n" + "\n".join(shown)


def raise_if_any(problems: Iterable[Problem]) -> None:
    found = list(problems)
    if found:
        raise InputError(found)


def check_header(file: str, header: Sequence[str], required: Iterable[str], layout: str) -> None:
    """A CSV header names each column once and holds every required column.

    ``layout`` is the header a user should write, e.g. ``"essay_id,code,decision"``.
    """
    twice = sorted({name for name in header if list(header).count(name) > 1})
    if twice:
        raise InputError.single(
            file,
            f"column(s) {', '.join(twice)} named more than once in the header.",
            f"keep one column of each name: {layout}.",
            line=1,
        )
    missing = [name for name in required if name not in header]
    if missing:
        raise InputError.single(
            file,
            f"missing column(s) {', '.join(missing)} (header: {', '.join(header) or 'none'}).",
            f"the header must be {layout}.",
            line=1,
        )
