# Export: the study handed back to the coders' QDA tools, as a REFI-QDA project (codebook,
# analysed essays the gate cleared, each coder's codings, the consensus) and codebook.
# Runs thematic.stages.export.


rule export:
    input:
        codebook=artifact("codebook"),
        essays=expand(artifact("essay_shard"), shard=CODED_SHARDS),
        consensus=artifact("consensus"),
        codings=expand(artifact("coding"), coder=CODERS),
    output:
        project=artifact("export_project"),
        qdc=artifact("export_codebook"),
    log:
        "logs/export.log",
    conda:
        "../envs/thematic.yaml"
    params:
        title=config["report"]["title"],
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
