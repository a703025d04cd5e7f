# Merge coders: presence, disagreements, adjudication, consensus over the essays every coder
# has coded; and coverage, where every essay stands.


rule merge:
    input:
        codings=expand("results/coding/{coder}.parquet", coder=CODERS),
        codebook="results/codebook/codebook.parquet",
        essays=expand("results/ingest/shards/{shard}.parquet", shard=CODED_SHARDS),
        decisions=optional_decisions,
    output:
        presence="results/merge/presence.parquet",
        disagreements="results/merge/disagreements.parquet",
        consensus="results/merge/consensus.parquet",
        pending=report(
            "results/adjudication/pending.csv",
            caption="../report/pending.rst",
            category="Adjudication",
        ),
        unused="results/adjudication/unused_decisions.csv",
    log:
        "logs/merge.log",
    # on the critical path: scheduled before the gathering steps that nothing here waits for
    priority: 10
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"


# Its own rule, and the only one of this stage that reads the "uncoded" shard: a new essay
# changes where essays stand, not what the coders found.
rule coverage:
    input:
        codings=expand("results/coding/{coder}.parquet", coder=CODERS),
        essays=expand("results/ingest/shards/{shard}.parquet", shard=SHARDS),
    output:
        out="results/merge/coverage.parquet",
    log:
        "logs/coverage.log",
    # on the path of a new essay (shard -> coverage -> report): before the registry's gathering
    priority: 5
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
