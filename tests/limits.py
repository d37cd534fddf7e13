"""A hard wall-clock limit for a test's body, so that a hang fails instead of stalling the suite."""

from __future__ import annotations

import signal
from contextlib import contextmanager

EXAMPLE_SECONDS = 60  # generous: a solve that hangs fails here


@contextmanager
def hard_limit(seconds: int = EXAMPLE_SECONDS):
    """Fail (TimeoutError) when the body runs longer than `seconds` of wall-clock time."""
    def stop(signum, frame):
        raise TimeoutError(f"an example ran longer than {seconds} s: a solve hangs")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
