"""A built study handed back to the coders' tools: a REFI-QDA project (``.qdpx``) and codebook
(``.qdc``), as the standard's schemas (REFI-QDA 1.0, ``Project.xsd`` and ``Codebook.xsd``)
define them.

- The codebook: each theme a parent code (not codable), its codes below it. A code's
  ``Description`` is its definition, then its inclusion, exclusion and example as lines
  ``Include: ...``, ``Exclude: ...``, ``Example: ...`` (REFI-QDA has no fields for them; the
  importer reads them back). Aliases have no place in the standard and are not exported.
- The sources: the analysed essays (every coder coded them) whose text the gate cleared or a
  reviewer waived; the others are left out and counted, by id, in the project's description.
  Text as thematic read it, so positions are code points of that text (as the standard says).
- The codings: each coder's segments as that user's codings (one ``PlainTextSelection`` per
  coder and span, a ``Coding`` per code on it), a whole-essay code as a ``Coding`` on the
  source; the consensus (present cells, adjudicated or agreed) as whole-essay codings by the
  user ``consensus``. Pending cells are not exported; neither are memos.

Deterministic: every GUID is a uuid5 of what the element stands for (a code's id, an essay's
id and sha256, a coder's span), no dates are written, and the zip's entries are sorted and
carry a fixed time, so the same build gives the same bytes. Not for reading projects (see
:mod:`thematic.interop.project`).
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from lxml import etree

from thematic.errors import InputError
from thematic.interop.codebook import DESCRIPTION_LINES

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
CONSENSUS_USER = "consensus"
EXPORTABLE_STATUSES = ("cleared", "waived")  # the gate's outcomes whose text may leave the study
# A fixed namespace, so a GUID depends only on what its element stands for.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/thematic/refi-qda-export")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def guid(kind: str, *parts: object) -> str:
    """The GUID of the element of ``kind`` that ``parts`` identify (upper case, as NVivo and
    MAXQDA write them)."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join([kind, *map(str, parts)]))).upper()


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters other than tab
    and line breaks): a selection's name is its quote, and an essay may hold such a character,
    which the source's text file keeps."""
    return NOT_XML.sub("", text)


def code_description(code: pd.Series) -> str:
    """The definition, then the inclusion, exclusion and example that are given, one a line."""
    lines = [str(code["definition"])]
    lines += [f"{name}: {code[field]}" for name, field in DESCRIPTION_LINES.items() if code[field]]
    return "\n".join(lines)


@dataclass(frozen=True)
class ExportedEssays:
    """The essays a project export holds (essay_id, sha256, text, in id order) and the
    analysed essays it leaves out because the gate did not clear their text."""

    essays: pd.DataFrame
    withheld: list[str]


def exported_essays(essays: pd.DataFrame, consensus: pd.DataFrame) -> ExportedEssays:
    """Of ``essays`` (the Essays artifact's rows), those analysed (in ``consensus``) whose text
    may leave the study: cleared or waived, never flagged or quarantined."""
    analysed = essays[essays["essay_id"].isin(set(consensus["essay_id"]))]
    may_leave = analysed["deid_status"].isin(EXPORTABLE_STATUSES) & analysed["text"].notna()
    kept = analysed[may_leave].sort_values("essay_id", ignore_index=True)
    return ExportedEssays(
        kept[["essay_id", "sha256", "text"]], sorted(analysed.loc[~may_leave, "essay_id"])
    )


def _code_elements(maker, codebook: pd.DataFrame) -> list[etree._Element]:  # noqa: ANN001
    """Themes as parent codes (not codable), their codes below them, in codebook order."""
    ordered = codebook.sort_values(["theme_order", "code_order"])
    themes = []
    for theme_id, codes in ordered.groupby("theme", sort=False):
        theme = maker.Code(
            guid=guid("theme", theme_id), name=codes["theme_label"].iat[0], isCodable="false"
        )
        for _, code in codes.iterrows():
            theme.append(
                maker.Code(
                    maker.Description(code_description(code)),
                    guid=guid("code", code["code"]),
                    name=code["label"],
                    isCodable="true",
                )
            )
        themes.append(theme)
    return themes


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def codebook_qdc(codebook: pd.DataFrame, *, origin: str) -> bytes:
    """The codebook as a REFI-QDA codebook file (``.qdc``)."""
    maker = _maker(CODEBOOK_NS)
    return _serialise(maker.CodeBook(maker.Codes(*_code_elements(maker, codebook)), origin=origin))


def _maker(namespace: str):  # noqa: ANN202 - lxml's ElementMaker
    from lxml.builder import ElementMaker

    return ElementMaker(namespace=namespace, nsmap={None: namespace})


