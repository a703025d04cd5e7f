# Theme tabulation: essays per code and theme (consensus and each coder), co-occurrence.


rule themes:
    input:
        consensus="results/merge/consensus.parquet",
        presence="results/merge/presence.parquet",
        codebook="results/codebook/codebook.parquet",
    output:
        codes="results/themes/code_counts.parquet",
        themes="results/themes/theme_counts.parquet",
        cooccurrence="results/themes/cooccurrence.parquet",
    log:
        "logs/themes.log",
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
