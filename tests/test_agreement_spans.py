"""Segment-overlap and character (unitizing alpha) units of analysis, and pairwise tables.

No published worked example of the 2016 unitizing-alpha family could be found to reproduce (the
paper's own example is not in the sources searched; the public Python and R implementations ship
no figures from it). The character tests therefore pin down properties, a tiny case derived by
hand below, and agreement with a literal, loop-by-loop transcription of the formulas
(`brute_u_alphas`) on random codings.
"""

from __future__ import annotations

from itertools import permutations

import numpy as np
import pandas as pd
import pytest

from thematic.agreement import (
    NAMES,
    UNITIZING_NAMES,
    Resamples,
    character_agreement,
    pairwise_agreement,
    presence_agreement,
    segment_agreement,
    unitizing,
)
from thematic.agreement.rows import COLUMNS as OUTPUT_COLUMNS

CODEBOOK = pd.DataFrame({"code": ["a", "b", "c"], "theme": ["T", "T", "U"]})


def codings(rows):
    frame = pd.DataFrame(rows, columns=["coder", "essay_id", "code", "start", "end"])
    return frame.assign(theme=None, whole_essay=False)


def value(table, coefficient, scope="code", scope_id="a", convention=None):
    hit = table[
        (table["coefficient"] == coefficient)
        & (table["scope"] == scope)
        & (table["scope_id"] == scope_id)
    ]
    if convention:
        hit = hit[hit["convention"] == convention]
    assert len(hit) == 1
    return hit.iloc[0]


# ---- segment overlap --------------------------------------------------------------------------


def test_segment_units_count_matches_and_unmatched_segments():
    table = segment_agreement(
        codings(
            [
                (
                    "x",
                    "e1",
                    "a",
                    0,
                    10,
                ),
                ("y", "e1", "a", 2, 11),  # IoU 8/11: matched
                ("x", "e2", "a", 0, 5),
                ("y", "e2", None, 0, 0),  # one applied
                ("x", "e1", "b", 10, 20),
                ("y", "e1", "b", 30, 40),  # no overlap: two units
            ]
        ),
        CODEBOOK,
    )
    assert list(table.columns) == OUTPUT_COLUMNS
    assert (table["unit"] == "segment_overlap").all()
    row = value(table, "percent_agreement")
    assert row["value"] == 0.5 and row["n_units"] == 2
    assert value(table, "brennan_prediger")["value"] == 0.0  # 2 * 0.5 - 1
    assert value(table, "percent_agreement", scope_id="b")["value"] == 0.0
    pooled = value(table, "percent_agreement", "overall", "all")
    assert pooled["value"] == 0.25 and pooled["n_units"] == 4


def test_segment_mode_nulls_marginal_coefficients_with_the_reason():
    table = segment_agreement(codings([("x", "e1", "a", 0, 10), ("y", "e1", "a", 0, 10)]), CODEBOOK)
    for name in set(NAMES) - {"percent_agreement", "brennan_prediger", "pabak"}:
        row = value(table, name)
        assert np.isnan(row["value"]) and "neither coder applied" in row["note"]
    assert value(table, "brennan_prediger")["value"] == 1.0
    nobody = value(table, "percent_agreement", scope_id="c")
    assert np.isnan(nobody["value"]) and nobody["n_units"] == 0


@pytest.mark.parametrize(("min_overlap", "matched"), [(0.5, True), (0.9, False)])
def test_min_overlap_decides_a_match(min_overlap, matched):
    rows = [("x", "e1", "a", 0, 10), ("y", "e1", "a", 0, 8)]  # IoU 0.8
    table = segment_agreement(codings(rows), CODEBOOK, min_overlap=min_overlap)
    assert value(table, "percent_agreement")["value"] == (1.0 if matched else 0.0)


def test_greedy_matching_is_one_to_one_below_half_overlap():
    # x's [0, 10) overlaps y's [0, 4) (IoU .4) and [5, 10) (IoU .5): one match, one lone y unit
    rows = [("x", "e1", "a", 0, 10), ("y", "e1", "a", 0, 4), ("y", "e1", "a", 5, 10)]
    table = segment_agreement(codings(rows), CODEBOOK, min_overlap=0.3)
    row = value(table, "percent_agreement")
    assert row["n_units"] == 2 and row["value"] == 0.5


def test_overlapping_segments_of_one_coder_and_code_are_merged():
    rows = [("x", "e1", "a", 0, 6), ("x", "e1", "a", 4, 10), ("y", "e1", "a", 0, 10)]
    assert value(segment_agreement(codings(rows), CODEBOOK), "percent_agreement")["value"] == 1


