"""The study report: results/report.md, and results/report/ (index.html, methods.md, figures/).

Built from the pipeline's artifacts only (:class:`ReportArtifacts`), never from essay text.
Modules: ``summary`` (the numbers, computed once), ``quotes`` (exemplar quotes, refusing text
of essays the de-identification gate did not clear), ``figures`` (matplotlib, deterministic),
``methods`` (the methods paragraph), ``markdown`` and ``html`` (rendering), ``build`` (every
file as bytes: the entry point of the report stage).
"""

from thematic.report.artifacts import ReportArtifacts
from thematic.report.build import FIGURE_DIR, FIGURE_NAMES, HTML, MARKDOWN, METHODS, report_files
from thematic.report.methods import software_versions
from thematic.report.quotes import WithheldTextError, exemplar_quotes, withhold_unquotable

__all__ = [
    "FIGURE_DIR",
    "FIGURE_NAMES",
    "HTML",
    "MARKDOWN",
    "METHODS",
    "ReportArtifacts",
    "WithheldTextError",
    "exemplar_quotes",
    "report_files",
    "software_versions",
    "withhold_unquotable",
]
