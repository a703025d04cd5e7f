"""Thousands of texts scanned on every core: batches in forked workers, findings in order.

A batch's findings depend on its own texts only (:func:`thematic.deid.scan_texts`: names are
judged text by text, every pattern match is moved back to its text), so batches can be scanned
in any process and put back in order: the findings are those of a serial scan
(tests/test_deid_parallel.py). Workers are forked once the word lists are loaded, so they share
one copy. Callers opt in (``workers=None`` in :func:`thematic.deid.scan_texts`; the ``thematic
deid`` command does): a pipeline's job is scheduled on one core. Not for small inputs (a pool
costs tens of milliseconds to start), nor where forking is unavailable or unsafe (off Linux, in a
daemonic process): the caller scans serially. Not for deciding anything.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from thematic.deid.lexicon import load_word_lists

# A worker is worth starting for this many texts (about a second of scanning).
MIN_TEXTS_PER_WORKER = 2000

Item = TypeVar("Item")
Batch = TypeVar("Batch")
Result = TypeVar("Result")


def workers_for(n_texts: int, most: int | None) -> int:
    """How many processes should scan ``n_texts``: at most ``most`` (None: one per core), and
    1 (in process) unless a pool can run and pays."""
    if (
        most == 1
        or not sys.platform.startswith("linux")  # macOS offers fork, but frameworks crash in it
        or multiprocessing.current_process().daemon  # a daemon may not have children
    ):
        return 1
    return max(1, min(most or _cores(), n_texts // MIN_TEXTS_PER_WORKER))


def _cores() -> int:
    """Cores this process may run on (its affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def batches(items: list[Item], size: int, workers: int) -> list[list[Item]]:
    """``items`` cut into consecutive batches of at most ``size``, as many as a multiple of
    ``workers`` (each worker gets as many), their sizes differing by one at most."""
    if not items:
        return []
    return split_evenly(items, -(-len(items) // (size * workers)) * workers)


def split_evenly(items: list[Item], n_parts: int) -> list[list[Item]]:
    """``items`` cut into ``n_parts`` consecutive parts whose sizes differ by one at most."""
    size, extra = divmod(len(items), n_parts)
    parts, start = [], 0
    for k in range(n_parts):
        stop = start + size + (k < extra)
        parts.append(items[start:stop])
        start = stop
    return parts


def map_in_workers(
    function: Callable[[Batch], Result], chunks: Sequence[Batch], workers: int
) -> list[Result]:
    """``[function(chunk) for chunk in chunks]``, computed by ``workers`` forked processes.

    ``function`` must be a module-level function or a partial of one (it is sent by name).
    """
    load_word_lists()  # before forking: the workers share the parent's copy
    with multiprocessing.get_context("fork").Pool(workers) as pool:  # on error: terminated
        results = pool.map(function, chunks, chunksize=1)
        pool.close()
        pool.join()  # reaped: their CPU time counts as this process's children's
    return results
