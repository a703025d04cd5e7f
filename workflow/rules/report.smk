# The study report, built from the artifacts only (never from essay text): report.md, and
# results/report/ (index.html, methods.md, figures as SVG and PNG).
# Runs thematic.stages.report.


rule report:
    input:
        codebook=artifact("codebook"),
        codebook_source=config["codebook"],
        coverage=artifact("coverage"),
        deid_status=artifact("deid_status"),
        disagreements=artifact("disagreements"),
        unused_decisions=artifact("unused_decisions"),
        agreement=artifact("agreement"),
        code_counts=artifact("code_counts"),
        theme_counts=artifact("theme_counts"),
        cooccurrence=artifact("cooccurrence"),
        presence=artifact("presence"),
        consensus=artifact("consensus"),
        codings=expand(artifact("coding"), coder=CODERS),
        suggestions=suggest_artifact("suggestions"),
        suggest_agreement=suggest_artifact("suggest_agreement"),
    output:
        report=report(
            artifact("report"), caption="../report/report.rst", category="Report"
        ),
        html=report(
            artifact("report_html"), caption="../report/html.rst", category="Report"
        ),
        methods=artifact("report_methods"),
        figures=report(
            expand(artifact("report_figure_svg"), figure=FIGURES),
            caption="../report/figures.rst",
            category="Figures",
        ),
        pngs=expand(artifact("report_figure_png"), figure=FIGURES),
    log:
        "logs/report.log",
    conda:
        "../envs/thematic.yaml"
    params:
        title=config["report"]["title"],
        policy=config["deid"]["policy"],
        fingerprint_key=FINGERPRINT_KEY,
        suggest_threshold=config["suggest"]["threshold"],
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
