"""Running independent allocations over the machine's cores, with the answer of a serial run.

Scenarios and weight draws are independent of one another, so they can run side by side in
worker processes (the solver is a separate program per solve, and Python's own work is bound to
one core per process). `run_all` returns the results in the order of the jobs whatever order the
workers finish in, and every job is a pure function of its arguments, so a parallel run and a
serial run give the same results.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


def available_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_all(
    work: Callable[[Job], Result], jobs: Sequence[Job], workers: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[Result]:
    """`[work(job) for job in jobs]`, in `workers` processes (None: one per core; 1: here).

    `work` must be a module-level function (it is sent to the workers by name).
    """
    count = available_workers() if workers is None else max(1, workers)
    count = min(count, len(jobs))
    results: list[Result] = []
    if count <= 1:
        for job in jobs:
            results.append(work(job))
            if progress is not None:
                progress(len(results), len(jobs))
        return results
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(jobs) // (count * 8))
    with ProcessPoolExecutor(max_workers=count) as executor:
        for result in executor.map(work, jobs, chunksize=chunk):
            results.append(result)
            if progress is not None:
                progress(len(results), len(jobs))
    return results
