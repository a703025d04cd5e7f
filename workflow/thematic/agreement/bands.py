"""Verbal interpretation bands for agreement coefficients.

Krippendorff's alpha: >= .800 "reliable", >= .667 "tentative" (conclusions drawn tentatively),
else "unreliable" (Krippendorff, K. (2004). Content Analysis, 2nd ed., p. 241).
Kappa-type coefficients: Landis, J. R. & Koch, G. G. (1977). The measurement of observer agreement
for categorical data. Biometrics 33, 159-174: < 0 "poor", <= .20 "slight", <= .40 "fair",
<= .60 "moderate", <= .80 "substantial", else "almost perfect".
Percent agreement has no chance correction and no accepted band: "".
Undefined values read "undefined".
"""

from __future__ import annotations

import numpy as np

_LANDIS_KOCH = ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"))


def interpretation(name: str, value: float) -> str:
    """Band label of one coefficient value."""
    if not np.isfinite(value):
        return "undefined"
    if name == "percent_agreement":
        return ""
    if name == "krippendorff_alpha":
        return "reliable" if value >= 0.800 else "tentative" if value >= 0.667 else "unreliable"
    if value < 0:
        return "poor"
    for upper, label in _LANDIS_KOCH:
        if value <= upper:
            return label
    return "almost perfect"
