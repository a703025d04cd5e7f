# Inter-coder agreement at the essay-presence level: per code, per theme and overall.


rule agreement:
    input:
        presence="results/merge/presence.parquet",
        codebook="results/codebook/codebook.parquet",
    output:
        out="results/agreement/agreement.parquet",
    params:
        n_boot=config["agreement"]["bootstrap"],
        seed=config["agreement"]["seed"],
        code=CODE_VERSION,
    log:
        "logs/agreement.log",
    script:
        "../scripts/run_stage.py"
