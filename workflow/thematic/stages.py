"""The I/O edge of each pipeline stage: read the stage's inputs, call the pure functions, write
validated artifacts. One function per Snakemake rule, named after it; each takes plain paths, so
every stage runs and is tested without Snakemake.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from thematic import agreement as agreement_stats
from thematic import audit, deid, merge, provenance, report, schemas, themes
from thematic import codebook as codebook_mod
from thematic import coding as coding_mod
from thematic import ingest as ingest_mod
from thematic.errors import InputError
from thematic.io import (
    artifact_metadata,
    atomic_write_bytes,
    atomic_write_text,
    read_artifact,
    write_artifact,
)

log = logging.getLogger("thematic")
Paths = Sequence[str | Path]
POLICIES = ("quarantine", "block", "warn")


def ingest_shard(
    *,
    essays: Paths,
    waivers: str | None,
    study_dir: str,
    policy: str,
    out_essays: str,
    out_findings: str,
    out_status: str,
    code: str = "",
) -> None:
    """Read one shard's essay files, screen them for PHI, and withhold the text of any essay
    the gate does not clear. The text of a quarantined essay is never written anywhere."""
    essays = list(essays or [])  # an empty shard still writes (empty) artifacts
    frame = ingest_mod.read_essays(essays)
    key = deid.load_key(Path(study_dir))
    findings = deid.scan_essays(frame[["essay_id", "sha256", "text"]], key=key)
    findings = deid.apply_waivers(findings, deid.read_waivers(waivers))
    status = deid.essay_status(frame[["essay_id", "sha256", "text"]], findings)
    if policy == "warn":
        status["status"] = status["status"].replace({"quarantined": "flagged"})
    frame = frame.merge(
        status[["essay_id", "status"]].rename(columns={"status": "deid_status"}),
        on="essay_id",
        how="left",
    )
    frame["text"] = frame["text"].where(frame["deid_status"] != "quarantined", None)
    inputs = [*essays, *([waivers] if waivers and Path(waivers).exists() else [])]
    params = {"policy": policy}
    write_artifact(frame, out_essays, schemas.Essays, inputs=inputs, params=params)
    write_artifact(findings, out_findings, schemas.DeidFindings, inputs=inputs, params=params)
    write_artifact(status, out_status, schemas.DeidStatus, inputs=inputs, params=params)
    log.info(
        "shard: %d essays, %d quarantined",
        len(frame),
        int((frame["deid_status"] == "quarantined").sum()),
    )


def ingest(*, shards: Paths, manifest: str | None, out: str, code: str = "") -> None:
    """Concatenate the essay shards into results/ingest/essays.parquet, with the manifest's
    metadata columns (``meta_*``) joined on."""
    frames = [read_artifact(p) for p in shards]
    essays = pd.concat(frames, ignore_index=True).sort_values("essay_id", ignore_index=True)
    inputs = list(shards)
    if manifest and Path(manifest).exists():
        meta = ingest_mod.read_manifest(manifest, known_ids=set(essays["essay_id"]))
        essays = essays.merge(meta, on="essay_id", how="left")
        inputs.append(manifest)
    write_artifact(essays, out, schemas.Essays, inputs=inputs)


def deid_gate(
    *,
    findings: Paths,
    status: Paths,
    policy: str,
    out_findings: str,
    out_status: str,
    code: str = "",
) -> None:
    """Gather the shards' findings and verdicts; under the ``block`` policy, stop the run."""
    all_findings = pd.concat([read_artifact(p) for p in findings], ignore_index=True)
    all_status = pd.concat([read_artifact(p) for p in status], ignore_index=True)
    all_findings = all_findings.sort_values(
        ["essay_id", "start", "end", "category"], ignore_index=True
    )
    all_status = all_status.sort_values("essay_id", ignore_index=True)
    params = {"policy": policy}
    write_artifact(all_findings, out_findings, schemas.DeidFindings, inputs=findings, params=params)
    write_artifact(all_status, out_status, schemas.DeidStatus, inputs=status, params=params)
    flagged = all_status[all_status["status"].isin(["quarantined", "flagged"])]
    for row in flagged.itertuples(index=False):
        log.warning("deid: essay %s %s (%s)", row.essay_id, row.status, row.category_counts)
    if policy == "block" and len(flagged):
        listing = "; ".join(
            f"{r.essay_id} {categories(r.category_counts)}" for r in flagged.itertuples(index=False)
        )
        raise InputError.single(
            out_status,
            f"deid policy 'block': residual PHI found in {len(flagged)} essay(s): {listing}.",
            "de-identify those essays, or waive false positives in resources/deid/waivers.csv "
            "(see results/deid/findings.parquet for positions and fingerprints).",
        )


