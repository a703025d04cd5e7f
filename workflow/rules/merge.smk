# Merge coders: coverage, presence, disagreements, adjudication, consensus.


rule merge:
    input:
        codings=expand("results/coding/{coder}.parquet", coder=CODERS),
        codebook="results/codebook/codebook.parquet",
        essays="results/ingest/essays.parquet",
        decisions=optional_decisions,
    output:
        coverage="results/merge/coverage.parquet",
        presence="results/merge/presence.parquet",
        disagreements="results/merge/disagreements.parquet",
        consensus=report("results/merge/consensus.parquet", caption="../report/consensus.rst",
                         category="3. Coding"),
        pending="results/adjudication/pending.csv",
        unused="results/adjudication/unused_decisions.csv",
    params:
        code=CODE_VERSION,
    log:
        "logs/merge.log",
    script:
        "../scripts/run_stage.py"
