# Merge coders: the adjudicators' decisions, presence, disagreements, consensus over the essays
# every coder has coded, the pending adjudication sheets; and coverage, where every essay stands.
# Runs thematic.stages.decisions, .merge, .adjudication_sheet and .coverage.


# Its own rule, before merge: a bad decision stops the run here, so the pending sheets the
# adjudicator works from (written after merge) are not touched.
rule decisions:
    input:
        sheets=decision_sheets,
        codebook=artifact("codebook"),
        essays=expand(artifact("essay_shard"), shard=CODED_SHARDS),
    output:
        decisions=artifact("decisions"),
    log:
        "logs/decisions.log",
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"


rule merge:
    input:
        codings=expand(artifact("coding"), coder=CODERS),
        codebook=artifact("codebook"),
        essays=expand(artifact("essay_shard"), shard=CODED_SHARDS),
        decisions=artifact("decisions"),
    output:
        presence=artifact("presence"),
        disagreements=artifact("disagreements"),
        consensus=artifact("consensus"),
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


rule adjudication_sheet:
    input:
        disagreements=artifact("disagreements"),
        unused_decisions=artifact("unused_decisions"),
        codings=expand(artifact("coding"), coder=CODERS),
        codebook=artifact("codebook"),
        essays=expand(artifact("essay_shard"), shard=CODED_SHARDS),
    output:
        pending=report(
            artifact("pending"),
            caption="../report/pending.rst",
            category="Adjudication",
        ),
        pending_xlsx=report(
            artifact("pending_xlsx"),
            caption="../report/pending.rst",
            category="Adjudication",
        ),
    log:
        "logs/adjudication_sheet.log",
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
