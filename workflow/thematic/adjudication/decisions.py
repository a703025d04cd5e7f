"""Adjudicators' decisions: read from every decision file, checked, combined, and matched to the
units in dispute now.

A decision file is any CSV or XLSX table (the first sheet of a workbook) with the columns
``essay_id``, ``code`` and ``decision``, and optionally ``adjudicator``, ``rationale`` and
``fingerprint``; other columns are ignored and columns are found by name, in any order, so a
filled-in pending sheet is a decision file as it is. A row with an empty decision decides
nothing (the unit stays pending); a row with a decision names its adjudicator.

Combining several files (or rounds), in the order of their paths:

- Identical duplicates merge: the same decision on the same unit and the same fingerprint (the
  same sheet saved twice, say). The first copy's adjudicator and rationale are kept.
- Decisions on different evidence never conflict: rows on one unit with different fingerprints
  were made on different versions of the unit, and at most one of them matches it now; the
  others are stale. A later round on a changed unit therefore needs no marking.
- Conflicting decisions on the same evidence (the same fingerprint, or a row without one) are an
  error naming both files and lines: change a decision by editing its row, not by adding
  another.

Matching to the units in dispute now (:func:`match_decisions`): a decision on a unit the coders
agree on is not applied (``not_in_dispute``); a decision whose fingerprint differs from the
unit's is not applied (``stale``) and the unit is pending again. A row without a fingerprint
(written by hand) applies as long as the unit is in dispute.

Not for the pending sheet (see :mod:`.sheet`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from thematic import schemas
from thematic.codebook import normalise_name, resolver
from thematic.errors import InputError, Problem, raise_if_any
from thematic.ids import FINGERPRINT_PATTERN
from thematic.merge import is_split
from thematic.schemas import columns
from thematic.sheets import Table, read_table

DECISION_WORDS = {
    "present": "present",
    "yes": "present",
    "y": "present",
    "1": "present",
    "true": "present",
    "absent": "absent",
    "no": "absent",
    "n": "absent",
    "0": "absent",
    "false": "absent",
}
REQUIRED_COLUMNS = ("essay_id", "code", "decision")
LAYOUT = (
    "essay_id, code, decision, adjudicator, rationale (and fingerprint, from the pending sheet)"
)
FINGERPRINT = re.compile(FINGERPRINT_PATTERN)


def unit_fingerprints(presence: pd.DataFrame, essay_sha256: Mapping[str, str]) -> pd.DataFrame:
    """essay_id, code and fingerprint of every unit in dispute (schema: Presence in).

    The fingerprint is the first 64 bits of sha256 over the essay file's sha256, the code and
    each coder's verdict (applied or not), coders in id order: it changes when the essay's text
    changes, when a coder changes their verdict, and when a coder joins or leaves. It does not
    change when a coder only moves a segment within the essay (their verdict stands).
    """
    applied = presence.pivot(index=["essay_id", "code"], columns="coder", values="applied")
    split = applied[is_split(applied.sum(axis=1), applied.shape[1])]
    coders = sorted(split.columns)
    verdicts = split[coders].to_numpy(dtype=bool)
    units = split.index.to_frame(index=False)
    units["fingerprint"] = [
        fingerprint(essay_sha256[essay_id], code, dict(zip(coders, row, strict=True)))
        for essay_id, code, row in zip(
            units["essay_id"], units["code"], verdicts.tolist(), strict=True
        )
    ]
    return units


def fingerprint(essay_sha256: str, code: str, verdicts: Mapping[str, bool]) -> str:
    """One unit's fingerprint (see :func:`unit_fingerprints`)."""
    lines = [essay_sha256, code, *(f"{c}={int(v)}" for c, v in sorted(verdicts.items()))]
    return "fp-" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def read_decisions(
    files: Sequence[str | Path], codebook: pd.DataFrame, known_essays: set[str]
) -> pd.DataFrame:
    """Every decision in these files, checked and combined (schema: Decisions).

    Raises one InputError listing every problem in every file: missing columns (naming the file,
    the sheet and what is missing), unknown essays or codes, decisions that are neither present
    nor absent, decisions without an adjudicator, damaged fingerprints, and conflicts.
    """
    names = resolver(codebook)
    problems: list[Problem] = []
    rows: list[dict[str, object]] = []
    for path in sorted(files, key=str):
        try:
            table = read_table(path, what="decisions file")
        except InputError as err:
            problems.extend(err.problems)
            continue
        if _header_problems(table, problems):
            continue
        for number, record in table.rows:
            decided = _decision(table, number, record, names, known_essays, problems)
            if decided is not None:
                rows.append(decided)
    raise_if_any(problems)
    decisions = pd.DataFrame(rows, columns=[*columns(schemas.Decisions), "_numbered"])
    decisions = _combined(decisions, problems)
    raise_if_any(problems)
    return decisions.drop(columns="_numbered").reset_index(drop=True)


def _where(table: Table, number: int) -> dict[str, int]:
    return {table.numbered: number}


def _header_problems(table: Table, problems: list[Problem]) -> bool:
    """Whether the table's header is unusable (problems added): a column named twice, or a
    required column missing."""
    header = [name for name in table.header if name]
    twice = sorted({name for name in header if header.count(name) > 1})
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if twice:
        problems.append(
            Problem(
                table.where,
                f"column(s) {', '.join(twice)} named more than once in the header.",
                f"keep one column of each name: {LAYOUT}.",
                **_where(table, 1),
            )
        )
    if missing:
        problems.append(
            Problem(
                table.where,
                f"missing column(s) {', '.join(missing)} (header: {', '.join(header) or 'none'}).",
                f"a decisions file needs the columns {LAYOUT}; the pending sheet has them all.",
                **_where(table, 1),
            )
        )
    return bool(twice or missing)


