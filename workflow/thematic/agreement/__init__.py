"""Inter-coder agreement: every standard coefficient, with standard errors and bootstrap intervals.

`coefficients` scores one units x coders ratings table; `presence_agreement` scores the
essay-presence unit of analysis per code, per theme and overall. Pure functions over arrays and
DataFrames: reading ratings files is the CLI's job (`thematic.commands.agreement`).
"""

from thematic.agreement.coefficients import coefficients
from thematic.agreement.estimators import NAMES
from thematic.agreement.presence import presence_agreement

__all__ = ["NAMES", "coefficients", "presence_agreement"]
