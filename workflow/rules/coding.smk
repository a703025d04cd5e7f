# Apply the codebook to each coder's file: resolve codes, check every segment against the text.


rule apply_codebook:
    input:
        coding=coding_file,
        codebook="results/codebook/codebook.parquet",
        essays="results/ingest/essays.parquet",
        gate="results/deid/status.parquet",
    output:
        out="results/coding/{coder}.parquet",
    params:
        coder="{coder}",
        code=CODE_VERSION,
    log:
        "logs/apply_codebook/{coder}.log",
    script:
        "../scripts/run_stage.py"
