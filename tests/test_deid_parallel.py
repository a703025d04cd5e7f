"""Scanning in worker processes finds exactly what a serial scan finds, in the same order."""

from __future__ import annotations

import functools
import sys

import pytest

from deid_corpus import make_corpus
from thematic.deid import detectors, lexicon, parallel, scan
from thematic.deid.parallel import batches, split_evenly, workers_for

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked on Linux")


def test_a_parallel_scan_equals_the_serial_one(monkeypatch):
    texts = [essay.text for essay in make_corpus(seed=3, n_phi=60, n_clean=30)]
    texts.insert(7, "Seen by Dr. Okafor\x00 on 3/4/2021")  # a NUL: scanned alone, in the parent
    serial = detectors.scan_texts(texts)
    monkeypatch.setattr(parallel, "MIN_TEXTS_PER_WORKER", 10)
    monkeypatch.setattr(parallel, "_cores", lambda: 3)
    monkeypatch.setattr(detectors, "BATCH_TEXTS", 20)  # several batches per worker
    used = []
    real = parallel.map_in_workers

    def spy(function, chunks, workers):
        used.append((workers, len(chunks)))
        return real(function, chunks, workers)

    monkeypatch.setattr(detectors, "map_in_workers", spy)
    assert detectors.scan_texts(texts) == serial  # in process unless asked
    assert used == []
    assert detectors.scan_texts(texts, workers=None) == serial
    assert used == [(3, 6)]
    assert detectors.scan_texts(texts, workers=2) == serial
    assert used[-1] == (2, 6)
    assert any(serial)


def test_a_few_texts_or_a_backend_are_scanned_in_process(monkeypatch):
    assert workers_for(parallel.MIN_TEXTS_PER_WORKER - 1, None) == 1
    monkeypatch.setattr(parallel, "MIN_TEXTS_PER_WORKER", 1)
    monkeypatch.setattr(detectors, "map_in_workers", pytest.fail)
    assert detectors.scan_texts(["Mrs. Okafor"], backends=[lambda text: []], workers=None)[0]


def test_the_deid_command_scans_on_every_core(monkeypatch, tmp_path, capsys):
    from thematic.cli import main

    for k in range(6):
        (tmp_path / f"e{k}.txt").write_text(f"Mrs. Okafor{k} phoned 555-123-456{k}.\n")
    monkeypatch.setattr(parallel, "MIN_TEXTS_PER_WORKER", 3)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    used = []
    real = parallel.map_in_workers
    monkeypatch.setattr(scan, "map_in_workers", lambda *a: used.append(a[2]) or real(*a))
    assert main(["deid", "scan", str(tmp_path), "--study", str(tmp_path)]) == 1
    assert used == [2]
    assert capsys.readouterr().out.count("\n") == 12


def test_finding_rows_from_workers_equal_the_serial_ones(monkeypatch):
    essays = [(e.essay_id, "sha", e.text) for e in make_corpus(seed=4, n_phi=40, n_clean=20)]
    serial = scan.finding_rows(essays, key=b"k")
    monkeypatch.setattr(parallel, "MIN_TEXTS_PER_WORKER", 10)
    monkeypatch.setattr(scan, "BATCH_TEXTS", 7)
    assert scan.finding_rows(essays, key=b"k", workers=2) == serial
    assert len(serial) > 60


def test_batches_are_cut_evenly_and_in_order():
    assert split_evenly(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert split_evenly([1, 2], 2) == [[1], [2]]
    assert [len(b) for b in batches(list(range(10_000)), 2000, 2)] == [1667] * 4 + [1666] * 2
    assert [len(b) for b in batches(list(range(4001)), 2000, 1)] == [1334, 1334, 1333]
    assert batches([], 2000, 2) == []


def test_every_word_list_is_loaded_before_forking():
    """load_word_lists names every cached list of the lexicon (is_english is a memo, not a list)."""
    cached = {
        name
        for name, value in vars(lexicon).items()
        if isinstance(value, functools._lru_cache_wrapper)
        and value.cache_parameters()["maxsize"] is None
    }
    assert cached == {load.__name__ for load in lexicon.WORD_LISTS}
