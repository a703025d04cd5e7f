"""How the report prints numbers: one place, so the Markdown, the HTML and the methods text agree.

Not for computing statistics: every value printed here was computed upstream and read from an
artifact; these functions only round and phrase it.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

DASH = "–"  # printed where a value is undefined


def is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def fmt(value: Any, digits: int = 2) -> str:
    """A number as tables print it: fixed digits, an en dash where undefined."""
    if is_missing(value):
        return DASH
    return f"{round(float(value), digits) + 0.0:.{digits}f}"  # + 0.0: no "-0.00"


def percent_of(n: int, total: int) -> int | None:
    """100 n / total rounded half up to a whole percent (None when total is 0).

    Rounded from the counts, not from an already rounded percentage: 10 of 22 is 45.45%, which
    prints 45%, where rounding a stored 45.5 again would print 46%.
    """
    if total <= 0:
        return None
    return math.floor(100 * n / total + 0.5)


def count_percent(n: int, total: int) -> str:
    """'19 (86%)', or '0 (–)' when nothing was analysed."""
    share = percent_of(n, total)
    return f"{n} ({DASH if share is None else f'{share}%'})"


def as_printed(label: str, n: int, total: int) -> str:
    """A code or theme as a paper prints it: 'Compassion (n = 19, 86%)'."""
    share = percent_of(n, total)
    return f"{label} (n = {n}, {DASH if share is None else f'{share}%'})"


def with_interval(value: Any, low: Any, high: Any, digits: int = 2) -> str:
    """'0.73 [0.38, 1.00]'; the bare value where the interval is undefined."""
    text = fmt(value, digits)
    if text != DASH and not (is_missing(low) or is_missing(high)):
        text += f" [{fmt(low, digits)}, {fmt(high, digits)}]"
    return text


def in_prose(value: Any, low: Any, high: Any, digits: int = 2) -> str:
    """'0.78 (95% CI 0.68 to 0.87)', as a sentence cites an estimate."""
    text = fmt(value, digits)
    if text != DASH and not (is_missing(low) or is_missing(high)):
        text += f" (95% CI {fmt(low, digits)} to {fmt(high, digits)})"
    return text


def percent_text(value: Any, digits: int = 1) -> str:
    """A proportion as a percentage: 0.8636 -> '86.4%'."""
    return DASH if is_missing(value) else f"{100 * float(value):.{digits}f}%"


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def in_words(n: int) -> str:
    """Small counts in words, as prose writes them ('two coders'); larger ones as digits."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)
