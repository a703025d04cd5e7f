# Theme tabulation: essays per code and theme (consensus and each coder), co-occurrence.
# Runs thematic.stages.themes.


rule themes:
    input:
        consensus=artifact("consensus"),
        presence=artifact("presence"),
        codebook=artifact("codebook"),
    output:
        code_counts=artifact("code_counts"),
        theme_counts=artifact("theme_counts"),
        cooccurrence=artifact("cooccurrence"),
    log:
        "logs/themes.log",
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
