# De-identification gate: gather the shards' findings and per-essay verdicts; the policy
# (quarantine, block, warn) decides what happens to essays with residual PHI.
# Runs thematic.stages.deid.


rule deid:
    input:
        shard_findings=expand(artifact("findings_shard"), shard=SHARDS),
        shard_status=expand(artifact("status_shard"), shard=SHARDS),
    output:
        findings=artifact("findings"),
        status=artifact("deid_status"),
    log:
        "logs/deid.log",
    # the report waits for it; the registry's gathering step (ingest) only the audit does
    priority: 5
    conda:
        "../envs/thematic.yaml"
    params:
        policy=config["deid"]["policy"],
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
