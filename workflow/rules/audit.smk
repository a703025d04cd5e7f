# Audit: a manifest of every artifact of the build (sha256, rows, schema, inputs) for
# `thematic verify`. Include this file last: it lists the outputs of every rule defined before it,
# so a new artifact is listed unasked (and one it misses, verify reports as unlisted).
from snakemake.io import strip_wildcard_constraints

BUILT_ARTIFACTS = sorted(
    {
        path
        for other in workflow.rules
        if other.name != "all"
        for pattern in other.output
        for path in expand(
            strip_wildcard_constraints(str(pattern)), shard=SHARDS, coder=CODERS
        )
    }
)


rule audit:
    input:
        artifacts=BUILT_ARTIFACTS,
    output:
        out="results/audit/manifest.parquet",
    log:
        "logs/audit.log",
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
