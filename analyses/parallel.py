"""Running independent allocations over the machine's cores, with the answer of a serial run.

Scenarios and weight draws are independent of one another, so they can run side by side in
worker processes (Python's own work is bound to one core per process). `run_all` returns the
results in the order of the jobs whatever order the workers finish in, and every job is a pure
function of its arguments, so a parallel run and a serial run give the same results.

Workers solve as the caller does: the same time limit and default solver
(`solver.lexicographic.current_settings()`) are handed to each. Workers are forked from this process,
unless HiGHS has run in it: HiGHS keeps one thread scheduler per process, and a forked copy of
it has no threads behind it (a solve there waits for ever), so then the workers are started
fresh from a clean server process ("forkserver").
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


def _adopt_settings(time_limit: float, solver: str, lang: str) -> None:
    """In a worker: solve with the caller's time limit and default solver (no progress output), and
    word its errors in the caller's language."""
    from digipulje.solver.lexicographic import SolveSettings, adopt_settings

    os.environ["DIGIPULJE_LANG"] = lang  # the worker's own environment: its errors read as the caller's

    adopt_settings(SolveSettings(time_limit=time_limit, solver=solver))


def _start_method() -> str | None:
    import multiprocessing

    from digipulje.solver.backends import highs_started

    methods = multiprocessing.get_all_start_methods()
    if highs_started() and "forkserver" in methods:
        return "forkserver"
    return "fork" if "fork" in methods else None


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
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from digipulje.messages import current_language
    from digipulje.solver.lexicographic import current_settings

    settings = current_settings()
    method = _start_method()
    context = None if method is None else multiprocessing.get_context(method)
    chunk = max(1, len(jobs) // (count * 8))
    with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_adopt_settings,
                             initargs=(settings.time_limit, settings.solver, current_language())) as executor:
        for result in executor.map(work, jobs, chunksize=chunk):
            results.append(result)
            if progress is not None:
                progress(len(results), len(jobs))
    return results
