# Codebook: check config/codebook.yaml and flatten it to one row per code.


rule codebook:
    input:
        codebook=config["codebook"],
    output:
        out="results/codebook/codebook.parquet",
    log:
        "logs/codebook.log",
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
