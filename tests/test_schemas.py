"""The data contracts refuse what they should, and a refused artifact is never written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from thematic import schemas
from thematic.io import artifact_metadata, read_artifact, write_artifact


def _essays(**override) -> pd.DataFrame:
    row = {
        "essay_id": "e1",
        "source_file": "resources/essays/e1.txt",
        "sha256": "a" * 64,
        "n_chars": 10,
        "n_words": 2,
        "deid_status": "cleared",
        "text": "hello you!",
    }
    row.update(override)
    return pd.DataFrame([row])


@pytest.mark.parametrize(
    "bad",
    [
        {"n_chars": -1},
        {"sha256": "not-a-hash"},
        {"deid_status": "maybe"},
        {"essay_id": "has space"},
        {"unexpected_column": "x"},
    ],
)
def test_essays_schema_refuses_and_nothing_is_written(tmp_path: Path, bad: dict) -> None:
    target = tmp_path / "essays.parquet"
    with pytest.raises(AssertionError, match="violates schema Essays"):
        write_artifact(_essays(**bad), target, schemas.Essays)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind either


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    frame = pd.concat([_essays(), _essays()], ignore_index=True)
    with pytest.raises(AssertionError, match="essay_id"):
        write_artifact(frame, tmp_path / "e.parquet", schemas.Essays)
    presence = pd.DataFrame(
        {
            "essay_id": ["e1", "e1"],
            "code": ["c", "c"],
            "coder": ["a", "a"],
            "applied": [True, False],
            "n_segments": [1, 0],
        }
    )
    with pytest.raises(AssertionError, match="Presence"):
        write_artifact(presence, tmp_path / "p.parquet", schemas.Presence)


def test_metadata_columns_are_allowed_only_with_the_meta_prefix(tmp_path: Path) -> None:
    write_artifact(_essays(meta_role="nurse"), tmp_path / "ok.parquet", schemas.Essays)
    with pytest.raises(AssertionError):
        write_artifact(_essays(role="nurse"), tmp_path / "bad.parquet", schemas.Essays)


def test_round_trip_keeps_values_and_stamps_provenance(tmp_path: Path) -> None:
    source = tmp_path / "input.txt"
    source.write_text("x")
    target = tmp_path / "essays.parquet"
    write_artifact(_essays(), target, schemas.Essays, inputs=[source], params={"policy": "q"})
    back = read_artifact(target, schemas.Essays)
    assert back.loc[0, "text"] == "hello you!"
    meta = artifact_metadata(target)
    assert meta["thematic.schema"] == "Essays"
    assert '"policy":"q"' in meta["thematic.params"]
    assert str(tmp_path) not in meta["thematic.inputs"]  # no absolute paths inside artifacts


def test_writing_twice_gives_identical_bytes(tmp_path: Path) -> None:
    write_artifact(_essays(), tmp_path / "a.parquet", schemas.Essays)
    write_artifact(_essays(), tmp_path / "b.parquet", schemas.Essays)
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_every_schema_field_is_described() -> None:
    models = [
        m
        for m in vars(schemas).values()
        if isinstance(m, type) and issubclass(m, schemas._Strict) and m is not schemas._Strict
    ]
    assert len(models) >= 12
    for model in models:
        for name, column in model.to_schema().columns.items():
            assert column.description, f"{model.__name__}.{name} has no description"
