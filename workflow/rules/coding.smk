# Apply the codebook to each coder's file: resolve codes, check every segment against the text.
# It reads the screened essay shards of coded essays (text already withheld where the gate did
# not clear it) rather than the gathered essays.parquet, so it need not wait for the gathering
# steps, and an essay no coder has coded yet does not make it run again.
# Runs thematic.stages.apply_codebook.


rule apply_codebook:
    input:
        coding_file=coding_file,
        codebook=artifact("codebook"),
        essays=expand(artifact("essay_shard"), shard=CODED_SHARDS),
    output:
        coding=artifact("coding"),
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
