"""Edge cases, bootstrap reproducibility and the presence unit of analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from thematic.agreement import NAMES, Resamples, coefficients, presence_agreement
from thematic.agreement.bootstrap import resample_weights, weighted_totals

COLUMNS = ["name", "value", "se", "ci_low", "ci_high", "note", "interpretation"]


def rows(table):
    return table.set_index("name")


def test_one_row_per_coefficient_in_order():
    table = coefficients(np.array([[1.0, 1.0], [2.0, 1.0], [2.0, 2.0]]))
    assert list(table.columns) == COLUMNS
    assert list(table["name"]) == list(NAMES)


def test_all_units_in_one_category_is_undefined_with_reason_not_one():
    table = rows(coefficients(np.ones((10, 2))))
    for name in ["cohen_kappa", "scott_pi", "krippendorff_alpha", "fleiss_kappa", "conger_kappa"]:
        assert np.isnan(table.loc[name, "value"])
        assert "one category" in table.loc[name, "note"]
        assert table.loc[name, "interpretation"] == "undefined"
    assert "declare the categories" in table.loc["gwet_ac1", "note"]
    assert table.loc["percent_agreement", "value"] == 1.0


def test_declared_categories_make_ac1_defined_when_one_is_unused():
    table = rows(coefficients(np.zeros((10, 2)), categories=[0, 1]))
    assert table.loc["gwet_ac1", "value"] == 1.0
    assert np.isnan(table.loc["cohen_kappa", "value"])


def test_one_coder_gives_no_coefficient():
    table = rows(coefficients(np.array([[1.0], [2.0], [1.0]])))
    assert table["value"].isna().all()
    assert table["note"].str.contains("at least two coders").all()


def test_single_unit_has_no_standard_error():
    table = rows(coefficients(np.array([[1.0, 2.0]]), categories=[1, 2]))
    assert table.loc["percent_agreement", "value"] == 0.0
    assert np.isnan(table.loc["percent_agreement", "se"])


def test_two_coder_coefficients_are_null_for_three_coders():
    table = rows(coefficients(np.array([[1.0, 1, 2], [2, 2, 2], [1, 2, 1]])))
    for name in ["cohen_kappa", "scott_pi", "pabak"]:
        assert np.isnan(table.loc[name, "value"])
        assert "exactly two coders" in table.loc[name, "note"]
    assert np.isfinite(table.loc["fleiss_kappa", "value"])


def test_undeclared_value_is_an_error():
    with pytest.raises(ValueError, match="not in categories"):
        coefficients(np.array([[1.0, 3.0]]), categories=[1, 2])


def test_units_without_ratings_are_dropped_and_said_so():
    ratings = np.array([[1.0, 1.0], [np.nan, np.nan], [2.0, 2.0], [1.0, 2.0]])
    with_gap = coefficients(ratings)
    without = coefficients(ratings[[0, 2, 3]])
    pd.testing.assert_series_equal(with_gap["value"], without["value"])
    assert with_gap["note"].str.contains("1 units without any rating").all()


def test_bootstrap_is_byte_identical_for_a_seed_and_varies_with_it():
    rng = np.random.default_rng(3)
    ratings = rng.integers(0, 3, (200, 3)).astype(float)
    first = coefficients(ratings, n_boot=300, seed=7).to_csv()
    assert first == coefficients(ratings, n_boot=300, seed=7).to_csv()
    assert first != coefficients(ratings, n_boot=300, seed=8).to_csv()
    table = rows(coefficients(ratings, n_boot=300, seed=7))
    ok = table["value"].notna()
    assert (table.loc[ok, "ci_low"] <= table.loc[ok, "value"]).all()
    assert (table.loc[ok, "value"] <= table.loc[ok, "ci_high"]).all()


def test_bootstrap_over_groups_moves_group_units_together():
    rng = np.random.default_rng(4)
    ratings = rng.integers(0, 2, (300, 2)).astype(float)
    groups = np.repeat(np.arange(30), 10)
    grouped = coefficients(ratings, n_boot=200, seed=1, boot_groups=groups)
    assert grouped["note"].str.contains("resamples of groups").any()
    assert (
        grouped.to_csv() == coefficients(ratings, n_boot=200, seed=1, boot_groups=groups).to_csv()
    )


@pytest.mark.parametrize("n_groups", [1, 7, 64, 1001])
def test_resample_weights_are_the_seeded_draws_one_replicate_after_another(n_groups):
    # what every unit drew before the draws were shared: n_groups picks per replicate
    rng = np.random.default_rng(5)
    picks = [rng.integers(0, n_groups, n_groups) for _ in range(130)]  # > two chunks of 64
    expected = np.stack([np.bincount(p, minlength=n_groups) for p in picks])
    np.testing.assert_array_equal(resample_weights(n_groups, 130, seed=5), expected)


def test_weighted_totals_are_exact_in_float32_and_float64():
    counts = np.random.default_rng(6).integers(0, 4, (500, 9))
    weights = resample_weights(500, 100, seed=6)
    exact = weights.astype(np.int64) @ counts
    np.testing.assert_array_equal(weighted_totals(weights, counts), exact)  # float32
    big = counts * 2**22  # past float32's exact integers: float64
    np.testing.assert_array_equal(weighted_totals(weights, big), exact * 2**22)
    sums = counts / 3.0  # not counts: float64, rounding as any float64 sum
    np.testing.assert_allclose(weighted_totals(weights, sums), exact / 3.0, rtol=1e-14)


def presence_frame(n_essays=30, seed=0):
    rng = np.random.default_rng(seed)
    codebook = pd.DataFrame({"code": ["b", "a", "never"], "theme": ["T2", "T1", "T2"]})
    records = []
    for essay in range(n_essays):
        for code in codebook["code"]:
            truth = code != "never" and rng.random() < 0.4
            for coder in ["ann", "bob"]:
                applied = truth if code == "never" or rng.random() < 0.85 else not truth
                records.append((f"e{essay:03d}", code, coder, applied))
    presence = pd.DataFrame(records, columns=["essay_id", "code", "coder", "applied"])
    return presence, codebook


def test_presence_layout_and_codebook_order():
    presence, codebook = presence_frame()
    table = presence_agreement(presence, codebook)
    assert list(table.columns) == [
        "unit",
        "scope",
        "scope_id",
        "convention",
        "coefficient",
        "value",
        "se",
        "ci_low",
        "ci_high",
        "n_units",
        "n_coders",
        "note",
        "interpretation",
    ]
    assert (table["unit"] == "essay_presence").all()
    order = table[["scope", "scope_id", "convention"]].drop_duplicates()
    assert [tuple(r) for r in order.itertuples(index=False)] == [
        ("code", "b", "per_code"),
        ("code", "a", "per_code"),
        ("code", "never", "per_code"),
        *[
            (s, i, c)
            for s, i in [("theme", "T2"), ("theme", "T1"), ("overall", "all")]
            for c in ["pooled", "mean_of_codes", "devries_pooled"]
        ],
    ]
    assert (
        table.groupby(["scope", "scope_id", "convention"])["coefficient"]
        .apply(list)
        .map(lambda names: names == list(NAMES))
        .all()
    )
    assert table["n_coders"].eq(2).all()
    assert table.loc[table["scope"] == "overall", "n_units"].eq(90).all()


def test_code_nobody_applied_is_null_with_reason():
    presence, codebook = presence_frame()
    table = presence_agreement(presence, codebook)
    never = table[(table["scope_id"] == "never")].set_index("coefficient")
    assert np.isnan(never.loc["cohen_kappa", "value"])
    assert "chance agreement is 1" in never.loc["cohen_kappa", "note"]
    assert never.loc["percent_agreement", "value"] == 1.0


def test_presence_matches_coefficients_per_code_pooled_and_mean():
    presence, codebook = presence_frame()
    table = presence_agreement(presence, codebook)
    wide = presence.pivot_table(index=["code", "essay_id"], columns="coder", values="applied")
    per_code = {c: coefficients(wide.loc[c].to_numpy(float), categories=[0, 1]) for c in "ab"}
    got = table.set_index(["scope_id", "convention", "coefficient"])["value"].sort_index()
    for code, expected in per_code.items():
        np.testing.assert_allclose(got.loc[code, "per_code"][list(NAMES)], expected["value"])
    pooled = coefficients(wide.loc[["a", "b", "never"]].to_numpy(float), categories=[0, 1])
    np.testing.assert_allclose(got.loc["all", "pooled"][list(NAMES)], pooled["value"])
    kappa_mean = np.mean([per_code[c].set_index("name").loc["cohen_kappa", "value"] for c in "ab"])
    assert got.loc[("all", "mean_of_codes", "cohen_kappa")] == pytest.approx(kappa_mean)


def test_presence_bootstrap_reproducible():
    presence, codebook = presence_frame()
    first = presence_agreement(presence, codebook, resamples=Resamples(100, 2))
    assert (
        first.to_csv()
        == presence_agreement(presence, codebook, resamples=Resamples(100, 2)).to_csv()
    )
    pooled = first[(first["convention"] == "pooled") & first["value"].notna()]
    assert pooled["ci_low"].notna().all()


def test_presence_with_shared_resamples_equals_its_own_seeded_draws():
    presence, codebook = presence_frame()
    own = presence_agreement(presence, codebook, resamples=Resamples(80, 9))
    shared = presence_agreement(presence, codebook, resamples=Resamples(80, 9))
    pd.testing.assert_frame_equal(own, shared)


def test_incomplete_presence_is_rejected():
    presence, codebook = presence_frame()
    with pytest.raises(ValueError, match="incomplete"):
        presence_agreement(presence.iloc[1:], codebook)
    with pytest.raises(ValueError, match="not in the codebook"):
        presence_agreement(presence, codebook.iloc[:2])
