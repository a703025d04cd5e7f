"""Detectors run in time linear in the text: no catastrophic backtracking on adversarial input.

An algorithmic check, not a timed assertion: scanning ten times more input of the same kind must
cost roughly ten times as much (a quadratic detector would cost a hundred times as much). Robust on
a loaded machine: CPU time of this process (``time.process_time``, not wall time), the best of a
few repeats, and a generous bound (40x) far below the quadratic 100x. No test asserts an absolute
speed; throughput figures belong to benchmarks/bench_deid.py.
"""

from __future__ import annotations

import time

import pytest

from thematic.deid import scan_text

ADVERSARIAL = {
    "all_caps": "THE PATIENT KOVALENKA WAS SEEN BY DR SMITH ON THE WARD AND SENT HOME ",
    "near_email": "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p@",
    "near_phone": "555-123-456 555 123 45 (555) 12",
    "digits": "1234567890" * 3 + " ",
    "near_date": "March 3rd of the 14th of Sept, 12/31/ 2021-13- ",
    "near_url": "http://" + "a" * 30 + " www." * 3,
    "initials": "J. K. L. M. N. O. P. Q. ",
    "capitals": "Anna Bella Carla Dora Ella Fiona Greta Hanna Ilse Jana ",
    "hex": "fe80:ab12:cd34:" * 5 + " ",
    "no_spaces": "x" * 500,
    # round three's patterns: a subject before "was", facility names, intersections, lists
    "copula": "Nora was Ben is Mum was 9 pt 9, a, 9, ",
    "facility": "St Ann Royal Free Hospital of St Ives Hospital hospital Cancer Centre ",
    "corner": "the corner of Elm Row and Oak Row and the corner of ",
    "lists": "Caird, Jones and Wright, Okafor — Baptiste and ",
    "foreign_street": "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa tee ul. Bbb Ccc Ddd Eee 1 ",
}


def _cost(text: str, repeats: int = 5) -> float:
    """Least CPU time of ``repeats`` scans of ``text`` (others' load inflates wall time only)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        scan_text(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_scan_time_grows_linearly_on_adversarial_input(kind):
    unit = ADVERSARIAL[kind]
    small = unit * max(1, 10_000 // len(unit))
    large = small * 10  # 100 KB: ten times is enough to tell linear from quadratic
    scan_text(small)  # warm caches (word lists)
    ratio = _cost(large, repeats=2) / max(_cost(small, repeats=3), 1e-3)
    assert ratio < 40, f"{kind}: 10x input cost {ratio:.0f}x (quadratic would be ~100x)"