def categories(category_counts: str) -> str:
    counts = json.loads(category_counts)
    return "(" + ", ".join(f"{k}: {v}" for k, v in counts.items()) + ")"


def build_codebook(*, codebook: str, out: str, code: str = "") -> None:
    """Check config/codebook.yaml and flatten it to results/codebook/codebook.parquet."""
    write_artifact(codebook_mod.load_codebook(codebook), out, schemas.Codebook, inputs=[codebook])


def apply_codebook(
    *, coding: str, codebook: str, essays: Paths, coder: str, out: str, code: str = ""
) -> None:
    """Resolve and check one coder's file into results/coding/<coder>.parquet.

    ``essays``: the screened essay shards (quarantined essays have no text there).
    """
    rows = coding_mod.read_coding_file(coding)
    essay_table = pd.concat(
        [pd.read_parquet(p, columns=["essay_id", "text"]) for p in essays], ignore_index=True
    )
    result, skipped = coding_mod.apply_codebook(
        rows,
        coder=coder,
        codebook=read_artifact(codebook, schemas.Codebook),
        essays=essay_table,
        file=str(coding),
    )
    if skipped:
        log.warning(
            "%s: %d row(s) for essays withheld by the deid gate were skipped", coding, skipped
        )
    result, withheld = withhold_identifying_memos(result)
    for line, categories_found in withheld:
        log.warning(
            "%s, line %d: memo withheld, the deid check found %s in it; rewrite the memo "
            "without identifiers",
            coding,
            line,
            ", ".join(categories_found),
        )
    write_artifact(result, out, schemas.Coding, inputs=[coding, codebook, *essays])


def withhold_identifying_memos(
    coding: pd.DataFrame,
) -> tuple[pd.DataFrame, list[tuple[int, list[str]]]]:
    """Coders' memos are free text too: a memo with a deid finding is dropped (null), and its
    line and categories returned, never its text. Quotes need no scan: they are cut from
    essays the gate has cleared."""
    written = coding["memo"].dropna().astype(str)
    # once per distinct memo: coders repeat theirs ("borderline", "see above") over many rows
    found = {memo: sorted({f.category for f in deid.scan_text(memo)}) for memo in set(written)}
    flagged = written[[bool(found[memo]) for memo in written]]
    memos = coding["memo"].copy()
    memos.loc[flagged.index] = None
    lines = coding.loc[flagged.index, "source_line"]
    withheld = [(int(line), found[memo]) for line, memo in zip(lines, flagged, strict=True)]
    return coding.assign(memo=memos), withheld


def merge_coders(
    *,
    codings: Paths,
    codebook: str,
    essays: Paths,
    decisions: str | None,
    out_presence: str,
    out_disagreements: str,
    out_consensus: str,
    out_pending: str,
    out_unused: str,
    code: str = "",
) -> None:
    """Presence, disagreements, consensus and the pending adjudication sheet, over the essays
    every coder has coded and the gate has cleared.

    ``essays``: the shards of coded essays (their ids and deid verdicts; texts are not read).
    """
    book = read_artifact(codebook, schemas.Codebook)
    essay_table = _shard_verdicts(essays)
    coder_tables = {Path(p).stem: read_artifact(p, schemas.Coding) for p in codings}
    ruled = merge.read_decisions(decisions, book, set(essay_table["essay_id"]))
    cover = merge.coverage(essay_table, coder_tables)
    present = merge.presence(cover, coder_tables, book)
    split = merge.disagreements(present, book, ruled)
    agreed, unused = merge.consensus(present, book, ruled)
    inputs = [*codings, codebook, *essays, *([decisions] if decisions else [])]
    write_artifact(present, out_presence, schemas.Presence, inputs=inputs)
    write_artifact(split, out_disagreements, schemas.Disagreements, inputs=inputs)
    write_artifact(agreed, out_consensus, schemas.Consensus, inputs=inputs)
    atomic_write_text(
        out_pending,
        merge.pending_sheet(split, book, coder_tables).to_csv(index=False, lineterminator="\n"),
    )
    atomic_write_text(out_unused, unused.to_csv(index=False, lineterminator="\n"))
    log.info(
        "merge: %d analysed essays, %d disagreements, %d pending",
        int((cover["status"] == "analysed").sum()),
        len(split),
        int((split["status"] == "pending").sum()),
    )


