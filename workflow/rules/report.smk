# The study report, built from the artifacts only (never from essay text).
# Runs thematic.stages.report.


rule report:
    input:
        codebook=artifact("codebook"),
        coverage=artifact("coverage"),
        deid_status=artifact("deid_status"),
        disagreements=artifact("disagreements"),
        unused_decisions=artifact("unused_decisions"),
        agreement=artifact("agreement"),
        code_counts=artifact("code_counts"),
        theme_counts=artifact("theme_counts"),
        cooccurrence=artifact("cooccurrence"),
    output:
        report=report(
            artifact("report"), caption="../report/report.rst", category="Report"
        ),
    log:
        "logs/report.log",
    conda:
        "../envs/thematic.yaml"
    params:
        title=config["report"]["title"],
        policy=config["deid"]["policy"],
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
