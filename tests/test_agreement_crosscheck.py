"""Cross-checks against scikit-learn, krippendorff and statsmodels on seeded random tables."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from thematic.agreement import coefficients

SEEDS = range(5)


def random_ratings(seed: int, n_units=60, n_coders=2, q=4, missing=0.0, agree=0.6):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, q, n_units)
    noise = rng.integers(0, q, (n_units, n_coders))
    ratings = np.where(rng.random((n_units, n_coders)) < agree, truth[:, None], noise).astype(float)
    ratings[rng.random(ratings.shape) < missing] = np.nan
    return ratings


def value(table, name):
    return table.set_index("name").loc[name, "value"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_kappa_matches_sklearn(seed, weights):
    ratings = random_ratings(seed)
    expected = cohen_kappa_score(ratings[:, 0], ratings[:, 1], weights=weights)
    table = coefficients(ratings, weights=weights, categories=range(4))
    assert value(table, "cohen_kappa") == pytest.approx(expected, abs=1e-12)
    assert value(table, "conger_kappa") == pytest.approx(expected, abs=1e-12)
    assert value(table, "light_kappa") == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_krippendorff_alpha_matches_krippendorff_package_with_missing_data(seed, level):
    krippendorff = pytest.importorskip("krippendorff")
    ratings = random_ratings(seed, n_coders=4, q=5, missing=0.25) + 1
    expected = krippendorff.alpha(reliability_data=ratings.T, level_of_measurement=level)
    assert value(coefficients(ratings, level=level), "krippendorff_alpha") == pytest.approx(
        expected, abs=1e-10
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_fleiss_and_randolph_match_statsmodels(seed):
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    ratings = random_ratings(seed, n_coders=5, q=3)
    counts, _ = inter_rater.aggregate_raters(ratings.astype(int), n_cat=3)
    table = coefficients(ratings, categories=range(3))
    assert value(table, "fleiss_kappa") == pytest.approx(inter_rater.fleiss_kappa(counts))
    # statsmodels' "randolph" (free-marginal) kappa is Brennan-Prediger's coefficient
    assert value(table, "brennan_prediger") == pytest.approx(
        inter_rater.fleiss_kappa(counts, method="randolph")
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_scott_pi_equals_two_coder_fleiss_and_statsmodels(seed):
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    ratings = random_ratings(seed)
    counts, _ = inter_rater.aggregate_raters(ratings.astype(int), n_cat=4)
    assert value(coefficients(ratings), "scott_pi") == pytest.approx(
        inter_rater.fleiss_kappa(counts)
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_light_kappa_is_mean_of_pairwise_sklearn_kappas(seed):
    ratings = random_ratings(seed, n_coders=4)
    pairs = [(i, j) for i in range(4) for j in range(i + 1, 4)]
    expected = np.mean([cohen_kappa_score(ratings[:, i], ratings[:, j]) for i, j in pairs])
    assert value(coefficients(ratings), "light_kappa") == pytest.approx(expected)
