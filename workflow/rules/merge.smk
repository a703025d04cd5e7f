# Merge coders: coverage, presence, disagreements, adjudication, consensus.


rule merge:
    # on the critical path: scheduled before the gathering steps that nothing here waits for
    priority: 10
    input:
        codings=expand("results/coding/{coder}.parquet", coder=CODERS),
        codebook="results/codebook/codebook.parquet",
        essays=expand("results/ingest/shards/{shard}.parquet", shard=SHARDS),
        decisions=optional_decisions,
    output:
        coverage="results/merge/coverage.parquet",
        presence="results/merge/presence.parquet",
        disagreements="results/merge/disagreements.parquet",
        consensus="results/merge/consensus.parquet",
        pending=report("results/adjudication/pending.csv", caption="../report/pending.rst",
                       category="Adjudication"),
        unused="results/adjudication/unused_decisions.csv",
    params:
        code=CODE_VERSION,
    log:
        "logs/merge.log",
    script:
        "../scripts/run_stage.py"
