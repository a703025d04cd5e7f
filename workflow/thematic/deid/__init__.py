"""The de-identification gate's detection core: find residual PHI without ever copying it.

Public API (stable; the pipeline's deid stage calls it)::

    CATEGORIES                      the HIPAA Safe Harbor categories a finding can have
    Finding                         one suspected identifier (category, start, end, detector, confidence)
    scan_text(text)                 findings in one text
    scan_texts(texts)               findings in each text, scanned together (faster; on
                                    every core with workers=None)
    scan_essays(essays, key=...)    findings table for essays (fingerprints and masked previews only)
    finding_rows(essays, key=...)   the same rows as tuples, without pandas
    apply_waivers(findings, waivers)  adds ``waived``
    essay_status(essays, findings)  cleared / waived / quarantined per essay
    redact_text(text, findings)     candidate copy with [CATEGORY] placeholders
    load_key(study_dir)             the fingerprint key

Policy (quarantine, block, warn) is the pipeline's, not this package's.
"""

from thematic.deid.detectors import Backend, scan_text, scan_texts
from thematic.deid.findings import CATEGORIES, Finding, merge_findings
from thematic.deid.fingerprint import fingerprint, load_key, mask_preview
from thematic.deid.redact import redact_text
from thematic.deid.scan import FINDING_COLUMNS, finding_rows, scan_essays

# The review loop needs pandas; it is imported on first use, so that scanning starts fast.
_WAIVER_NAMES = frozenset(
    {"STATUS_COLUMNS", "WAIVER_COLUMNS", "apply_waivers", "essay_status", "read_waivers"}
)


def __getattr__(name: str) -> object:
    if name in _WAIVER_NAMES:
        from thematic.deid import waivers

        return getattr(waivers, name)
    raise AttributeError(f"module 'thematic.deid' has no attribute {name!r}")


__all__ = [
    "CATEGORIES",
    "FINDING_COLUMNS",
    "STATUS_COLUMNS",
    "WAIVER_COLUMNS",
    "read_waivers",
    "Backend",
    "Finding",
    "apply_waivers",
    "essay_status",
    "finding_rows",
    "fingerprint",
    "load_key",
    "mask_preview",
    "merge_findings",
    "redact_text",
    "scan_essays",
    "scan_text",
    "scan_texts",
]