def _check_users(coders: Sequence[str]) -> None:
    if CONSENSUS_USER in coders:
        raise InputError.single(
            f"resources/codings/{CONSENSUS_USER}.*",
            f"a coder is named {CONSENSUS_USER!r}, the name the export gives the consensus.",
            "rename that coder's file (the file stem is the coder's id) and run again.",
        )


def project_xml(
    codebook: pd.DataFrame,
    exported: ExportedEssays,
    codings: pd.DataFrame,
    consensus: pd.DataFrame,
    *,
    name: str,
    origin: str,
) -> tuple[bytes, dict[str, str]]:
    """The project XML (``project.qde``) and its source files (name in the zip -> text).

    ``codings``: the Coding artifacts of every coder, concatenated; rows of essays not
    exported, and rows recording that no code applied, are left out."""
    coders = sorted(set(codings["coder"]))
    _check_users(coders)
    users = {coder: guid("user", coder) for coder in [*coders, CONSENSUS_USER]}
    maker = _maker(PROJECT_NS)
    essay_ids = set(exported.essays["essay_id"])
    segments = (
        codings[codings["essay_id"].isin(essay_ids) & codings["code"].notna()]
        .drop_duplicates(["coder", "essay_id", "whole_essay", "start", "end", "code"])
        .sort_values(["essay_id", "whole_essay", "start", "end", "coder", "code"])
    )
    agreed = consensus[consensus["essay_id"].isin(essay_ids) & consensus["present"].eq(True)]
    agreed = agreed.sort_values(["essay_id", "code"])
    by_essay = {essay: rows for essay, rows in segments.groupby("essay_id", sort=False)}
    agreed_by_essay = {essay: rows for essay, rows in agreed.groupby("essay_id", sort=False)}
    sources, files = [], {}
    for essay in exported.essays.itertuples(index=False):
        source_guid = guid("source", essay.essay_id, essay.sha256)
        files[f"sources/{source_guid}.txt"] = essay.text
        source = maker.TextSource(
            guid=source_guid,
            name=essay.essay_id,
            plainTextPath=f"internal://{source_guid}.txt",
        )
        rows = by_essay.get(essay.essay_id, segments.iloc[:0])
        spans = rows[~rows["whole_essay"]]
        for (coder, start, end), on_span in spans.groupby(["coder", "start", "end"], sort=True):
            selection = maker.PlainTextSelection(
                guid=guid("selection", essay.sha256, coder, start, end),
                name=xml_safe(essay.text[start:end]),
                startPosition=str(start),
                endPosition=str(end),
                creatingUser=users[coder],
            )
            for code in sorted(on_span["code"]):
                selection.append(
                    _coding(
                        maker, ("coding", essay.sha256, coder, start, end, code), code, users[coder]
                    )
                )
            source.append(selection)
        whole = rows[rows["whole_essay"]].sort_values(["coder", "code"])
        for coder, code in zip(whole["coder"], whole["code"], strict=True):
            source.append(_coding(maker, ("coding", essay.sha256, coder, code), code, users[coder]))
        for code in agreed_by_essay.get(essay.essay_id, agreed.iloc[:0])["code"]:
            user = users[CONSENSUS_USER]
            source.append(
                _coding(maker, ("coding", essay.sha256, CONSENSUS_USER, code), code, user)
            )
        sources.append(source)
    description = (
        f"Exported by thematic: {len(exported.essays)} analysed essays with every coder's "
        f"codings, and the consensus as whole-essay codings by the user {CONSENSUS_USER!r}."
    )
    if exported.withheld:
        description += (
            f" Left out because the de-identification gate did not clear their text: "
            f"{len(exported.withheld)} analysed essays ({', '.join(exported.withheld)})."
        )
    root = maker.Project(
        maker.Users(*(maker.User(guid=users[u], name=u) for u in users)),
        maker.CodeBook(maker.Codes(*_code_elements(maker, codebook))),
        maker.Sources(*sources),
        maker.Description(description),
        name=name,
        origin=origin,
        creatingUserGUID=users[CONSENSUS_USER],
    )
    if not sources:
        root.remove(root.find(f"{{{PROJECT_NS}}}Sources"))  # the schema wants one source or none
    return _serialise(root), files


def _coding(maker, identity: tuple, code: str, user: str) -> etree._Element:  # noqa: ANN001
    return maker.Coding(
        maker.CodeRef(targetGUID=guid("code", code)), guid=guid(*identity), creatingUser=user
    )


def project_qdpx(project: bytes, files: dict[str, str]) -> bytes:
    """The ``.qdpx`` zip: ``project.qde`` and the sources (UTF-8, no BOM), sorted, dated
    :data:`ZIP_TIME`."""
    out = io.BytesIO()
    entries = {"project.qde": project, **{n: t.encode("utf-8") for n, t in files.items()}}
    with zipfile.ZipFile(out, "w") as archive:
        for entry in sorted(entries):
            info = zipfile.ZipInfo(entry, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[entry])
    return out.getvalue()
