"""The row layout every unit of analysis shares: the agreement artifact's columns, the scopes
(per code, per theme, overall), the labelling of a block of coefficient rows, the mean over codes
and the bootstrap interval's note.

presence, segments and unitizing build on this module, side by side; none imports another.
Not for: computing a coefficient (`estimators`, `coefficients`, `unitizing`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thematic import schemas
from thematic.agreement.bootstrap import percentile_interval

COLUMNS = schemas.columns(schemas.Agreement)
PAIR_COLUMNS = schemas.columns(schemas.AgreementPairwise)
NO_BOOTSTRAP = "CI: none without bootstrap"


def code_order_of(codebook: pd.DataFrame) -> pd.Index:
    """The codebook's codes in its row order; they order every output."""
    if not {"code", "theme"} <= set(codebook.columns):
        raise ValueError("codebook needs columns code and theme")
    order = pd.Index(codebook["code"])
    if not order.is_unique:
        raise ValueError("codebook has duplicate codes")
    return order


def scopes_of(codebook: pd.DataFrame) -> list[tuple[str, str, np.ndarray]]:
    """(scope, scope_id, member code positions) for every theme (codebook order) and overall."""
    themes = codebook["theme"]
    theme_order = pd.unique(themes[themes.notna()])
    scopes = [("theme", str(t), np.flatnonzero((themes == t).to_numpy())) for t in theme_order]
    scopes.append(("overall", "all", np.arange(len(codebook))))
    return scopes


def labelled(
    frame: pd.DataFrame,
    unit: str,
    scope: str,
    scope_id: str,
    convention: str,
    n_units: int,
    n_coders: int,
) -> pd.DataFrame:
    """A block of coefficient rows (columns ``name`` or ``coefficient``, value, se, ci_low,
    ci_high, note, interpretation) with the columns that say what it summarises."""
    return frame.rename(columns={"name": "coefficient"}).assign(
        unit=unit,
        scope=scope,
        scope_id=scope_id,
        convention=convention,
        n_units=n_units,
        n_coders=n_coders,
    )


def mean_over_codes(values: np.ndarray, axis: int = -2) -> np.ndarray:
    """Unweighted mean over the code axis of the defined values; NaN where no code is defined."""
    defined = np.isfinite(values)
    total = np.where(defined, values, 0.0).sum(axis=axis)
    count = defined.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def bootstrap_interval(
    replicates: np.ndarray | None, n_values: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """(low, high, undefined replicates, note) of the percentile 95% interval of
    ``replicates`` (B, n_values); NaN bounds and the no-bootstrap note without replicates."""
    if replicates is None or not len(replicates):
        nan = np.full(n_values, np.nan)
        return nan, nan, np.zeros(n_values, int), NO_BOOTSTRAP
    low, high, undefined = percentile_interval(replicates)
    note = f"CI: bootstrap percentile 95%, {len(replicates)} resamples of essays"
    return low, high, undefined, note


def finish(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate labelled blocks into the agreement artifact's column order and dtypes."""
    out = pd.concat(frames, ignore_index=True)[COLUMNS]
    floats = dict.fromkeys(("value", "se", "ci_low", "ci_high"), float)
    return out.astype(
        {"n_units": "int64", "n_coders": "int64", "note": str, "interpretation": str, **floats}
    )