def _decision(
    table: Table,
    number: int,
    record: dict[str, str],
    names: dict[str, str],
    known_essays: set[str],
    problems: list[Problem],
) -> dict[str, object] | None:
    """One row as a decision, or None (a row that decides nothing, or a problem recorded)."""
    word = (record.get("decision") or "").strip().casefold()
    if not word:
        return None  # not decided yet: the unit stays pending
    where = _where(table, number)
    essay_id = (record.get("essay_id") or "").strip()
    written = (record.get("code") or "").strip()
    code = names.get(normalise_name(written))
    adjudicator = (record.get("adjudicator") or "").strip()
    mark = (record.get("fingerprint") or "").strip().casefold()
    found: list[tuple[str, str]] = []
    if essay_id not in known_essays:
        found.append((f"essay {essay_id!r} does not exist.", "correct the essay id."))
    if code is None:
        found.append(
            (f"unknown code {written!r}.", "use a code id, label or alias from the codebook.")
        )
    if word not in DECISION_WORDS:
        found.append(
            (
                f"decision {word!r} is neither present nor absent.",
                "write present or absent (or leave it empty: pending).",
            )
        )
    if not adjudicator:
        found.append(
            ("a decision without an adjudicator.", "write who decided in the adjudicator column.")
        )
    if mark and not FINGERPRINT.match(mark):
        found.append(
            (
                "the fingerprint is not one thematic wrote (fp- and 16 hex digits).",
                "copy it from the pending sheet unchanged, or leave it empty.",
            )
        )
    problems.extend(Problem(table.where, what, fix, **where) for what, fix in found)
    if found:
        return None
    return {
        "essay_id": essay_id,
        "code": code,
        "decision": DECISION_WORDS[word],
        "adjudicator": adjudicator,
        "rationale": (record.get("rationale") or "").strip() or None,
        "fingerprint": mark or None,
        "source_file": table.where,
        "source_line": number,
        "_numbered": table.numbered,
    }


def _combined(decisions: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Identical duplicates merged (the first kept); a problem for each conflicting pair."""
    mark = decisions["fingerprint"].fillna("")
    kept = decisions[
        ~decisions.assign(mark=mark).duplicated(["essay_id", "code", "decision", "mark"])
    ]
    # conflicts: two kept rows on one unit with different decisions, on the same evidence
    for _, unit in kept.groupby(["essay_id", "code"], sort=False):
        if unit["decision"].nunique() < 2:
            continue
        rows = unit.to_dict("records")
        for index, later in enumerate(rows):
            earlier = next((row for row in rows[:index] if _conflicting(row, later)), None)
            if earlier is not None:
                problems.append(_conflict(earlier, later))
    return kept


def _conflicting(one: dict[str, object], other: dict[str, object]) -> bool:
    """Different decisions on the same evidence: the same fingerprint, or a row without one."""
    marks = [
        row["fingerprint"] if isinstance(row["fingerprint"], str) else "" for row in (one, other)
    ]
    same_evidence = not all(marks) or marks[0] == marks[1]
    return one["decision"] != other["decision"] and same_evidence


def _conflict(earlier: dict[str, object], later: dict[str, object]) -> Problem:
    place = f"{earlier['source_file']}, {earlier['_numbered']} {earlier['source_line']}"
    return Problem(
        str(later["source_file"]),
        f"essay {later['essay_id']!r}, code {later['code']!r}: decided {later['decision']} "
        f"here, but {earlier['decision']} in {place}, on the same evidence.",
        "keep one of the two: change a decision by editing its row, not by adding another.",
        **{str(later["_numbered"]): int(later["source_line"])},  # type: ignore[arg-type]
    )


def match_decisions(
    decisions: pd.DataFrame, disputed: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The decisions that apply now (one per unit in dispute), and those that do not, with why.

    ``decisions``: schema Decisions. ``disputed``: essay_id, code, fingerprint of every unit in
    dispute now (:func:`unit_fingerprints`). Returns (applied: essay_id, code, decision,
    adjudicator, rationale; unused: schema UnusedDecisions). Of the decisions that apply to a
    unit (all the same by :func:`read_decisions`), a fingerprinted one is preferred, then the
    first by file and line.
    """
    matched = decisions.merge(
        disputed.rename(columns={"fingerprint": "_current"}), on=["essay_id", "code"], how="left"
    )
    in_dispute = matched["_current"].notna()
    marked = matched["fingerprint"].notna()
    stale = in_dispute & marked & (matched["fingerprint"] != matched["_current"])
    matched["reason"] = np.select([~in_dispute, stale], ["not_in_dispute", "stale"], default="")
    usable = matched[matched["reason"] == ""]
    applied = (
        usable.assign(_unmarked=usable["fingerprint"].isna())
        .sort_values(["_unmarked"], kind="stable")
        .drop_duplicates(["essay_id", "code"])
        .sort_index()
    )
    applied = applied[["essay_id", "code", "decision", "adjudicator", "rationale"]]
    unused = matched.loc[matched["reason"] != "", columns(schemas.UnusedDecisions)]
    return applied.reset_index(drop=True), unused.reset_index(drop=True)
