"""The ``thematic`` command line: every subcommand is registered and bad calls exit cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from thematic.cli import COMMANDS, build_parser, main


def test_every_subcommand_is_registered_with_help() -> None:
    parser = build_parser()
    for name in COMMANDS:
        with pytest.raises(SystemExit) as done:
            parser.parse_args([name, "--help"])
        assert done.value.code == 0


def test_run_refuses_a_folder_that_is_not_a_study(tmp_path: Path, capsys) -> None:
    assert main(["run", str(tmp_path)]) == 2
    assert "has no resources/ folder" in capsys.readouterr().err


def test_version(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("thematic ")
