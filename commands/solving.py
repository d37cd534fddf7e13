"""Commands that solve: their --solver and --time-limit hold for every solve in them, and a long
solve or run shows its progress on stderr."""

from __future__ import annotations

import functools
import sys
import time

from digipulje.messages import _


class SolveProgressLine:
    """Progress of a solve on stderr, once it has run for 2 s: "Løser trin 4 af 5 (…) … 3 s".

    On a terminal one line is rewritten in place; otherwise a line is written when the stage
    changes and every 10 s."""

    AFTER_SECONDS = 2.0

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last: tuple[int, float] | None = None
        self.shown = False

    def __call__(self, at) -> None:
        from digipulje.messages import current_language
        from digipulje.base.errors import stage_name

        if at.seconds < self.AFTER_SECONDS:
            return
        if not self.tty and self.last is not None and self.last[0] == at.stage and at.seconds - self.last[1] < 10:
            return
        self.last = (at.stage, at.seconds)
        text = _("Solving stage {stage} of {stages} ({name}) … {seconds} s", stage=at.stage, stages=at.stages,
                 name=stage_name(at.name, current_language()), seconds=f"{at.seconds:.0f}")
        if at.purpose:  # one solve among many: which
            text = f"{at.purpose}: {text}"
        sys.stderr.write("\r" + text.ljust(78) if self.tty else text + "\n")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown and self.tty:
            sys.stderr.write("\r" + " " * 78 + "\r")
            sys.stderr.flush()
        self.shown = False


def solves(command):
    """A command that solves: its --solver and --time-limit hold for every solve in it, with
    progress on stderr; Ctrl-C in it is said in one line (see `commands.shell`)."""

    @functools.wraps(command)
    def run(**options):
        from digipulje.solver.lexicographic import solve_settings

        solver = options.get("solver")
        progress = SolveProgressLine()
        try:
            with solve_settings(time_limit=options["time_limit"], progress=progress,
                                solver=None if solver is None else solver.value):
                return command(**options)
        finally:
            progress.close()

    run.solves = True
    return run


class ProgressBar:
    """Progress of a run of many solves on stderr, once it has taken a second: on a terminal a bar
    drawn in place; otherwise (stderr to a file or a pipe) a line every 10 s, so a long run is
    never silent: "budgetkurve: 40 % (400 af 1.000)", and, after such a line, one at 100 %."""

    EVERY_SECONDS = 10.0  # between two lines where there is no terminal

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.monotonic()
        self.shown = False
        self.stream = getattr(sys.stderr, "unescaped", sys.stderr)  # it draws with a carriage return
        self.enabled = self.stream.isatty()
        self.said = self.started  # when a line was last written (no terminal)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total <= 0 or now - self.started < 1.0:
            return
        if not self.enabled:
            # and, once a line was written, the last: the run is seen to end
            if (now - self.said >= self.EVERY_SECONDS and done < total) or (done == total and self.said > self.started):
                from digipulje.base.errors import kroner

                self.said = now
                self.stream.write(_("{label}: {percent} % ({done} of {total})", label=self.label,
                                    percent=100 * done // total, done=kroner(done), total=kroner(total)) + "\n")
                self.stream.flush()
            return
        filled = int(30 * done / total)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {100 * done // total:3d}%")
        self.stream.flush()
        self.shown = True

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (len(self.label) + 40) + "\r")
            self.stream.flush()
