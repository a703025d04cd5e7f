# Codebook: check config/codebook.yaml and flatten it to one row per code.
# Runs thematic.stages.codebook.


rule codebook:
    input:
        source=config["codebook"],
    output:
        codebook=artifact("codebook"),
    log:
        "logs/codebook.log",
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
