# Audit: a manifest of every artifact of the build (sha256, rows, schema, inputs) for
# `thematic verify`. The list of artifacts is the registry's (thematic.artifacts), the same
# one the rules take their outputs from. The report and the sheets carry no provenance of
# their own: lineage gives the inputs their rules declare, so verify can call them stale.
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
        lineage=declared_inputs(),
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
