# Glue: configuration, the frozen list of essays and coders, and input functions.
import sys
import threading

# the package beside this Snakefile, whatever is installed
sys.path.insert(0, str(REPO / "workflow"))

from thematic.artifacts import FIGURES, all_paths
from thematic.checks import check_study
from thematic.artifacts import path as artifact
from thematic.config import config_problems, defaults, with_defaults
from thematic.errors import InputError
from thematic.ids import ID_CHARACTERS
from thematic.interop.discovery import discover_coders
from thematic.layout import (
    UNCODED_SHARD,
    decision_files,
    discover_essays,
    essay_shards,
    mentioned_essay_ids,
)
from thematic.provenance import code_fingerprint
from thematic import stale
from thematic.gate import KEY_SOURCES, fingerprint_key


def dry_run():
    """Whether this is a dry run (-n), which must change nothing; at parse time Snakemake has
    not yet set workflow.dryrun, so the command line is read too."""
    return workflow.dryrun or any(
        arg in ("--dry-run", "--dryrun")
        or (arg.startswith("-") and not arg.startswith("--") and "n" in arg[1:])
        for arg in sys.argv[1:]
    )


# Every input checked before any job, as `thematic check` does: a build with bad input fails
# at once with the complete list (config first, one line per problem), not one stage per run.
# The inputs are checked once per run (not in cluster jobs, which parse this file again), and
# not when only clearing a killed run's lock.
CONFIG_FILE = Path("config/config.yaml")
input_problems = config_problems(
    config,
    str(CONFIG_FILE),
    CONFIG_FILE.read_text("utf-8") if CONFIG_FILE.exists() else None,
)
if workflow.is_main_process and "--unlock" not in sys.argv:
    input_problems += check_study(
        ".", defaults() if input_problems else with_defaults(config)
    ).problems
if input_problems:
    print(str(InputError(input_problems, max_shown=10_000)), file=sys.stderr)
    if workflow.is_main_process and not dry_run():
        stale.set_aside(
            ".", f"{len(input_problems)} input problem(s) found before any job."
        )
    raise WorkflowError(
        f"{len(input_problems)} input problem(s), listed above; no job was run. Fix them "
        "and run again (`thematic check` lists them without a build)."
    )
config.update(with_defaults(config))

# Where the deid fingerprint key comes from (environment, file or default; never the key): the
# report says it, and a run on the public default says so once here rather than once per job.
FINGERPRINT_KEY = fingerprint_key(Path("."))[1]

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
# Every CSV and XLSX file the key `decisions` names (a folder, a glob, or one file).
DECISION_FILES = [str(path) for path in decision_files(config["decisions"])]
# Essays some coder's file or a decision mentions go to numbered shards (crc32 of the id), the
# rest to the "uncoded" shard: the coders' side of the workflow reads only the numbered ones, so
# a new essay re-runs its shard, the registry, coverage, report and audit, not the analysis.
SHARD_FILES = essay_shards(
    ESSAY_FILES,
    config["n_shards"],
    mentioned_essay_ids(
        [
            *sorted({str(path) for path in CODER_FILES.values()}),
            *DECISION_FILES,
        ],
        known={Path(path).stem for path in ESSAY_FILES},
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


def decision_sheets(wildcards):
    return DECISION_FILES


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


def declared_inputs():
    """{artifact a person reads: the files its rule declares as inputs}. Their formats carry
    no provenance of their own, so the audit records these for them (the Parquet artifacts
    record their inputs themselves). Read when the audit rule is parsed, after every other.
    """
    lineage = {}
    for declared in workflow.rules:
        for output in map(str, declared.output):
            if output.endswith(".parquet") or "{" in output:
                continue
            inputs = []
            for item in declared.input:
                item = item(None) if callable(item) else item
                inputs.extend([item] if isinstance(item, str) else item)
            lineage[output] = sorted(map(str, inputs))
    return lineage


onstart:
    if FINGERPRINT_KEY == "default":
        print(
            f"note: de-identification fingerprints use {KEY_SOURCES['default']}; for real "
            "essays set a secret one (README, 'The fingerprint key').",
            file=sys.stderr,
        )


onsuccess:
    stale.clear(".")
    cancel_rescheduling_timers()


onerror:
    # the report, sheets and exports of the last good build must not pass for current ones
    stale.set_aside(".", stale.failure_of(log))
    cancel_rescheduling_timers()
