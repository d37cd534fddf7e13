"""A hard deadline for a test body: a hang fails the test instead of stalling the suite."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


class Overran(AssertionError):
    pass


@contextlib.contextmanager
def within(seconds: int) -> Iterator[None]:
    """Run the block under SIGALRM: past `seconds` it fails with `Overran` (main thread, POSIX)."""

    def overran(signum, frame):
        raise Overran(f"took more than {seconds} s: a solve hangs")

    previous = signal.signal(signal.SIGALRM, overran)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
