# Codebook: check config/codebook.yaml and flatten it to one row per code.


rule codebook:
    input:
        codebook=config["codebook"],
    output:
        out="results/codebook/codebook.parquet",
    params:
        code=CODE_VERSION,
    log:
        "logs/codebook.log",
    script:
        "../scripts/run_stage.py"
