# The study report, built from the artifacts only (never from essay text).


rule report:
    input:
        codebook="results/codebook/codebook.parquet",
        coverage="results/merge/coverage.parquet",
        deid_status="results/deid/status.parquet",
        disagreements="results/merge/disagreements.parquet",
        unused="results/adjudication/unused_decisions.csv",
        agreement="results/agreement/agreement.parquet",
        code_counts="results/themes/code_counts.parquet",
        theme_counts="results/themes/theme_counts.parquet",
        cooccurrence="results/themes/cooccurrence.parquet",
    output:
        out=report(
            "results/report.md", caption="../report/report.rst", category="Report"
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