def test_segment_bootstrap_is_seeded_and_three_coders_pool_pairs():
    rows = [(c, f"e{k}", "a", 0, 10 + (k % 3) * (c == "z") * 20) for k in range(6) for c in "xyz"]
    first = segment_agreement(codings(rows), CODEBOOK, resamples=Resamples(50, 3))
    again = segment_agreement(codings(rows), CODEBOOK, resamples=Resamples(50, 3))
    pd.testing.assert_frame_equal(first, again)
    row = value(first, "percent_agreement")
    # 2 essays where all agree: 3 matched pairs each; 4 where z's segment is too long: per essay
    # x-y matched (1 unit), x-z and y-z unmatched (2 units each): 10 agreeing of 26 units
    assert row["n_coders"] == 3 and row["n_units"] == 26 and np.isclose(row["value"], 10 / 26)
    assert np.isnan(value(first, "pabak")["value"])


# ---- characters: unitizing alpha ---------------------------------------------------------------


def brute_u_alphas(partitions, length):
    """Loop-by-loop transcription of the u-alpha family for non-overlapping codes.

    partitions: per coder a list of (start, end, value) with value None for gaps, covering
    [0, length). Krippendorff et al. (2016); Krippendorff (2019, 12.6), cu-alpha's pairable
    lengths as in quallmer's reliability_alpha_u.
    """
    m = len(partitions)
    values = sorted({v for p in partitions for _, _, v in p if v is not None})
    index = {None: 0, **{v: k + 1 for k, v in enumerate(values)}}
    n = len(index)
    ell = np.zeros((n, n))
    for i, j in permutations(range(m), 2):
        for s1, e1, v1 in partitions[i]:
            for s2, e2, v2 in partitions[j]:
                ell[index[v1], index[v2]] += max(0, min(e1, e2) - max(s1, s2))
    ell /= m - 1
    corr = np.zeros(n)
    for p in partitions:
        for s, e, v in p:
            corr[index[v]] += (e - s) if v is None else (e - s) ** 2
    total = ell.sum()
    row = ell.sum(axis=1)
    eps = np.outer(row, row) - np.diag(corr)
    eps *= total / (total**2 - corr.sum())
    u = 1 - (total - np.trace(ell)) / (total - np.trace(eps))
    bin_ell = ell[0, 0] + ell[1:, 1:].sum()
    bin_eps = eps[0, 0] + eps[1:, 1:].sum()
    binary = 1 - (total - bin_ell) / (total - bin_eps)
    star = ell[1:, 1:]
    coded = [np.zeros(length, bool) for _ in range(m)]
    for i, p in enumerate(partitions):
        for s, e, v in p:
            coded[i][s:e] |= v is not None
    corr_star = np.zeros(n - 1)
    for i, p in enumerate(partitions):
        others = np.any([coded[j] for j in range(m) if j != i], axis=0)
        for s, e, v in p:
            if v is not None:
                corr_star[index[v] - 1] += others[s:e].sum() ** 2
    st = star.sum()
    star_row = star.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        eps_star = np.outer(star_row, star_row) - np.diag(corr_star)
        eps_star *= st / (st**2 - corr_star.sum())
        cu = 1 - (st - np.trace(star)) / (st - np.trace(eps_star))
    return u, binary, cu


def partitions_of(segments, coders, length):
    out = []
    for coder in coders:
        mine = sorted((s, e, v) for c, v, s, e in segments if c == coder)
        part, cursor = [], 0
        for s, e, v in mine:
            if s > cursor:
                part.append((cursor, s, None))
            if part and part[-1][2] == v and part[-1][1] == s:  # abutting: one unit
                part[-1] = (part[-1][0], e, v)
            else:
                part.append((s, e, v))
            cursor = e
        if cursor < length:
            part.append((cursor, length, None))
        out.append(part)
    return out


def random_codings(rng, n_coders, length):
    """Non-overlapping segments per coder with codes a/b (so the brute force applies)."""
    segments = []
    for coder in range(n_coders):
        cuts = np.sort(rng.choice(np.arange(1, length), size=8, replace=False))
        bounds = np.r_[0, cuts, length]
        for s, e in zip(bounds[:-1], bounds[1:], strict=True):
            if rng.random() < 0.5:
                segments.append((f"k{coder}", rng.choice(["a", "b"]), int(s), int(e)))
    return segments


