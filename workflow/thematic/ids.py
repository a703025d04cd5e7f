"""The one identifier pattern: essay, code, theme and coder ids are file-safe names.

Kept free of pandas, so the Snakefile (wildcard constraints, essay discovery) imports it at
parse time cheaply. Not for resolving what coders write (see :mod:`thematic.codebook`).
"""

from __future__ import annotations

import re

# A letter or digit first, then letters, digits, '_', '-' and '.': safe as a file name.
ID_CHARACTERS = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
ID_PATTERN = rf"^{ID_CHARACTERS}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
# An adjudication unit's fingerprint; "fp-" first, or a spreadsheet reads 12e4... as a number.
FINGERPRINT_PATTERN = r"^fp-[0-9a-f]{16}$"
ALLOWED = "letters, digits, '_', '-' and '.' (a letter or digit first)"

_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    """Whether ``text`` is a valid id (essay, code, theme or coder)."""
    return bool(_ID.match(text))
