"""The de-identification gate's policy: what the pipeline does with the deid verdicts.

:mod:`thematic.deid` finds residual identifiers and gives each essay a verdict (cleared, waived,
quarantined); this module decides what follows under the study's policy:

- ``quarantine``: an essay with unwaived findings keeps its row but loses its text, so nothing
  downstream (codings, quotes, exports, the report) can carry it;
- ``warn``: such an essay is ``flagged`` and kept in the analysis;
- ``block``: the run stops, naming the essays and categories (never the text).

Also the same rule for coders' memos, which are free text too, and where the key of the
findings' fingerprints comes from (said once per run and in the report, not per job). Not for
detection (see :mod:`thematic.deid`).
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pandas as pd

from thematic import deid
from thematic.deid.fingerprint import DEFAULT_KEY, KEY_ENV, KEY_FILE
from thematic.errors import InputError

POLICIES = ("quarantine", "block", "warn")
# The verdicts under which an essay's text is kept (quarantined essays lose theirs).
TEXT_KEPT = ("cleared", "waived", "flagged")


def _check(policy: str) -> None:
    if policy not in POLICIES:
        raise ValueError(f"deid policy {policy!r} is not one of {', '.join(POLICIES)}")


def apply_policy(status: pd.DataFrame, policy: str) -> pd.DataFrame:
    """The verdicts under ``policy``: under ``warn`` a quarantined essay is ``flagged``."""
    _check(policy)
    if policy != "warn":
        return status
    return status.assign(status=status["status"].replace({"quarantined": "flagged"}))


def withhold_text(essays: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """``essays`` with ``deid_status`` joined on and ``text`` nulled where the verdict is
    quarantined: the text of such an essay is never written anywhere."""
    verdicts = status[["essay_id", "status"]].rename(columns={"status": "deid_status"})
    screened = essays.merge(verdicts, on="essay_id", how="left")
    screened["text"] = screened["text"].where(screened["deid_status"].isin(TEXT_KEPT), None)
    return screened


def flagged(status: pd.DataFrame) -> pd.DataFrame:
    """The essays with unwaived findings (quarantined, or flagged under ``warn``)."""
    return status[status["status"].isin(["quarantined", "flagged"])]


def enforce_block(status: pd.DataFrame, policy: str, file: str) -> None:
    """Under ``block``, stop the run when any essay has unwaived findings, naming each essay
    and its categories (counts only)."""
    _check(policy)
    found = flagged(status)
    if policy != "block" or found.empty:
        return
    listing = "; ".join(
        f"{row.essay_id} {_categories(row.category_counts)}" for row in found.itertuples()
    )
    raise InputError.single(
        file,
        f"deid policy 'block': residual PHI found in {len(found)} essay(s): {listing}.",
        "de-identify those essays, or waive false positives in resources/deid/waivers.csv "
        "(see results/deid/findings.parquet for positions and fingerprints).",
    )


def _categories(category_counts: str) -> str:
    counts = json.loads(category_counts)
    return "(" + ", ".join(f"{k}: {v}" for k, v in counts.items()) + ")"


def withhold_identifying_memos(
    coding: pd.DataFrame,
) -> tuple[pd.DataFrame, list[tuple[int, list[str]]]]:
    """Coders' memos are free text too: a memo with a deid finding is dropped (null), and its
    line and categories returned, never its text. Quotes need no scan: they are cut from
    essays the gate has cleared."""
    written = coding["memo"].dropna().astype(str)
    # once per distinct memo: coders repeat theirs ("borderline", "see above") over many rows
    found = {memo: sorted({f.category for f in deid.scan_text(memo)}) for memo in set(written)}
    withheld_rows = written[[bool(found[memo]) for memo in written]]
    memos = coding["memo"].copy()
    memos.loc[withheld_rows.index] = None
    lines = coding.loc[withheld_rows.index, "source_line"]
    withheld = [(int(line), found[memo]) for line, memo in zip(lines, withheld_rows, strict=True)]
    return coding.assign(memo=memos), withheld


# Where the fingerprint key comes from, in the order deid.load_key looks.
KEY_SOURCES = {
    "environment": f"the environment variable {KEY_ENV}",
    "file": f"the study's key file {KEY_FILE.as_posix()}",
    "default": "thematic's public default key",
}


def fingerprint_key(study_dir: Path) -> tuple[bytes, str]:
    """(the deid fingerprint key, where it came from: one of :data:`KEY_SOURCES`), without
    deid.load_key's warning about the public default: the workflow says that once per run
    (and the report says it), not once per job."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        key = deid.load_key(study_dir)
    if os.environ.get(KEY_ENV, "").strip():
        return key, "environment"
    return key, "default" if key == DEFAULT_KEY else "file"


def key_prose(source: str) -> str:
    """The methods' sentence on the key: prose to paste, no file or variable names."""
    key = "thematic's public default key" if source == "default" else "the study's secret key"
    return (
        "Findings were recorded by position, category and a keyed fingerprint, never by their "
        f"text; the fingerprints were keyed with {key}."
    )


def key_sentence(source: str) -> str:
    """One sentence for the report: which key fingerprinted the findings, and how to set one."""
    chosen = (
        f"The de-identification findings were fingerprinted with {KEY_SOURCES[source]} "
        f"(thematic takes {KEY_ENV} if set, else "
        f"{KEY_FILE.as_posix()}, else a public default)."
    )
    if source != "default":
        return chosen
    return (
        f"{chosen} With the public key anyone can test a guessed name against a fingerprint: "
        f"for real essays put a secret in {KEY_FILE.as_posix()} (kept out of "
        f"version control) or in {KEY_ENV}."
    )
