"""The I/O edge of the pipeline: one function per Snakemake rule, named after the rule.

Each reads the rule's inputs, calls the pure functions of the package and writes validated
artifacts; its keyword parameters are exactly the rule's named inputs, outputs and params, as
plain paths and values, so every stage runs and is tested without Snakemake.
``workflow/scripts/run_stage.py`` runs ``thematic.stages.<rule name>`` (see :mod:`.job`).

Every job imports this package, so every stage module; a stage that needs a heavy library
(scikit-learn, scipy, matplotlib, lxml) imports its domain package inside the function, which
saves the other jobs seconds of start-up each (``tests/test_structure.py`` checks the merge job).

| rule file | rules (= functions) |
|---|---|
| ingest.smk | ingest_shard, ingest |
| deid.smk | deid |
| codebook.smk | codebook |
| coding.smk | apply_codebook |
| merge.smk | decisions, merge, adjudication_sheet, coverage |
| agreement.smk | agreement |
| themes.smk | themes |
| suggest.smk | suggest_train, suggest |
| report.smk | report |
| export.smk | export |
| audit.smk | audit |
"""

from thematic.stages.agreement import agreement
from thematic.stages.audit import audit
from thematic.stages.codebook import codebook
from thematic.stages.coding import apply_codebook
from thematic.stages.deid import deid
from thematic.stages.export import export
from thematic.stages.ingest import ingest, ingest_shard
from thematic.stages.merge import adjudication_sheet, coverage, decisions, merge
from thematic.stages.report import report
from thematic.stages.suggest import suggest, suggest_train
from thematic.stages.themes import themes

__all__ = [
    "adjudication_sheet",
    "agreement",
    "apply_codebook",
    "audit",
    "codebook",
    "coverage",
    "decisions",
    "deid",
    "export",
    "ingest",
    "ingest_shard",
    "merge",
    "report",
    "suggest",
    "suggest_train",
    "themes",
]
