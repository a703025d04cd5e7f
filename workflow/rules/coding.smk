# Apply the codebook to each coder's file: resolve codes, check every segment against the text.
# It reads the screened essay shards of coded essays (text already withheld where the gate did
# not clear it) rather than the gathered essays.parquet, so it need not wait for the gathering
# steps, and an essay no coder has coded yet does not make it run again.


rule apply_codebook:
    input:
        coding=coding_file,
        codebook="results/codebook/codebook.parquet",
        essays=expand("results/ingest/shards/{shard}.parquet", shard=CODED_SHARDS),
    output:
        out="results/coding/{coder}.parquet",
    log:
        "logs/apply_codebook/{coder}.log",
    priority: 10
    conda:
        "../envs/thematic.yaml"
    params:
        coder="{coder}",
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