@pytest.mark.parametrize("n_coders", [2, 3])
@pytest.mark.parametrize("seed", range(4))
def test_character_alphas_equal_the_loop_transcription(n_coders, seed):
    rng = np.random.default_rng(seed)
    length = 60
    segments = random_codings(rng, n_coders, length)
    coders = [f"k{c}" for c in range(n_coders)]
    frame = codings([(c, "e1", v, s, e) for c, v, s, e in segments])
    essays = pd.DataFrame({"essay_id": ["e1"], "n_chars": [length]})
    table = character_agreement(frame, essays, CODEBOOK[CODEBOOK["theme"] == "T"])
    expected = brute_u_alphas(partitions_of(segments, coders, length), length)
    for name, want in zip(UNITIZING_NAMES, expected, strict=True):
        got = value(table, name, "theme", "T", "codes_as_values")["value"]
        if not want <= 1:  # 0/0, or a negative expected disagreement: undefined, not > 1
            assert np.isnan(got), (name, got, want)
        else:
            assert np.isclose(got, want), (name, got, want)
    only_a = [(c, v, s, e) for c, v, s, e in segments if v == "a"]
    want_a = brute_u_alphas(partitions_of(only_a, coders, length), length)[0]
    assert np.isclose(value(table, "u_alpha", "code", "a")["value"], want_a)


def test_character_alpha_hand_computed_two_coders_four_characters():
    # L = 4, code a: coder x codes [0, 2), coder y codes [1, 3).
    # Per character (x, y): (a, -), (a, a), (-, a), (-, -). Ordered pairs of coders give
    # u_aa = 2, u_a- = u_-a = 2, u_-- = 2; u.. = 8; row totals u_a. = u_-. = 4.
    # Units: x, y each one a-unit of length 2 (S_a = 2^2 + 2^2 = 8) and gaps of lengths 2 and
    # 1 + 1 (S_- = 2 + 2 = 4). e_a- = u.. u_a. u_-. / (u..^2 - S) = 8 * 16 / (64 - 12) = 128/52.
    # D_o = u_a- + u_-a = 4; D_e = 2 * 128/52 = 256/52; alpha = 1 - 4 * 52/256 = 0.1875.
    frame = codings([("x", "e1", "a", 0, 2), ("y", "e1", "a", 1, 3)])
    essays = pd.DataFrame({"essay_id": ["e1"], "n_chars": [4]})
    table = character_agreement(frame, essays, CODEBOOK)
    assert np.isclose(value(table, "u_alpha")["value"], 0.1875)
    assert np.isclose(value(table, "binary_u_alpha")["value"], 0.1875)
    assert np.isnan(value(table, "cu_alpha")["value"])


def test_identical_codings_give_one_even_with_overlapping_codes():
    rows = [("a", 0, 30), ("b", 20, 50), ("c", 70, 90), ("a", 5, 12)]
    frame = codings([(k, e, code, s, t) for k in "xy" for e in ["e1", "e2"] for code, s, t in rows])
    essays = pd.DataFrame({"essay_id": ["e1", "e2"], "n_chars": [100, 120]})
    table = character_agreement(frame, essays, CODEBOOK)
    defined = table[table["value"].notna()]
    assert np.allclose(defined["value"], 1.0)
    assert set(defined["coefficient"]) == set(UNITIZING_NAMES)
    assert (table["unit"] == "characters").all() and list(table.columns) == OUTPUT_COLUMNS


def test_character_alpha_is_invariant_to_essay_order_and_coder_names():
    rng = np.random.default_rng(7)
    rows = []
    for e in range(5):
        for c in "xy":
            for _ in range(2):
                s = int(rng.integers(0, 80))
                rows.append(
                    (c, f"e{e}", rng.choice(["a", "b", "c"]), s, s + int(rng.integers(1, 20)))
                )
    frame = codings(rows)
    essays = pd.DataFrame({"essay_id": [f"e{e}" for e in range(5)], "n_chars": [100] * 5})
    base = character_agreement(frame, essays, CODEBOOK)
    shuffled = frame.sample(frac=1, random_state=1).assign(
        coder=lambda f: f["coder"].map({"x": "q", "y": "p"})
    )
    other = character_agreement(shuffled, essays.iloc[::-1], CODEBOOK)
    assert np.allclose(base["value"], other["value"], equal_nan=True)


