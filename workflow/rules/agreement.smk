# Inter-coder agreement at three units of analysis (essay presence, segment overlap,
# characters), per code, theme and overall, and for each pair of coders.
# Runs thematic.stages.agreement.


rule agreement:
    input:
        presence=artifact("presence"),
        codings=expand(artifact("coding"), coder=CODERS),
        essays=expand(artifact("essay_shard"), shard=CODED_SHARDS),
        codebook=artifact("codebook"),
    output:
        agreement=artifact("agreement"),
        pairwise=artifact("pairwise"),
    log:
        "logs/agreement.log",
    priority: 10
    conda:
        "../envs/thematic.yaml"
    params:
        n_boot=config["agreement"]["bootstrap"],
        seed=config["agreement"]["seed"],
        min_overlap=config["agreement"]["min_overlap"],
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