def coverage(*, codings: Paths, essays: Paths, out: str, code: str = "") -> None:
    """results/merge/coverage.parquet: every essay's standing (analysed, partially_coded,
    awaiting_coding, quarantined) and which coders have coded it.

    ``essays``: every shard, the "uncoded" one included (ids and deid verdicts only).
    """
    coder_tables = {
        Path(p).stem: pd.read_parquet(p, columns=["essay_id"]).drop_duplicates() for p in codings
    }
    write_artifact(
        merge.coverage(_shard_verdicts(essays), coder_tables),
        out,
        schemas.Coverage,
        inputs=[*codings, *essays],
    )


def _shard_verdicts(shards: Paths) -> pd.DataFrame:
    """essay_id and deid_status of every essay in these shards, sorted by id."""
    return pd.concat(
        [pd.read_parquet(p, columns=["essay_id", "deid_status"]) for p in shards],
        ignore_index=True,
    ).sort_values("essay_id", ignore_index=True)


def agreement(
    *,
    presence: str,
    codings: Paths,
    essays: Paths,
    codebook: str,
    n_boot: int,
    seed: int,
    min_overlap: float,
    out: str,
    out_pairwise: str,
    code: str = "",
) -> None:
    """Inter-coder agreement over analysed essays at three units of analysis (essay presence,
    segment overlap, characters), per code, theme and overall; and coder-pair tables.

    The analysed essays are those of ``presence`` (every coder coded them, the gate cleared them).
    """
    present = read_artifact(presence, schemas.Presence)
    book = read_artifact(codebook, schemas.Codebook)
    # looked up by hash in the distinct ids: a Python set of every row's Arrow string, then
    # isin's scalar per id, took seconds at 100,000 essays
    analysed = pd.Index(present["essay_id"].unique())
    segments = pd.concat(  # the span columns only: carrying quotes and memos along was slow
        [read_artifact(p, schemas.Coding)[list(agreement_stats.SPAN_COLUMNS)] for p in codings],
        ignore_index=True,
    )
    segments = segments[analysed.get_indexer(segments["essay_id"]) >= 0]
    lengths = pd.concat(  # the essay shards' lengths; the texts are not read
        [pd.read_parquet(p, columns=["essay_id", "n_chars"]) for p in essays], ignore_index=True
    )
    lengths = lengths[analysed.get_indexer(lengths["essay_id"]) >= 0]
    options = {"n_boot": n_boot, "seed": seed}
    # the three units resample the same analysed essays: drawn once, the very draws each unit
    # would make from the seed
    resamples = agreement_stats.Resamples(n_boot, seed)
    by_presence = agreement_stats.presence_agreement(present, book, resamples=resamples)
    by_segment = agreement_stats.segment_agreement(
        segments, book, min_overlap=min_overlap, resamples=resamples
    )
    by_character = agreement_stats.character_agreement(segments, lengths, book, resamples=resamples)
    table = pd.concat([by_presence, by_segment, by_character], ignore_index=True)
    inputs = [presence, *codings, *essays, codebook]
    params = {**options, "min_overlap": min_overlap}
    write_artifact(table, out, schemas.Agreement, inputs=inputs, params=params)
    coders = sorted(present["coder"].unique())
    if len(coders) == 2:  # the one pair's table is the main one (with its bootstrap intervals)
        pairs = by_presence.assign(coder_a=coders[0], coder_b=coders[1])
    else:
        pairs = agreement_stats.pairwise_agreement(present, book)
    write_artifact(pairs, out_pairwise, schemas.AgreementPairwise, inputs=inputs, params=params)


def tabulate(
    *,
    consensus: str,
    presence: str,
    codebook: str,
    out_codes: str,
    out_themes: str,
    out_cooccurrence: str,
    code: str = "",
) -> None:
    """Essays per code and theme (consensus and each coder) and consensus co-occurrence.

    N is the number of analysed essays, those of ``presence``.
    """
    agreed = read_artifact(consensus, schemas.Consensus)
    present = read_artifact(presence, schemas.Presence)
    book = read_artifact(codebook, schemas.Codebook)
    n_total = int(present["essay_id"].nunique())
    inputs = [consensus, presence, codebook]
    write_artifact(
        themes.code_counts(agreed, present, book, n_total),
        out_codes,
        schemas.CodeCounts,
        inputs=inputs,
    )
    write_artifact(
        themes.theme_counts(agreed, present, book, n_total),
        out_themes,
        schemas.ThemeCounts,
        inputs=inputs,
    )
    write_artifact(
        themes.cooccurrence(agreed, book), out_cooccurrence, schemas.Cooccurrence, inputs=inputs
    )


