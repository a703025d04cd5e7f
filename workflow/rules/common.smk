# Glue: configuration, the frozen list of essays and coders, and input functions.
import sys

from snakemake.utils import validate

sys.path.insert(0, str(REPO / "workflow"))  # the package beside this Snakefile, whatever is installed

from thematic.errors import InputError
from thematic.layout import discover_essays, shard_of
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
# Every shard exists, even an empty one, so no shard artifact outlives the essays it held.
SHARDS = list(range(config["n_shards"]))
SHARD_FILES = {shard: [] for shard in SHARDS}
for _path in ESSAY_FILES:
    SHARD_FILES[shard_of(_path.stem, config["n_shards"])].append(str(_path))
CODERS = sorted(p.stem for p in Path(config["codings_dir"]).glob("*.csv"))
if not CODERS:
    raise WorkflowError(
        f"no coding files (*.csv) in {config['codings_dir']}/: add one CSV per coder."
    )


# Jobs of a second or less: on a cluster they run beside Snakemake rather than wait in a queue.
localrules:
    codebook,
    report,


wildcard_constraints:
    shard=r"\d+",
    coder=r"[A-Za-z0-9][A-Za-z0-9_.\-]*",


def shard_essays(wildcards):
    return SHARD_FILES[int(wildcards.shard)]


def optional(path):
    """An input that may be absent: no input at all when the file does not exist."""
    return path if Path(path).exists() else []


def optional_manifest(wildcards):
    return optional(config["manifest"])


def optional_waivers(wildcards):
    return optional(config["deid"]["waivers"])


def optional_decisions(wildcards):
    return optional(config["decisions"])


def coding_file(wildcards):
    return f"{config['codings_dir']}/{wildcards.coder}.csv"
