"""The one reader of users' text inputs: essays, coding files, decisions, waivers, the manifest,
the codebook, ratings tables. Every input gets the same checks (NUL bytes, UTF-8, empty file) and
the same wording of errors, in the pipeline and in the CLI alike.

Errors never quote the file's content: an essay may hold what the de-identification gate
withholds. Not for parsing (CSV, YAML): each reader parses the text it gets from here.
"""

from __future__ import annotations

from pathlib import Path

from thematic.errors import InputError

BOM = "\ufeff"
ICONV_HINT = "re-save it as UTF-8 (in Excel: 'CSV UTF-8'; or `iconv -f cp1252 -t utf-8 IN > OUT`)."


def decode_text(
    raw: bytes, file: str, *, what: str = "file", allow_empty: bool = False, empty_fix: str = ""
) -> str:
    """``raw`` as UTF-8 text without a leading BOM, or an InputError naming ``file`` and line.

    ``what`` names the input in messages ("essay", "coding file", ...). An empty file (nothing
    but white space) is an error unless ``allow_empty``; ``empty_fix`` says what to write.
    """
    if b"\x00" in raw:
        raise InputError.single(
            file,
            f"the {what} contains NUL bytes: it is binary, not UTF-8 text.",
            "export it as plain UTF-8 text.",
            line=raw[: raw.index(b"\x00")].count(b"\n") + 1,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError.single(
            file,
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at byte offset {err.start}).",
            ICONV_HINT,
            line=raw[: err.start].count(b"\n") + 1,
        ) from None
    text = text.removeprefix(BOM)
    if not allow_empty and not text.strip():
        raise InputError.single(
            file, f"the {what} is empty.", empty_fix or f"add the {what}'s content or remove it."
        )
    return text


def read_text(
    path: str | Path, *, what: str = "file", allow_empty: bool = False, empty_fix: str = ""
) -> str:
    """The text of a user's input file, checked as :func:`decode_text` checks it."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError.single(file, "file not found.", "check the path.") from None
    except IsADirectoryError:
        raise InputError.single(file, "a folder, not a file.", "give the file's path.") from None
    return decode_text(raw, file, what=what, allow_empty=allow_empty, empty_fix=empty_fix)
