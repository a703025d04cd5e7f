"""Running a stage as a Snakemake job: logging to the rule's log, the rule's named inputs,
outputs and params as keyword arguments, and bad input as a message rather than a traceback.

Not for the stages themselves (see :mod:`thematic.stages`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from thematic import provenance, stages
from thematic.errors import InputError

log = logging.getLogger("thematic")
# Params that are for Snakemake, not the stage: the code fingerprint makes a rule re-run when
# the code it runs changes (Snakemake alone watches only rule text).
SNAKEMAKE_ONLY = ("code",)


def stage_of(rule: str) -> Callable[..., None]:
    """The stage function of a rule: ``thematic.stages.<rule>``."""
    function = getattr(stages, rule, None)
    if not callable(function):
        raise LookupError(f"rule {rule!r} has no stage function thematic.stages.{rule}")
    return function


def job_arguments(smk: Any) -> dict[str, Any]:
    """The rule's named inputs, outputs and params as keyword arguments (an absent optional
    input, Snakemake's empty list, becomes None)."""
    kwargs: dict[str, Any] = {}
    for source in (smk.input, smk.output, smk.params):
        for name, value in source.items():
            if name in SNAKEMAKE_ONLY:
                continue
            if name in kwargs:
                raise ValueError(f"rule {smk.rule}: {name!r} names an input and an output")
            if isinstance(value, list):  # Snakemake's named lists
                value = list(value) or None
            kwargs[name] = value
    return kwargs


def run_snakemake_job(smk: Any) -> None:
    """Entry point of ``workflow/scripts/run_stage.py``: run the rule's stage, log to its log.

    Bad input ends the job with the message (file, line, what, how to fix) and exit status 1;
    no traceback, and Snakemake removes the job's outputs.
    """
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if smk.log:
        Path(smk.log[0]).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(smk.log[0], mode="w", encoding="utf-8"))
    logging.basicConfig(
        level=logging.INFO,
        handlers=handlers,
        force=True,
        format=f"[{smk.rule}] %(levelname)s %(message)s",
    )
    provenance.set_run_context(smk.config, smk.config.get("codebook"))
    try:
        stage_of(smk.rule)(**job_arguments(smk))
    except InputError as err:
        log.error("%s", err)
        sys.exit(1)
