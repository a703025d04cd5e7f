"""Every input of a study checked in one pass: ``thematic check`` and the workflow's first step.

:func:`check_study` reads the config, the codebook, the essays, every coder's file, the
decisions, the waivers and the manifest, with the same readers the stages use, and returns
every problem found (file and line, what is wrong, how to fix it), so a user fixes them all at
once rather than one stage per run. It reads but does not analyse: no de-identification scan,
no merging, no agreement.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from thematic.config import config_problems, defaults, with_defaults
from thematic.errors import InputError, Problem

CONFIG_FILE = "config/config.yaml"


@dataclass
class Checked:
    """What a check found, and what it read (for the summary line)."""

    problems: list[Problem] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)  # kind of input -> files read

    def collect(self, check: Callable[[], Any]) -> Any:
        """Run ``check``, keeping the problems it raises; its result, or None if it raised."""
        try:
            return check()
        except InputError as err:
            self.problems.extend(err.problems)
            return None


def check_study(root: str | Path = ".", config: Mapping[str, Any] | None = None) -> Checked:
    """Every problem with the inputs of the study in ``root``.

    ``config``: the run's config (defaults filled in) when the workflow calls; else
    ``root/config/config.yaml`` is read and checked too. File names in the problems are
    relative to ``root``, as in the stages' messages.
    """
    checked = Checked()
    with contextlib.chdir(root):
        if config is None:
            config = _read_config(checked)
        _check_inputs(checked, config)
    return checked


def _read_config(checked: Checked) -> dict[str, Any]:
    path = Path(CONFIG_FILE)
    if not path.exists():
        return defaults()
    text = path.read_text("utf-8")
    try:
        given = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        checked.problems.append(
            Problem(
                CONFIG_FILE,
                "not valid YAML.",
                "check indentation and quoting (key: value, two spaces per level).",
                line=mark.line + 1 if mark else None,
            )
        )
        return defaults()
    checked.read["config"] = 1
    found = config_problems(given, CONFIG_FILE, text)
    checked.problems.extend(found)
    # with a broken config the rest is checked where the defaults would put it
    return defaults() if found else with_defaults(given)


def _check_inputs(checked: Checked, config: Mapping[str, Any]) -> None:
    # imported here: the config alone is checked without pandas
    from thematic import coding
    from thematic.adjudication.decisions import read_decisions
    from thematic.checks.coders import unread_files
    from thematic.deid.waivers import read_waivers
    from thematic.ingest import decode_essay, discover_essays, read_manifest
    from thematic.interop.coders import read_coder_file
    from thematic.interop.discovery import discover_coders
    from thematic.layout import decision_files

    codebook = checked.collect(lambda: _codebook(_existing(config["codebook"], "codebook")))
    checked.read["codebook"] = 1
    essay_files = checked.collect(lambda: discover_essays(config["essays_dir"])) or []
    if not essay_files and not Path(config["essays_dir"]).is_dir():
        checked.problems.append(
            Problem(config["essays_dir"], "no such folder.", "add essay files (*.txt, *.md).")
        )
    texts = {}
    for path in essay_files:
        text = checked.collect(lambda path=path: decode_essay(path.read_bytes(), str(path)))
        texts[path.stem] = text  # an unreadable essay is listed: rows for it are not "unknown"
    checked.read["essays"] = len(essay_files)
    known = set(texts)
    if Path(config["manifest"]).exists():
        checked.collect(lambda: read_manifest(config["manifest"], known_ids=known))
        checked.read["manifest"] = 1
    if Path(config["deid"]["waivers"]).exists():
        checked.collect(lambda: read_waivers(config["deid"]["waivers"]))
        checked.read["waivers"] = 1
    coders = checked.collect(lambda: discover_coders(config["codings_dir"])) or {}
    checked.problems.extend(unread_files(config["codings_dir"]))
    if not coders:
        checked.problems.append(
            Problem(
                config["codings_dir"],
                "no coders' files.",
                "add one file per coder (the coder is the file name, e.g. coder_a.csv).",
            )
        )
    essays = _essay_table(texts)
    for coder, path in coders.items():
        read = checked.collect(lambda coder=coder, path=path: read_coder_file(path, coder, essays))
        if read is not None and codebook is not None:
            checked.collect(
                lambda coder=coder, path=path, rows=read[0]: coding.apply_codebook(
                    rows, coder=coder, codebook=codebook, essays=essays, file=str(path)
                )
            )
    checked.read["coders"] = len(coders)
    sheets = decision_files(config["decisions"])
    if codebook is not None and sheets:
        checked.collect(lambda: read_decisions(sheets, codebook, known))
        checked.read["decisions"] = len(sheets)


def _codebook(path: str) -> Any:
    """The codebook as the codebook stage reads it: YAML, or a REFI-QDA codebook (.qdc)."""
    from thematic.codebook import load_codebook
    from thematic.interop.codebook import qdc_codebook_frame

    return qdc_codebook_frame(path) if Path(path).suffix.lower() == ".qdc" else load_codebook(path)


def _existing(path: str, what: str) -> str:
    if not Path(path).is_file():
        raise InputError.single(
            path, f"no {what} file here.", f"write the {what}, or set its path."
        )
    return path


def _essay_table(texts: Mapping[str, str | None]) -> Any:
    import pandas as pd

    return pd.DataFrame({"essay_id": list(texts), "text": list(texts.values())})
