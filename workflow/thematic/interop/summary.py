"""The import summary (``import-summary.md``): what came in from a REFI-QDA project and what did
not, with the reason. Names sources, codes and users; never a word of an essay's text.
"""

from __future__ import annotations

from collections import Counter

from thematic.interop.project import Project
from thematic.interop.study import ImportedStudy


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def render_summary(project: Project, study: ImportedStudy) -> str:
    codebook = study.codebook.document
    n_codes = sum(len(theme["codes"]) for theme in codebook["themes"])
    lines = [
        "# Import summary",
        "",
        f"Imported from `{project.file}` ({project.origin or 'origin not stated'}), "
        f"project {project.name or '(unnamed)'!r}.",
        "",
        f"- sources: {len(study.essays)} text source(s) imported as essays",
        f"- codes: {len(codebook['themes'])} theme(s), {n_codes} code(s)",
        f"- users: {len(project.users)} in the project, {len(study.coders)} of them coders",
        f"- codings: {sum(study.codings.values())} row(s) written",
        f"- not imported: {len(study.skipped)} item(s), listed below",
        "",
        "## Sources",
        "",
    ]
    rows = []
    for placed in study.placed:
        source = placed.source
        rows.append(
            [
                study.essay_of[source.guid],
                source.name,
                len(source.text or ""),
                str(placed.units) if placed.units else "(no selections)",
                len(placed.segments),
                len(placed.reanchored),
            ]
        )
    lines += _table(
        ["essay id", "source", "characters", "positions counted as", "codings", "re-anchored"],
        rows,
    )
    reanchored = [
        (line, how, study.essay_of[p.source.guid])
        for p in study.placed
        for line, how in p.reanchored
    ]
    if reanchored:
        lines += ["", "Selections whose positions disagreed with the text, re-anchored:", ""]
        lines += [f"- {essay}, <Coding> at line {line}: {how}" for line, how, essay in reanchored]
    lines += ["", "## Codes", ""]
    lines += _table(
        ["theme", "codes"],
        [
            [theme["label"], ", ".join(code["id"] for code in theme["codes"])]
            for theme in codebook["themes"]
        ],
    )
    placeholders = study.codebook.placeholder_definitions
    if placeholders:
        lines += [
            "",
            f"{len(placeholders)} code(s) had no description; their definition in "
            "config/codebook.yaml is a placeholder to replace: " + ", ".join(placeholders) + ".",
        ]
    lines += ["", "## Users", ""]
    coder_of = {name: coder for coder, name in study.coders.items()}
    users = [
        [
            coder_of.get(user.name, "(none)"),
            user.name,
            study.codings.get(coder_of.get(user.name, ""), 0),
        ]
        for user in project.users.values()
    ]
    users += [
        [coder, name, study.codings[coder]]
        for coder, name in study.coders.items()
        if name not in {u.name for u in project.users.values()}
    ]
    lines += _table(["coder id", "user", "codings"], sorted(users, key=lambda row: str(row[0])))
    lines += ["", "A user with no coding of a text source gets no coding file."]
    if len(study.coders) < 2:
        lines += [
            "",
            f"Only {len(study.coders)} coder: the study builds, with codes counted from that "
            "coder's coding, but inter-coder agreement needs two or more. For it, put a second "
            "coder's file (their .qdpx export, .xlsx or .csv) in resources/codings/.",
        ]
    whole = sum(1 for p in study.placed for s in p.segments if s.start is None)
    lines += [
        "",
        "## Codings",
        "",
        f"- {sum(study.codings.values())} row(s) in resources/codings/, {whole} of them coding a "
        "whole essay",
    ]
    if study.duplicates:
        lines.append(
            f"- {study.duplicates} coding(s) repeated the same code on the same span by the same "
            "user: written once"
        )
    empty = [(line, study.essay_of[p.source.guid]) for p in study.placed for line in p.empty]
    if empty:
        lines.append(f"- {len(empty)} empty selection(s) (start = end) not imported:")
        lines += [f"  - {essay}, <Coding> at line {line}" for line, essay in empty]
    lines += ["", "## Not imported", ""]
    if study.skipped:
        lines += _table(
            ["what", "name", "codings on it", "reason", "line"],
            [[s.kind, s.name, s.codings, s.reason, s.line or ""] for s in study.skipped],
        )
        kinds = Counter(s.kind for s in study.skipped)
        lines += ["", "By kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + "."]
    else:
        lines.append("Nothing: every part of the project was imported.")
    return "\n".join(lines) + "\n"
