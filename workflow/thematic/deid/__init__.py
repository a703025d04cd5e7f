"""The de-identification gate's detection core: find residual PHI without ever copying it.

Public API (stable; the pipeline's deid stage calls it)::

    CATEGORIES                      the HIPAA Safe Harbor categories a finding can have
    Finding                         one suspected identifier (category, start, end, detector, confidence)
    scan_text(text)                 findings in one text
    scan_texts(texts)               findings in each text, scanned together (faster)
    scan_essays(essays, key=...)    findings table for essays (fingerprints and masked previews only)
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
from thematic.deid.scan import FINDING_COLUMNS, scan_essays
from thematic.deid.waivers import (
    STATUS_COLUMNS,
    WAIVER_COLUMNS,
    apply_waivers,
    essay_status,
    read_waivers,
)

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
    "fingerprint",
    "load_key",
    "mask_preview",
    "merge_findings",
    "redact_text",
    "scan_essays",
    "scan_text",
    "scan_texts",
]