def test_a_set_of_codes_whose_key_wraps_negative_is_not_taken_for_the_gap():
    # Sets of codes are keyed by wrapping sums of random 64-bit keys (one per codebook
    # position); a negative sum once ranked below the gap's 0 and was counted as the gap, so
    # the alphas changed with the codebook's order. Five codes applied together: their set's
    # key is negative in the codebook's order and not in the reverse one.
    codes = [f"k{i}" for i in range(7)]
    book = pd.DataFrame({"code": codes, "theme": ["T"] * 7})
    together = [0, 1, 2, 3, 6]
    keys = unitizing._code_keys(7)
    with np.errstate(over="ignore"):
        assert keys[together].sum() < 0 < keys[[6 - i for i in together]].sum()
    rows = [("x", "e1", codes[i], 10, 60) for i in together]
    rows += [("y", "e1", codes[i], 20, 70) for i in together] + [("y", "e1", "k4", 80, 90)]
    essays = pd.DataFrame({"essay_id": ["e1"], "n_chars": [100]})
    forward = character_agreement(codings(rows), essays, book)
    backward = character_agreement(codings(rows), essays, book.iloc[::-1])
    for name in UNITIZING_NAMES:
        got = value(forward, name, "theme", "T", "codes_as_values")["value"]
        want = value(backward, name, "theme", "T", "codes_as_values")["value"]
        assert np.isclose(got, want, equal_nan=True), (name, got, want)


def test_nobody_applying_a_code_is_undefined_with_reason_and_bootstrap_is_seeded():
    frame = codings(
        [
            ("x", "e1", "a", 0, 10),
            ("y", "e1", "a", 2, 10),
            ("x", "e2", "b", 0, 5),
            ("y", "e2", "b", 0, 6),
        ]
    )
    essays = pd.DataFrame({"essay_id": ["e1", "e2"], "n_chars": [20, 20]})
    first = character_agreement(frame, essays, CODEBOOK, resamples=Resamples(40, 2))
    again = character_agreement(frame, essays, CODEBOOK, resamples=Resamples(40, 2))
    pd.testing.assert_frame_equal(first, again)
    row = value(first, "u_alpha", scope_id="c")
    assert np.isnan(row["value"]) and "nobody applied" in row["note"]
    assert row["interpretation"] == "undefined"
    a = value(first, "u_alpha")
    assert a["ci_low"] <= a["value"] <= a["ci_high"]


def test_units_sharing_resamples_get_the_draws_their_seed_gives():
    frame = codings(
        [
            ("x", "e1", "a", 0, 10),
            ("y", "e1", "a", 2, 10),
            ("x", "e2", "b", 0, 5),
            ("y", "e2", "a", 0, 6),
            ("x", "e3", "c", 3, 9),
            ("y", "e3", "c", 4, 9),
        ]
    )
    essays = pd.DataFrame({"essay_id": ["e3", "e1", "e2"], "n_chars": [12, 20, 20]})
    shared = Resamples(70, 11)  # one draw of the three essays serves both units
    pd.testing.assert_frame_equal(
        segment_agreement(frame, CODEBOOK, resamples=shared),
        segment_agreement(frame, CODEBOOK, resamples=Resamples(70, 11)),
    )
    pd.testing.assert_frame_equal(
        character_agreement(frame, essays, CODEBOOK, resamples=shared),
        character_agreement(frame, essays, CODEBOOK, resamples=Resamples(70, 11)),
    )


def test_spans_past_the_essay_are_an_error():
    frame = codings([("x", "e1", "a", 0, 30), ("y", "e1", "a", 0, 10)])
    essays = pd.DataFrame({"essay_id": ["e1"], "n_chars": [20]})
    with pytest.raises(ValueError, match="past"):
        character_agreement(frame, essays, CODEBOOK)


# ---- pairwise ---------------------------------------------------------------------------------


def test_pairwise_tables_equal_two_coder_presence_agreement():
    rng = np.random.default_rng(0)
    rows = [
        (f"e{e}", code, coder, bool(rng.random() < 0.4))
        for e in range(30)
        for code in CODEBOOK["code"]
        for coder in ["x", "y", "z"]
    ]
    presence = pd.DataFrame(rows, columns=["essay_id", "code", "coder", "applied"])
    table = pairwise_agreement(presence, CODEBOOK)
    assert list(table.columns) == [*OUTPUT_COLUMNS, "coder_a", "coder_b"]  # as the schema orders them
    assert list(
        table[["coder_a", "coder_b"]].drop_duplicates().itertuples(index=False, name=None)
    ) == [
        ("x", "y"),
        ("x", "z"),
        ("y", "z"),
    ]
    xz = table[(table["coder_a"] == "x") & (table["coder_b"] == "z")].drop(
        columns=["coder_a", "coder_b"]
    )
    direct = presence_agreement(presence[presence["coder"] != "y"], CODEBOOK)
    pd.testing.assert_frame_equal(xz.reset_index(drop=True), direct)
    assert np.isfinite(
        value(table[table["coder_a"] == "x"].head(len(direct)), "cohen_kappa")["value"]
    )
