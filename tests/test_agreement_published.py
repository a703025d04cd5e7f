"""Agreement coefficients reproduce published worked examples (each test cites its source)."""

from __future__ import annotations

import numpy as np
import pytest

from thematic.agreement import coefficients

nan = np.nan

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section C (four coders,
# 12 units, missing data). The same table is Gwet (2014), Handbook of Inter-Rater Reliability,
# 4th ed., p. 120 (irrCAC's cac.raw4raters); units as rows, coders as columns.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 1, nan, 1],
        [2, 2, 3, 2],
        [3, 3, 3, 3],
        [3, 3, 3, 3],
        [2, 2, 2, 2],
        [1, 2, 3, 4],
        [4, 4, 4, 4],
        [1, 1, 2, 1],
        [2, 2, 2, 2],
        [nan, 5, 5, 5],
        [nan, nan, 1, 1],
        [nan, nan, 3, nan],
    ]
)


def by_name(table):
    return table.set_index("name")


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_alpha_with_missing_data_at_all_levels(level, published):
    alpha = by_name(coefficients(KRIPPENDORFF_2011, level=level)).loc["krippendorff_alpha"]
    assert round(alpha.value, 3) == published


# Gwet (2014) Handbook, p. 120 data; figures as printed by Gwet's irrCAC R package (also pinned in
# the afergadis/irrCAC port's tests): coefficient, standard error, t-interval lower bound.
@pytest.mark.parametrize(
    ("weights", "name", "value", "se", "ci_low"),
    [
        (None, "gwet_ac1", 0.775, 0.143, 0.461),
        (None, "fleiss_kappa", 0.761, 0.153, 0.424),
        (None, "conger_kappa", 0.763, 0.149, 0.435),
        (None, "brennan_prediger", 0.773, 0.145, 0.454),
        (None, "krippendorff_alpha", 0.743, 0.146, 0.419),
        ("quadratic", "gwet_ac1", 0.914, 0.104, 0.685),
        ("quadratic", "fleiss_kappa", 0.865, 0.146, 0.544),
        ("quadratic", "conger_kappa", 0.858, 0.144, 0.541),
        ("quadratic", "brennan_prediger", 0.902, 0.111, 0.657),
        ("linear", "gwet_ac1", 0.859, 0.117, 0.600),
        ("linear", "fleiss_kappa", 0.818, 0.149, 0.491),
        ("linear", "conger_kappa", 0.814, 0.145, 0.494),
        ("linear", "brennan_prediger", 0.848, 0.123, 0.577),
    ],
)
def test_gwet_handbook_four_raters_values_and_standard_errors(weights, name, value, se, ci_low):
    row = by_name(coefficients(KRIPPENDORFF_2011, weights=weights)).loc[name]
    assert round(row.value, 3) == value
    assert round(row.se, 3) == se
    assert round(row.ci_low, 3) == ci_low
    assert row.ci_high == 1.0  # irrCAC caps the upper bound at 1


def test_gwet_handbook_interval_alpha_standard_error():
    # irrCAC krippen.alpha.raw(cac.raw4raters, weights="quadratic"): 0.849, se 0.129, CI low 0.561
    row = by_name(coefficients(KRIPPENDORFF_2011, level="interval")).loc["krippendorff_alpha"]
    assert (round(row.value, 3), round(row.se, 3), round(row.ci_low, 3)) == (0.849, 0.129, 0.561)


def test_fleiss_1971_psychiatric_diagnoses_kappa():
    # Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
    # Bulletin 76(5), 378-382: 30 patients, 6 psychiatrists, 5 diagnoses, kappa = .430.
    # The raw table ships with statsmodels' tests (test_inter_rater.diagnoses).
    inter_rater = pytest.importorskip("statsmodels.stats.tests.test_inter_rater")
    ratings = np.asarray(inter_rater.diagnoses, dtype=float)
    assert ratings.shape == (30, 6)
    assert round(by_name(coefficients(ratings)).loc["fleiss_kappa"].value, 3) == 0.430


def test_fleiss_kappa_wikipedia_fourteen_raters_example():
    # Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories, 0.210.
    counts = np.array(
        [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ]
    )
    ratings = np.array([np.repeat(np.arange(1.0, 6.0), row) for row in counts])
    assert round(by_name(coefficients(ratings)).loc["fleiss_kappa"].value, 3) == 0.210


def test_cohen_1960_table_1():
    # Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    # Psychological Measurement 20, 37-46, Table 1 (agreement matrix of proportions):
    # p_o = .25 + .02 + .02 = .29 and p_c = .20 + .09 + .06 = .35, so kappa = (p_o - p_c) /
    # (1 - p_c) = -.092: agreement below chance. The paper prints proportions, not every
    # cell, so the 100 units below are one table with exactly those diagonal proportions and
    # marginals whose products give those chance proportions (rows .5/.3/.2, columns .4/.3/.3).
    table = np.array([[25, 15, 10], [10, 2, 18], [5, 13, 2]])
    assert table.sum(axis=1).tolist() == [50, 30, 20]
    assert table.sum(axis=0).tolist() == [40, 30, 30]
    pairs = [(a, b) for a in range(3) for b in range(3) for _ in range(table[a, b])]
    row = by_name(coefficients(np.array(pairs, dtype=float)))
    assert row.loc["percent_agreement"].value == pytest.approx(0.29)
    assert row.loc["cohen_kappa"].value == pytest.approx((0.29 - 0.35) / (1 - 0.35))


def test_pabak_is_twice_agreement_minus_one_for_two_by_two_tables():
    # Byrt, Bishop & Carlin (1993), J. Clin. Epidemiol. 46(5): PABAK = 2 p_o - 1.
    table = np.array([[40, 9], [6, 45]])
    pairs = [(a, b) for a in range(2) for b in range(2) for _ in range(table[a, b])]
    row = by_name(coefficients(np.array(pairs, dtype=float)))
    assert row.loc["pabak"].value == pytest.approx(2 * 0.85 - 1)
