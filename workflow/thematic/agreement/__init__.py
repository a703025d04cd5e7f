"""Inter-coder agreement: every standard coefficient, with standard errors and bootstrap intervals.

`coefficients` scores one units x coders ratings table; `presence_agreement` scores the
essay-presence unit of analysis per code, per theme and overall; `segment_agreement` the
segment-overlap unit (MAXQDA's segment mode); `character_agreement` Krippendorff's unitizing
alphas on the characters; `pairwise_agreement` every presence coefficient per pair of coders;
`why_not_computed` says when there is nothing to score (one coder, no analysed essays).
`Resamples` holds one seed's bootstrap draws of essays, to share between the units.
Pure functions over arrays and DataFrames: reading ratings files is the CLI's job
(`thematic.commands.agreement`).
"""

from thematic.agreement.bootstrap import Resamples
from thematic.agreement.coefficients import coefficients
from thematic.agreement.estimators import NAMES
from thematic.agreement.pairwise import pairwise_agreement
from thematic.agreement.presence import presence_agreement
from thematic.agreement.segments import segment_agreement
from thematic.agreement.spans import SPAN_COLUMNS
from thematic.agreement.unitizing import UNITIZING_NAMES, character_agreement


def why_not_computed(presence) -> str | None:  # noqa: ANN001 - a Presence frame
    """Why inter-coder agreement cannot be computed over ``presence`` (the analysed essays x
    codes x coders), or None when it can: it needs analysed essays and two coders or more.
    A study coded by one person, or whose essays were all withheld, still builds: its agreement
    tables are empty and the report says why."""
    coders = presence["coder"].nunique()
    if presence.empty:
        return "there are no analysed essays (none that the gate cleared and every coder coded)"
    if coders < 2:
        return "the essays were coded by one coder only; agreement needs two or more coding the same essays"
    return None


__all__ = [
    "NAMES",
    "Resamples",
    "SPAN_COLUMNS",
    "UNITIZING_NAMES",
    "character_agreement",
    "coefficients",
    "pairwise_agreement",
    "presence_agreement",
    "segment_agreement",
    "why_not_computed",
]