def build_report(
    *,
    codebook: str,
    codebook_yaml: str,
    coverage: str,
    deid_status: str,
    disagreements: str,
    unused: str,
    agreement: str,
    code_counts: str,
    theme_counts: str,
    cooccurrence: str,
    presence: str,
    consensus: str,
    codings: Paths,
    title: str,
    policy: str,
    out: str,
    out_html: str,
    out_methods: str,
    out_figures: Paths,
    out_pngs: Paths,
    code: str = "",
) -> None:
    """results/report.md and results/report/ (index.html, methods.md, figures) from the
    artifacts, never from essay text: the coders' segments carry quotes, and any of an essay
    the gate did not clear is blanked before the report sees it."""
    status = read_artifact(deid_status, schemas.DeidStatus)
    segments = pd.concat([read_artifact(p, schemas.Coding) for p in codings], ignore_index=True)
    identity = codebook_mod.codebook_identity(codebook_yaml)
    provenance_of_agreement = artifact_metadata(agreement)
    unused_decisions = (
        pd.read_csv(unused, dtype=str)
        if Path(unused).read_text().strip()
        else pd.DataFrame(columns=["essay_id", "code", "decision", "source_line"])
    )
    artifacts = report.ReportArtifacts(
        codebook=read_artifact(codebook, schemas.Codebook),
        coverage=read_artifact(coverage, schemas.Coverage),
        deid_status=status,
        disagreements=read_artifact(disagreements, schemas.Disagreements),
        agreement=read_artifact(agreement, schemas.Agreement),
        code_counts=read_artifact(code_counts, schemas.CodeCounts),
        theme_counts=read_artifact(theme_counts, schemas.ThemeCounts),
        cooccurrence=read_artifact(cooccurrence, schemas.Cooccurrence),
        presence=read_artifact(presence, schemas.Presence),
        consensus=read_artifact(consensus, schemas.Consensus),
        segments=report.withhold_unquotable(segments, status),
        unused_decisions=unused_decisions,
        codebook_name=identity["name"],
        codebook_version=identity["version"],
        provenance=provenance_of_agreement,
        agreement_params=json.loads(provenance_of_agreement.get("thematic.params", "{}")),
    )
    files = report.report_files(
        artifacts,
        title=title,
        policy=policy,
        software=report.software_versions(provenance_of_agreement),
    )
    targets = {report.MARKDOWN: out, report.HTML: out_html, report.METHODS: out_methods}
    for path in [*out_figures, *out_pngs]:
        targets[f"{report.FIGURE_DIR}/{Path(path).name}"] = str(path)
    if set(targets) != set(files):
        raise AssertionError(f"report outputs {sorted(targets)} differ from files {sorted(files)}")
    for name, payload in files.items():
        atomic_write_bytes(targets[name], payload)


def audit_manifest(*, artifacts: Paths, out: str, code: str = "") -> None:
    """results/audit/manifest.parquet: every artifact's sha256, rows, schema and inputs."""
    write_artifact(audit.manifest_table(artifacts), out, schemas.AuditManifest, inputs=artifacts)


STAGES: dict[str, Callable[..., None]] = {
    "ingest_shard": ingest_shard,
    "ingest": ingest,
    "deid": deid_gate,
    "codebook": build_codebook,
    "apply_codebook": apply_codebook,
    "merge": merge_coders,
    "coverage": coverage,
    "agreement": agreement,
    "themes": tabulate,
    "report": build_report,
    "audit": audit_manifest,
}


def run_snakemake_job(smk: Any) -> None:
    """Entry point of ``workflow/scripts/run_stage.py``: run the rule's stage, log to its log.

    Bad input ends the job with the message (file, line, what, how to fix) and exit status 1;
    no traceback, and Snakemake removes the job's outputs.
    """
    log_path = smk.log[0] if smk.log else None
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_path:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    logging.basicConfig(
        level=logging.INFO,
        handlers=handlers,
        force=True,
        format=f"[{smk.rule}] %(levelname)s %(message)s",
    )
    kwargs: dict[str, Any] = {}
    for source, prefix in ((smk.input, ""), (smk.output, "out_"), (smk.params, "")):
        for name, value in source.items():
            if isinstance(value, list):  # Snakemake's named lists; an absent optional input is []
                value = list(value) or None
            kwargs[name if prefix == "" or name == "out" else prefix + name] = value
    provenance.set_run_context(smk.config, smk.config.get("codebook"))
    try:
        STAGES[smk.rule](**kwargs)
    except InputError as err:
        log.error("%s", err)
        sys.exit(1)
