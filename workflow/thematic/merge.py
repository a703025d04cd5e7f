"""Merging coders: which essays are analysed, who applied what, where coders differ, and the
consensus after adjudication.

A unit is an (essay, code) pair. Coders agree on a unit when all of them applied the code or
none did; every other unit needs an adjudicator's decision and stays ``pending`` until it has
one. Not for agreement statistics (see :mod:`thematic.agreement`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from thematic import schemas
from thematic.codebook import lookup, normalise_name, resolver
from thematic.errors import Problem, check_header, raise_if_any
from thematic.schemas import columns
from thematic.textio import read_text

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


def coverage(
    essays: pd.DataFrame,
    codings: dict[str, pd.DataFrame],
    excluded_statuses: Sequence[str] = ("quarantined",),
) -> pd.DataFrame:
    """Per essay: analysed (every coder coded it), partially_coded, awaiting_coding, quarantined."""
    coders = sorted(codings)
    done = {c: set(codings[c]["essay_id"]) for c in coders}
    rows = []
    for essay_id, status in zip(essays["essay_id"], essays["deid_status"], strict=True):
        have = [c for c in coders if essay_id in done[c]]
        missing = [c for c in coders if essay_id not in done[c]]
        if status in excluded_statuses:
            state = "quarantined"
        elif coders and not missing:
            state = "analysed"
        elif have:
            state = "partially_coded"
        else:
            state = "awaiting_coding"
        rows.append(
            {
                "essay_id": essay_id,
                "status": state,
                "coders_done": ", ".join(have),
                "coders_missing": ", ".join(missing),
            }
        )
    return pd.DataFrame(rows, columns=columns(schemas.Coverage))


def presence(
    coverage_table: pd.DataFrame, codings: dict[str, pd.DataFrame], codebook: pd.DataFrame
) -> pd.DataFrame:
    """Essay x code x coder over analysed essays: applied (bool) and n_segments."""
    analysed = coverage_table.loc[coverage_table["status"] == "analysed", "essay_id"]
    grid = pd.MultiIndex.from_product(
        [sorted(analysed), list(codebook["code"]), sorted(codings)],
        names=["essay_id", "code", "coder"],
    )
    segments = pd.concat(
        [c[["essay_id", "code", "coder"]] for c in codings.values()], ignore_index=True
    ).dropna(subset=["code"])
    counts = segments.groupby(["essay_id", "code", "coder"]).size()
    n_segments = counts.reindex(grid, fill_value=0).astype("int64")
    table = n_segments.rename("n_segments").reset_index()
    table["applied"] = table["n_segments"] > 0
    return table[columns(schemas.Presence)]


def unit_votes(presence_table: pd.DataFrame) -> pd.DataFrame:
    """Per (essay, code): how many coders applied the code, out of how many."""
    votes = presence_table.groupby(["essay_id", "code"], sort=False).agg(
        n_applied=("applied", "sum"), n_coders=("applied", "size")
    )
    return votes.reset_index()


def is_split(n_applied: pd.Series, n_coders: pd.Series | int) -> pd.Series:
    """Whether a unit is split between coders: some applied the code and some did not. The one
    definition of a disagreement; every other unit is agreed (all applied it, or none did)."""
    return (n_applied > 0) & (n_applied < n_coders)


def disagreements(
    presence_table: pd.DataFrame, codebook: pd.DataFrame, decisions: pd.DataFrame
) -> pd.DataFrame:
    """Units where coders differ, with the adjudicator's decision where there is one."""
    applied = presence_table.pivot(index=["essay_id", "code"], columns="coder", values="applied")
    split = applied[is_split(applied.sum(axis=1), applied.shape[1])]
    coders = sorted(split.columns)
    flags = split[coders].to_numpy(dtype=bool)
    table = split.index.to_frame(index=False)
    table["theme"] = table["code"].map(lookup(codebook, "theme"))
    table["coders_applied"] = _names_where(flags, coders)
    table["coders_not_applied"] = _names_where(~flags, coders)
    ruled = decisions[["essay_id", "code", "decision"]]
    table = table.merge(ruled, on=["essay_id", "code"], how="left")
    table["status"] = np.where(table["decision"].notna(), "adjudicated", "pending")
    return _in_codebook_order(table, codebook)


def _names_where(flags: np.ndarray, names: Sequence[str]) -> list[str]:
    """Per row, the names whose flag is set, ', '-joined (few coders, many rows)."""
    return [", ".join(n for n, f in zip(names, row, strict=True) if f) for row in flags.tolist()]


