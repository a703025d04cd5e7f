# De-identification gate: gather the shards' findings and per-essay verdicts; the policy
# (quarantine, block, warn) decides what happens to essays with residual PHI.


rule deid:
    input:
        findings=expand("results/deid/shards/findings_{shard}.parquet", shard=SHARDS),
        status=expand("results/deid/shards/status_{shard}.parquet", shard=SHARDS),
    output:
        findings="results/deid/findings.parquet",
        status="results/deid/status.parquet",
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
