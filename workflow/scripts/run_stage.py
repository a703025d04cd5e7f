"""Run thematic.stages.<rule name>, the rule's stage function (see thematic.stages.job)."""

import sys
from pathlib import Path

# The package beside this workflow, so results match the code fingerprint the rules use.
sys.path.insert(0, str(Path(snakemake.scriptdir).parent))  # noqa: F821

from thematic.stages.job import run_snakemake_job  # noqa: E402

run_snakemake_job(snakemake)  # noqa: F821
