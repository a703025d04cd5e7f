# Merge coders: presence, disagreements, adjudication, consensus over the essays every coder
# has coded; and coverage, where every essay stands.
# Runs thematic.stages.merge and thematic.stages.coverage.


rule merge:
    input:
        codings=expand(artifact("coding"), coder=CODERS),
        codebook=artifact("codebook"),
        essays=expand(artifact("essay_shard"), shard=CODED_SHARDS),
        decisions=optional_decisions,
    output:
        presence=artifact("presence"),
        disagreements=artifact("disagreements"),
        consensus=artifact("consensus"),
        pending=report(
            artifact("pending"),
            caption="../report/pending.rst",
            category="Adjudication",
        ),
        unused_decisions=artifact("unused_decisions"),
    log:
        "logs/merge.log",
    # on the critical path: scheduled before the gathering steps that nothing here waits for
    priority: 10
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"


# Its own rule, and the only one of this stage that reads the "uncoded" shard: a new essay
# changes where essays stand, not what the coders found.
rule coverage:
    input:
        codings=expand(artifact("coding"), coder=CODERS),
        essays=expand(artifact("essay_shard"), shard=SHARDS),
    output:
        coverage=artifact("coverage"),
    log:
        "logs/coverage.log",
    # on the path of a new essay (shard -> coverage -> report): before the registry's gathering
    priority: 5
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
