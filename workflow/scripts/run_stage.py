"""Run the package stage named after the calling rule (see thematic.stages.STAGES)."""

import sys
from pathlib import Path

# The package beside this workflow, so results match the code fingerprint the rules use.
sys.path.insert(0, str(Path(snakemake.scriptdir).parent))  # noqa: F821

from thematic.stages import run_snakemake_job  # noqa: E402

run_snakemake_job(snakemake)  # noqa: F821
