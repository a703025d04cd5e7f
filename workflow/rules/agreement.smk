# Inter-coder agreement at three units of analysis (essay presence, segment overlap,
# characters), per code, theme and overall, and for each pair of coders.


rule agreement:
    input:
        presence="results/merge/presence.parquet",
        codings=expand("results/coding/{coder}.parquet", coder=CODERS),
        essays=expand("results/ingest/shards/{shard}.parquet", shard=CODED_SHARDS),
        codebook="results/codebook/codebook.parquet",
    output:
        out="results/agreement/agreement.parquet",
        pairwise="results/agreement/pairwise.parquet",
    log:
        "logs/agreement.log",
    priority: 10
    conda:
        "../envs/thematic.yaml"
    params:
        n_boot=config["agreement"]["bootstrap"],
        seed=config["agreement"]["seed"],
        min_overlap=config["agreement"]["min_overlap"],
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
