"""Inter-coder agreement: every standard coefficient, with standard errors and bootstrap intervals.

`coefficients` scores one units x coders ratings table; `presence_agreement` scores the
essay-presence unit of analysis per code, per theme and overall; `segment_agreement` the
segment-overlap unit (MAXQDA's segment mode); `character_agreement` Krippendorff's unitizing
alphas on the characters; `pairwise_agreement` every presence coefficient per pair of coders.
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
]
