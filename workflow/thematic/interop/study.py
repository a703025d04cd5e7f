"""A whole REFI-QDA project as a new thematic study: essays, the codebook, one coding file per
user, and a summary of what was and was not imported. Pure: the files come back as text, and
``thematic import-qdpx`` writes them (see :mod:`thematic.commands.import_qdpx`).

Essays keep their text as written, line endings included (a CRLF stays a CRLF): offsets in the
coding files are code points of exactly the text in ``resources/essays/<id>.txt``, and each
quote is that text at its offsets. Only a BOM is dropped. Not for a coder's project in a
running study (see :mod:`thematic.interop.coders`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import yaml

from thematic.interop.codebook import ImportedCodebook, convert_codes
from thematic.interop.naming import IdAllocator, coder_ids, essay_id
from thematic.interop.project import Project, Skipped
from thematic.interop.segments import SourceSegments, project_segments

LONE_CR = re.compile("\r(?!\n)")
CODING_COLUMNS = ("coder", "essay_id", "code", "start", "end", "quote", "memo")


@dataclass
class ImportedStudy:
    """The files of the study folder, by path relative to it, and what the summary reports."""

    files: dict[str, str]
    essays: dict[str, str]  # essay id -> source name
    coders: dict[str, str]  # coder id -> user name
    codings: dict[str, int]  # coder id -> rows written
    codebook: ImportedCodebook
    placed: list[SourceSegments]
    essay_of: dict[str, str]  # source GUID -> essay id
    duplicates: int
    skipped: list[Skipped] = field(default_factory=list)


def build_study(project: Project) -> ImportedStudy:
    """Convert a read project; raises InputError for what cannot be imported faithfully."""
    where = project.file
    placed = project_segments(project, where)
    used_users = {s.user_guid for source in placed for s in source.segments}
    coders = coder_ids(project.users, used_users, where)
    coded = {s.code_guid for source in placed for s in source.segments}
    codebook = convert_codes(project.codes, coded=coded, name=project.name, origin=project.origin)
    ids = IdAllocator()
    essay_of = {
        source.guid: ids.take(essay_id(source.name, source.guid)) for source in project.sources
    }
    rows: dict[str, dict[tuple, list[str]]] = {coder: {} for coder in sorted(set(coders.values()))}
    duplicates = 0
    for source in placed:
        text = source.source.text or ""
        essay = essay_of[source.source.guid]
        for segment in source.segments:
            whole = segment.start is None
            span = (-1, -1) if whole else (segment.start, segment.end)
            key = (essay, *span, codebook.code_ids[segment.code_guid])
            coder = coders[segment.user_guid]
            if key in rows[coder]:
                duplicates += 1  # the same code on the same span twice: one row
                continue
            rows[coder][key] = [
                coder,
                essay,
                codebook.code_ids[segment.code_guid],
                "" if whole else str(segment.start),
                "" if whole else str(segment.end),
                "" if whole else text[segment.start : segment.end],
                " ".join(segment.memo.split()),
            ]
    files = {
        f"resources/essays/{essay_of[source.guid]}.txt": source.text or ""
        for source in project.sources
    }
    files["config/codebook.yaml"] = codebook_yaml(codebook, project)
    files["config/config.yaml"] = config_yaml(project)
    for coder, by_key in rows.items():
        files[f"resources/codings/{coder}.csv"] = coding_csv([by_key[k] for k in sorted(by_key)])
    names = {coders[g]: (project.users[g].name if g in project.users else g) for g in coders}
    return ImportedStudy(
        files=files,
        essays={essay_of[s.guid]: s.name for s in project.sources},
        coders=names,
        codings={coder: len(by_key) for coder, by_key in rows.items()},
        codebook=codebook,
        placed=placed,
        essay_of=essay_of,
        duplicates=duplicates,
        skipped=[*project.skipped, *codebook.skipped],
    )


def coding_csv(rows: list[list[str]]) -> str:
    """Rows in the canonical coding format. A field holding a lone CR is quoted like any line
    break only when every field is quoted (the csv module quotes CR only when it ends lines)."""
    lone_cr = any(LONE_CR.search(value) for row in rows for value in row)
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer, lineterminator="\n", quoting=csv.QUOTE_ALL if lone_cr else csv.QUOTE_MINIMAL
    )
    writer.writerow(CODING_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def codebook_yaml(codebook: ImportedCodebook, project: Project) -> str:
    header = (
        f"# Codebook imported by `thematic import-qdpx` from {project.file}\n"
        f"# ({project.origin or 'REFI-QDA project'}). Top-level codes are themes; deeper codes are\n"
        "# flattened, their path kept in the label. Ids are derived from the names.\n"
    )
    return header + yaml.safe_dump(
        codebook.document, sort_keys=False, allow_unicode=True, width=100
    )


def config_yaml(project: Project) -> str:
    config = {
        "essays_dir": "resources/essays",
        "codebook": "config/codebook.yaml",
        "codings_dir": "resources/codings",
        "report": {"title": project.name or "Imported REFI-QDA project"},
    }
    return "# A study imported by `thematic import-qdpx`.\n" + yaml.safe_dump(
        config, sort_keys=False, allow_unicode=True
    )
