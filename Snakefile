# thematic: essays, a codebook and coders' files in; validated, provenance-stamped Parquet out.
# This file only assembles: configuration and glue live in workflow/rules/common.smk, one stage
# per rule file, and all logic in the package workflow/thematic/.
from pathlib import Path

from snakemake.utils import min_version

min_version("9.0")

REPO = Path(workflow.basedir)


if Path("config/config.yaml").exists():

    configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/deid.smk"
include: "workflow/rules/codebook.smk"
include: "workflow/rules/coding.smk"
include: "workflow/rules/merge.smk"
include: "workflow/rules/agreement.smk"
include: "workflow/rules/themes.smk"
include: "workflow/rules/suggest.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/export.smk"
include: "workflow/rules/audit.smk"


rule all:
    default_target: True
    input:
        artifact("report"),
        artifact("code_counts"),
        artifact("agreement"),
        artifact("pending"),
        artifact("manifest"),
        suggest_outputs,
