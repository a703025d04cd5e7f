# Audit: a manifest of every artifact of the build (sha256, rows, schema, inputs) for
# `thematic verify`. The list of artifacts is the registry's (thematic.artifacts), the same
# one the rules take their outputs from.
# Runs thematic.stages.audit.


rule audit:
    input:
        artifacts=all_paths(SHARDS, CODERS, suggest=SUGGESTING),
    output:
        manifest=artifact("manifest"),
    log:
        "logs/audit.log",
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
