# Machine suggestions: a model per code fitted on the consensus of the coded essays, with its
# cross-validated agreement and learning curve (suggest_train); codes suggested for the
# essays awaiting coding, and the coding queue (suggest). Two rules so that a new uncoded
# essay re-runs prediction, not training. Off with suggest.enabled: false.
# Runs thematic.stages.suggest_train and thematic.stages.suggest.


rule suggest_train:
    input:
        consensus=artifact("consensus"),
        presence=artifact("presence"),
        pairwise=artifact("pairwise"),
        codebook=artifact("codebook"),
        essays=expand(artifact("essay_shard"), shard=CODED_SHARDS),
    output:
        model=artifact("suggest_model"),
        agreement=artifact("suggest_agreement"),
        learning_curve=artifact("suggest_learning_curve"),
    log:
        "logs/suggest_train.log",
    conda:
        "../envs/thematic.yaml"
    params:
        seed=config["suggest"]["seed"],
        folds=config["suggest"]["folds"],
        min_essays=config["suggest"]["min_essays"],
        n_boot=config["agreement"]["bootstrap"],
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"


rule suggest:
    input:
        model=artifact("suggest_model"),
        coverage=artifact("coverage"),
        codebook=artifact("codebook"),
        essays=expand(artifact("essay_shard"), shard=[UNCODED_SHARD]),
    output:
        suggestions=artifact("suggestions"),
        queue=report(
            artifact("suggest_queue"),
            caption="../report/suggest_queue.rst",
            category="Suggestions",
        ),
    log:
        "logs/suggest.log",
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
