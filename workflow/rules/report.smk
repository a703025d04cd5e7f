# The study report, built from the artifacts only (never from essay text).

REPORT_FIGURES = ["prevalence", "agreement_forest", "cooccurrence", "disagreement"]


rule report:
    input:
        codebook="results/codebook/codebook.parquet",
        codebook_yaml=config["codebook"],
        coverage="results/merge/coverage.parquet",
        deid_status="results/deid/status.parquet",
        disagreements="results/merge/disagreements.parquet",
        unused="results/adjudication/unused_decisions.csv",
        agreement="results/agreement/agreement.parquet",
        code_counts="results/themes/code_counts.parquet",
        theme_counts="results/themes/theme_counts.parquet",
        cooccurrence="results/themes/cooccurrence.parquet",
        presence="results/merge/presence.parquet",
        consensus="results/merge/consensus.parquet",
        codings=expand("results/coding/{coder}.parquet", coder=CODERS),
    output:
        out=report(
            "results/report.md", caption="../report/report.rst", category="Report"
        ),
        html=report(
            "results/report/index.html",
            caption="../report/html.rst",
            category="Report",
        ),
        methods="results/report/methods.md",
        figures=report(
            expand("results/report/figures/{figure}.svg", figure=REPORT_FIGURES),
            caption="../report/figures.rst",
            category="Figures",
        ),
        pngs=expand("results/report/figures/{figure}.png", figure=REPORT_FIGURES),
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
