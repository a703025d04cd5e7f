"""Keyed fingerprints and masked previews: how a finding is named without copying its text.

A fingerprint is HMAC-SHA256 of the normalised matched text under the study's key, so a
reviewer's waiver can refer to "this string in this essay" and nobody without the key can test
guesses against it. Not for detection.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import unicodedata
import warnings
from pathlib import Path

KEY_ENV = "THEMATIC_DEID_KEY"
KEY_FILE = Path("resources") / "deid" / "fingerprint.key"
# Used only when neither the variable nor the key file exists. Stable (waivers keep matching,
# builds stay byte-identical) but public: anyone can confirm a guessed name against a
# fingerprint. Studies should create the key file and keep it out of version control.
DEFAULT_KEY = b"thematic-deid-public-default-key-v1"
FINGERPRINT_HEX = 16

_SPACE = re.compile(r"\s+")
_TITLE = re.compile(r"(?i)^(?:mr|mrs|ms|miss|mx|dr|prof|rev)\.?$")
# Masked by substitution in C, not character by character: a scan masks every finding.
_WORDS = re.compile(r"(\s+)")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_NOT_SPACE = re.compile(r"\S")


def load_key(study_dir: Path) -> bytes:
    """The fingerprint key: ``$THEMATIC_DEID_KEY``, else ``<study>/resources/deid/fingerprint.key``.

    Either holds any secret text (stripped of surrounding whitespace, used as UTF-8 bytes). With
    neither, :data:`DEFAULT_KEY` is returned with a warning: fingerprints are then stable but
    anyone can test guesses against them.
    """
    from_env = os.environ.get(KEY_ENV, "").strip()
    if from_env:
        return from_env.encode("utf-8")
    key_file = Path(study_dir) / KEY_FILE
    if key_file.is_file():
        secret = key_file.read_text(encoding="utf-8").strip()
        if secret:
            return secret.encode("utf-8")
    warnings.warn(
        f"no {KEY_ENV} and no {KEY_FILE}: using the public default fingerprint key; "
        "fingerprints can be checked against guessed names",
        stacklevel=2,
    )
    return DEFAULT_KEY


def normalise(matched: str) -> str:
    """NFKC, casefolded, whitespace collapsed: "Mrs.  ADAMS" and "mrs. adams" fingerprint alike."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", matched).casefold()).strip()


def fingerprint(matched: str, key: bytes) -> str:
    """First 16 hex digits of HMAC-SHA256(key, normalised text)."""
    digest = hmac.digest(key, normalise(matched).encode("utf-8"), hashlib.sha256)  # one C call
    return digest.hex()[:FINGERPRINT_HEX]


def mask_preview(matched: str) -> str:
    """A preview that locates a finding without revealing it: "Mrs. Adams" -> "Mrs. A****".

    Titles are kept; every other word keeps its first letter only when it has 3+ letters; all
    digits become "#", other letters "*". The preview is never equal to the matched text (fully
    masked if it would be).
    """
    words = []
    for word in _WORDS.split(matched):
        if not word or word.isspace() or _TITLE.match(word):
            words.append(word)
            continue
        keep_first = word[0].isalpha() and len(_LETTER.findall(word)) >= 3
        head, rest = (word[0], word[1:]) if keep_first else ("", word)
        words.append(head + _LETTER.sub("*", _DIGIT.sub("#", rest)))
    preview = "".join(words)
    if preview == matched:
        preview = _NOT_SPACE.sub("*", matched)
    return preview
