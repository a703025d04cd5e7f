# Glue: configuration, the frozen list of essays and coders, and input functions.
import sys
import threading

from snakemake.utils import validate

# the package beside this Snakefile, whatever is installed
sys.path.insert(0, str(REPO / "workflow"))

from thematic.artifacts import FIGURES, all_paths
from thematic.artifacts import path as artifact
from thematic.errors import InputError
from thematic.ids import ID_CHARACTERS
from thematic.interop.discovery import discover_coders
from thematic.layout import (
    UNCODED_SHARD,
    discover_essays,
    essay_shards,
    mentioned_essay_ids,
)
from thematic.provenance import code_fingerprint

validate(config, schema="../schemas/config.schema.yaml", set_default=True)

# Results made by other code are stale: every rule takes this as a param, so Snakemake re-runs
# it when any module of the package changes (Snakemake alone watches only rule text).
CODE_VERSION = code_fingerprint()

# The essays and coders of this run, frozen when the workflow is parsed: an essay that arrives
# mid-run waits for the next run.
try:
    ESSAY_FILES = discover_essays(config["essays_dir"])
except InputError as err:
    raise WorkflowError(str(err))
if not ESSAY_FILES:
    raise WorkflowError(
        f"no essays (*.txt, *.md) in {config['essays_dir']}/: add essay files, "
        "or set essays_dir in config/config.yaml."
    )
# One coder per .csv or .xlsx file, and one per user who coded in each REFI-QDA project there.
try:
    CODER_FILES = discover_coders(config["codings_dir"])
except InputError as err:
    raise WorkflowError(str(err))
CODERS = list(CODER_FILES)
if not CODERS:
    raise WorkflowError(
        f"no coding files (*.csv, *.xlsx, *.qdpx) in {config['codings_dir']}/: add one file "
        "per coder, or a coder's REFI-QDA export."
    )
# Essays some coder's file or a decision mentions go to numbered shards (crc32 of the id), the
# rest to the "uncoded" shard: the coders' side of the workflow reads only the numbered ones, so
# a new essay re-runs its shard, the registry, coverage, report and audit, not the analysis.
SHARD_FILES = essay_shards(
    ESSAY_FILES,
    config["n_shards"],
    mentioned_essay_ids(
        [
            *sorted({str(path) for path in CODER_FILES.values()}),
            *([config["decisions"]] if Path(config["decisions"]).exists() else []),
        ]
    ),
)
SHARDS = list(SHARD_FILES)  # all of them, "uncoded" last
CODED_SHARDS = [shard for shard in SHARDS if shard != UNCODED_SHARD]


# Jobs of a second or less: on a cluster they run beside Snakemake rather than wait in a queue.
localrules:
    codebook,
    report,


wildcard_constraints:
    shard=rf"\d+|{UNCODED_SHARD}",
    coder=ID_CHARACTERS,


def shard_essays(wildcards):
    return SHARD_FILES[wildcards.shard]


def optional(path):
    """An input that may be absent: no input at all when the file does not exist."""
    return path if Path(path).exists() else []


def optional_manifest(wildcards):
    return optional(config["manifest"])


def optional_waivers(wildcards):
    return optional(config["deid"]["waivers"])


def optional_decisions(wildcards):
    return optional(config["decisions"])


SUGGESTING = config["suggest"]["enabled"]


def suggest_outputs(wildcards):
    """The suggest stage's artifacts, or nothing when suggest.enabled is false."""
    if not SUGGESTING:
        return []
    return [artifact("suggestions"), artifact("suggest_queue")]


def suggest_artifact(name):
    """An input function: the suggest artifact ``name``, or no input when suggestions are off."""

    def path(wildcards):
        return artifact(name) if SUGGESTING else []

    return path


def coding_file(wildcards):
    return str(CODER_FILES[wildcards.coder])


def cancel_rescheduling_timers():
    """Snakemake's job-rate limiter arms a one-second ``threading.Timer`` (not a daemon) on each
    scheduling pass, and the interpreter waits for the last one before it exits: every run that
    executed jobs would end about a second after its work is done. The run is over when this
    is called, so nothing is left for those timers to wake."""
    for thread in threading.enumerate():
        function = getattr(thread, "function", None)
        if isinstance(thread, threading.Timer) and "_schedule_reevalutation" in getattr(
            function, "__qualname__", ""
        ):
            thread.cancel()


onsuccess:
    cancel_rescheduling_timers()


onerror:
    cancel_rescheduling_timers()