def read_decisions(
    path: str | Path | None, codebook: pd.DataFrame, known_essays: set[str]
) -> pd.DataFrame:
    """Adjudication decisions: essay_id, code, decision (present/absent), adjudicator, rationale.

    Extra columns (such as those of ``pending.csv``) are ignored, so a filled-in pending sheet
    can be appended as it is. Rows with an empty decision are still pending.
    """
    columns = ["essay_id", "code", "decision", "adjudicator", "rationale", "source_line"]
    if path is None or not Path(path).exists():
        return pd.DataFrame(columns=columns)
    file = str(path)
    text = read_text(path, what="decisions file", allow_empty=True)
    if not text.strip():
        return pd.DataFrame(columns=columns)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    check_header(
        file,
        list(reader.fieldnames or []),
        ["essay_id", "code", "decision"],
        "essay_id,code,decision,adjudicator,rationale",
    )
    names = resolver(codebook)
    problems: list[Problem] = []
    rows: list[dict[str, object]] = []
    seen: dict[tuple[str, str], int] = {}
    for record in reader:
        line = reader.line_num
        essay_id = (record.get("essay_id") or "").strip()
        written = (record.get("code") or "").strip()
        word = (record.get("decision") or "").strip().casefold()
        if not (essay_id or written or word):
            continue
        code = names.get(normalise_name(written))
        if essay_id not in known_essays:
            problems.append(
                Problem(
                    file, f"essay {essay_id!r} does not exist.", "correct the essay id.", line=line
                )
            )
            continue
        if code is None:
            problems.append(
                Problem(
                    file,
                    f"unknown code {written!r}.",
                    "use a code id, label or alias from the codebook.",
                    line=line,
                )
            )
            continue
        if word and word not in DECISION_WORDS:
            problems.append(
                Problem(
                    file,
                    f"decision {word!r} is neither present nor absent.",
                    "write present or absent (or leave it empty: pending).",
                    line=line,
                )
            )
            continue
        if (essay_id, code) in seen:
            problems.append(
                Problem(
                    file,
                    f"a second decision for essay {essay_id!r}, code {code!r} "
                    f"(first on line {seen[(essay_id, code)]}).",
                    "keep one decision per unit.",
                    line=line,
                )
            )
            continue
        seen[(essay_id, code)] = line
        if not word:
            continue
        rows.append(
            {
                "essay_id": essay_id,
                "code": code,
                "decision": DECISION_WORDS[word],
                "adjudicator": (record.get("adjudicator") or "").strip() or None,
                "rationale": (record.get("rationale") or "").strip() or None,
                "source_line": line,
            }
        )
    raise_if_any(problems)
    return pd.DataFrame(rows, columns=columns)


def consensus(
    presence_table: pd.DataFrame, codebook: pd.DataFrame, decisions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The consensus essay x code table, and the decisions that were not needed.

    Agreed units take the coders' common value; split units take the decision, else pending.
    A decision on a unit where coders agree is not applied: it is returned for the report.
    """
    votes = unit_votes(presence_table)
    decided = votes.merge(decisions, on=["essay_id", "code"], how="left")
    split = is_split(decided["n_applied"], decided["n_coders"])
    has_decision = decided["decision"].notna()
    decided["decided_by"] = np.select(
        [~split, has_decision], ["agreed", "adjudicated"], default="pending"
    )
    present = pd.array(decided["n_applied"] > 0, dtype="boolean")
    present[split.to_numpy()] = pd.NA
    ruled = (split & has_decision).to_numpy()
    present[ruled] = (decided.loc[ruled, "decision"] == "present").to_numpy()
    decided["present"] = present
    unused = decided.loc[~split & has_decision, ["essay_id", "code", "decision", "source_line"]]
    for column in ("adjudicator", "rationale"):
        decided[column] = decided[column].where(decided["decided_by"] == "adjudicated", None)
    decided["theme"] = decided["code"].map(lookup(codebook, "theme"))
    decided = decided.rename(columns={"n_applied": "n_coders_applied"})
    agreed = decided[columns(schemas.Consensus)]
    return _in_codebook_order(agreed, codebook), unused.reset_index(drop=True)


def pending_sheet(
    disagreement_table: pd.DataFrame, codebook: pd.DataFrame, codings: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """The adjudication sheet: every pending unit with each coder's quotes, decision left blank."""
    pending = disagreement_table.loc[
        disagreement_table["status"] == "pending",
        ["essay_id", "code", "coders_applied", "coders_not_applied"],
    ]
    segments = pd.concat(list(codings.values()), ignore_index=True)
    segments = segments.merge(pending[["essay_id", "code"]], on=["essay_id", "code"])
    segments = segments.sort_values(["coder", "start", "end"])
    shown = segments["quote"].fillna("").str.split().str.join(" ")
    shown = shown.where(~segments["whole_essay"].astype(bool), "(whole essay)")
    segments = segments.assign(
        quotes=segments["coder"]
        + " ["
        + segments["start"].astype(str)
        + "-"
        + segments["end"].astype(str)
        + "]: "
        + shown
    )
    quotes = segments.groupby(["essay_id", "code"], sort=False)["quotes"].agg(" | ".join)
    sheet = pending.merge(quotes.reset_index(), on=["essay_id", "code"], how="left")
    sheet["code_label"] = sheet["code"].map(lookup(codebook, "label"))
    for column in ("decision", "adjudicator", "rationale"):
        sheet[column] = ""
    return sheet[columns(schemas.Pending)].reset_index(drop=True)


def _in_codebook_order(frame: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    order = lookup(codebook, "code_order")
    return (
        frame.assign(_order=frame["code"].map(order))
        .sort_values(["essay_id", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
