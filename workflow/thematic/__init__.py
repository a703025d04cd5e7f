"""thematic: reproducible, audited multi-coder thematic analysis.

The package holds the pure logic of every pipeline stage (functions over DataFrames) plus thin
I/O edges (`io`, `stages`). The Snakemake rules in ``workflow/rules`` only call into it.
"""

__version__ = "0.1.0"
