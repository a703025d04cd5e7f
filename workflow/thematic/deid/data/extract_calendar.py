"""Write ``calendar.txt``: month and weekday names of other languages, from CLDR via Babel (run
by hand).

Usage: pip install babel==2.19.0; python extract_calendar.py

Babel is not a dependency: the list it gives is small, the package is not (11 MB). Names are
those of every CLDR locale written in the Latin script, in the forms a date uses ("format" and
"stand-alone" contexts, wide), lower case and without diacritics too; the Polish "października"
and "listopada" are the genitives a date takes. Left out: English's own (the date patterns know
them), words of three letters or fewer, and any word the English list holds ("mayo", "mars" is
kept: no English word), so that a day number next to an English word is never read as a date.
See README.md for the licence.
"""

from __future__ import annotations

import gzip
import unicodedata
from pathlib import Path

from babel import Locale
from babel.localedata import locale_identifiers

HERE = Path(__file__).resolve().parent
MIN_LETTERS = 4


def _folded(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _latin(word: str) -> bool:
    return all(
        unicodedata.name(c, "").startswith("LATIN") or c in "'’-. " for c in word if c.isalpha()
    )


def _english() -> frozenset[str]:
    with gzip.open(HERE / "english_lexicon.txt.gz", "rt", encoding="utf-8") as handle:
        return frozenset(handle.read().split())


def _names(locale: Locale, kind: str) -> set[str]:
    table = getattr(locale, kind)
    found: set[str] = set()
    for context in ("format", "stand-alone"):
        for name in table.get(context, {}).get("wide", {}).values():
            name = name.lower().strip(". ")
            if " " in name or not _latin(name):
                continue
            found.update({name, _folded(name)})
    return found


def main() -> None:
    english = _english()
    own = _names(Locale.parse("en"), "months") | _names(Locale.parse("en"), "days")
    lines = []
    for kind in ("months", "days"):
        words: set[str] = set()
        for identifier in locale_identifiers():
            words |= _names(Locale.parse(identifier), kind)
        kept = sorted(
            w for w in words if len(w) >= MIN_LETTERS and w not in english and w not in own
        )
        lines.append(f"[{kind}]")
        lines.extend(kept)
    (HERE / "calendar.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
