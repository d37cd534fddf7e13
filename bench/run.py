"""Run every allocation benchmark and write the results into BENCHMARKS.md.

    python bench/run.py                 # the whole suite, under 15 minutes on 2 cores
    python bench/run.py --quick         # a smoke run: small sizes, one repeat, no 100,000

Each measurement runs in a fresh process (`bench.scale`, `bench.overhead`, `bench.peers`), so
imports, caches and memory peaks do not leak from one into the next. Figures are medians of
wall-clock time. Only this file's own section of BENCHMARKS.md ("## Allocation benchmarks") is
replaced; any other section is kept as it is. Needs the `bench` extra: pip install -e ".[bench]".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECTION = "## Allocation benchmarks"
SUITE_LIMIT = 14 * 60  # seconds: optional comparisons are skipped when the suite runs late
TARGETS = {1_000: 0.5, 10_000: 3.0, 100_000: 60.0}
DEMO_TARGET = 1.0


class Suite:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.started = time.perf_counter()
        self.skipped: list[str] = []

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def late(self, what: str, needs: float) -> bool:
        """True (and noted) if `what`, expected to take `needs` seconds, would overrun the limit."""
        if self.elapsed() + needs > SUITE_LIMIT:
            self.skipped.append(what)
            return True
        return False


def run_json(module: str, *args: str, timeout: float, partial: list[dict] | None = None) -> list[dict] | None:
    """Run `python -m module args` in a fresh process; its JSON lines, or None on a timeout
    (then the lines it wrote before it was stopped go to `partial`).

    The child runs in its own process group, and a timeout stops the whole group: a solver
    process it started must not go on using a core after the measurement has given up."""
    child = subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        if partial is not None and out:
            partial += [json.loads(line) for line in out.splitlines() if line.strip().endswith("}")]
        return None
    if child.returncode != 0:
        raise SystemExit(f"{module} {' '.join(args)} failed:\n{err}")
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def median_of(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


# --- measurements -----------------------------------------------------------------------------


def measure_demo(repeats: int) -> list[float]:
    """`digipulje demo` as a whole process, as a user starts it."""
    script = Path(sys.executable).parent / "digipulje"
    command = [str(script), "demo"] if script.exists() else [sys.executable, "-c", "from digipulje.cli import main; main()", "demo"]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # warm the file cache once
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return times


def scale_plan(suite: Suite, comparisons: bool) -> list[tuple[int, str, int, int]]:
    """(n, variant, repeats, timeout): the targets first; the comparisons run after the rest."""
    if suite.quick:
        return ([(n, variant, 1, 120) for n in (10, 100) for variant in ("cbc --plain", "highs")] if comparisons
                else [(n, "cbc", 3, 120) for n in (10, 100, 1_000)])
    if comparisons:
        return ([(n, "cbc --plain", 3, 120) for n in (10, 100, 1_000)] + [(10_000, "cbc --plain", 1, 150)]
                + [(n, "highs", 3, 120) for n in (10, 100, 1_000)] + [(10_000, "highs", 1, 120)])
    return [(n, "cbc", 5, 120) for n in (10, 100, 1_000)] + [(10_000, "cbc", 3, 120), (100_000, "cbc", 1, 180)]


def measure_scale(suite: Suite, plan: list[tuple[int, str, int, int]]) -> list[dict]:
    """Allocate n synthetic applications, each run in a fresh process."""
    rows = []
    for n, variant, repeats, timeout in plan:
        solver, *plain = variant.split()
        if suite.late(f"scale {n:,} {variant}", timeout if n >= 10_000 else 10 * repeats):
            continue
        runs, partial = [], []
        for _ in range(repeats):
            result = run_json("bench.scale", str(n), "--solver", solver, *plain, timeout=timeout, partial=partial)
            if result is None:
                runs = None
                break
            runs.append(result[-1])
        rows.append({"n": n, "variant": variant, "repeats": repeats, "timeout": timeout, "runs": runs,
                     "partial": partial})
    return rows


def measure_overhead(suite: Suite) -> list[dict]:
    """(n, relaxation): the integer program where it solves quickly, the relaxation at every size."""
    plan = [(1_000, False), (1_000, True)] if suite.quick else [
        (1_000, False), (10_000, False), (1_000, True), (10_000, True), (100_000, True)]
    rows = []
    for n, relaxation in plan:
        args = [str(n)] + (["--relaxation"] if relaxation else [])
        if suite.late(f"PuLP overhead at {n:,}", 150 if n >= 100_000 else 60):
            continue
        result = run_json("bench.overhead", *args, timeout=120)
        rows.append(result[0] if result else {"n": n, "relaxation": relaxation, "timeout": 120})
    return rows


def measure_peers(suite: Suite) -> list[dict] | None:
    folder = ROOT.parent / "shared" / "data" / "pabulib"
    if not folder.is_dir():
        suite.skipped.append(f"Pabulib instances (no folder {folder})")
        return None
    if suite.late("Pabulib instances", 200):
        return None
    return run_json("bench.peers", str(folder), timeout=600)


# --- the report -------------------------------------------------------------------------------


WHY = [
    "### How the solve was made faster",
    "",
    "The allocation is a lexicographic integer program (value, kroner, partial grants, baseline, "
    "tie-break; see README). The plain way solves each stage from scratch on the full model. "
    "`solver/lexicographic.py` now does the same stages with the same holds, and reaches the same optima "
    "(tested against the plain solve on random and synthetic rounds), but:",
    "",
    "1. **A first allocation** (greedy by value per krone of the smallest grant, then swaps near "
    "the margin) and, before stages 2 and 3, a **top-up** of the known allocation: the same "
    "applications, the rest of the budget to those missing the least.",
    "2. **Settled stages**: when the known allocation reaches a proven bound (the whole budget; no "
    "partial grant; nothing moved from the baseline; everyone funded) the stage needs no search. "
    "Its optimum is held all the same.",
    "3. **The relaxation's bound, rounded**: for stages 1 and 3 the linear relaxation is solved "
    "once. Every allocation's objective is a multiple of the gcd of the coefficients (scores come in "
    "steps of 5 points with equal weights), so a known allocation that reaches the relaxation's optimum rounded "
    "down to such a multiple is optimal. For stage 3 the relaxation's funded set is rounded "
    "(and the value lost made up by one exchange) to get such an allocation.",
    "4. **Reduced-cost fixing** from the same relaxation: a variable whose reduced cost alone "
    "takes the objective below a reached value cannot move in any optimum of this or a later stage "
    "(they hold this one), so it is fixed and the later models shrink.",
    "5. **The known allocation's value** is given to each stage's search as a bound (CBC is no "
    "longer started from it: CBC 2.10.3 called a worse start optimal on a small round), and for "
    "the tie-break the partial grants' kroner are given by rank first.",
    "6. An all-or-nothing candidate (every Pabulib project) has no `granted` variable: it is "
    "`request × funded`.",
    "",
    "CBC options (no preprocessing, no cuts, no heuristics, no presolve, no strong branching) were "
    "each measured on 10,000 applications and each was slower than the defaults, so none is set.",
    "",
    "Not fast yet: the tie-break stage. Its objective gives every candidate its own weight, so no "
    "rounded bound settles it, and reduced-cost fixing on it was measured slower at 10,000 (the "
    "extra relaxation costs more than it saves); it is the largest part of the solve from 10,000 "
    "applications up, and at 100,000 its search does not finish within the suite's limit. At "
    "100,000 the relaxation of stage 3 (the held value and budget are dense rows over every "
    "candidate) also takes most of a minute in CBC. Outside the solver, screening (every rule of "
    "every application, for the explanations), the explanations of those left out, the decisions "
    "and the fingerprint make up *other* in the table below.",
    "",
]


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def machine() -> list[str]:
    import pulp

    from digipulje.solver.backends import solver_version

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB memory"
    except (OSError, ValueError, IndexError):
        pass
    from importlib.metadata import version

    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, PuLP {pulp.__version__}, CBC {solver_version('cbc')}, "
        f"highspy {version('highspy')}, pabutools {version('pabutools')}",
    ]


def render(suite: Suite, demo: list[float], scale: list[dict], overhead: list[dict],
           peers: list[dict] | None, load: tuple[float, float]) -> str:
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [SECTION, "", f"Written by `python bench/run.py{' --quick' if suite.quick else ''}` on {today}; "
           f"the suite took {suite.elapsed() / 60:.1f} minutes.", ""]
    out += machine()
    out += [f"- Load average (1 min) at the start and the end of the run: {load[0]:.1f} and {load[1]:.1f}. "
            "Other work on the machine makes wall-clock times longer; the CPU column below is less affected.",
            "- Times are medians of wall-clock time over the repeats shown; every measurement runs in "
            "a fresh process.", ""]

    by = {(r["n"], r["variant"]): r for r in scale}
    out += ["### Speed targets", "", "| target | measured (median) | met |", "|---|---:|---|"]
    demo_median = statistics.median(demo) if demo else None
    out.append(f"| `digipulje demo`, whole process, under {DEMO_TARGET:.0f} s | {seconds(demo_median)} "
               f"({len(demo)} runs) | {_met(demo_median, DEMO_TARGET)} |")
    for n, limit in TARGETS.items():
        row = by.get((n, "cbc"))
        value = median_of(row["runs"], "total") if row and row["runs"] else None
        note = "" if value is not None else (" (not run)" if row is None else f" (stopped after {row['timeout']} s)")
        out.append(f"| {n:,} applications allocated, under {seconds(limit)} | {seconds(value)}{note} | "
                   f"{_met(value, limit)} |")
    if peers:
        slowest = max(peers, key=lambda r: r["ours_s"])
        exact = all(r["ours"] == r["exact"] for r in peers)
        out.append(f"| each Pabulib instance under 1 s | slowest {seconds(slowest['ours_s'])} "
                   f"({slowest['file']}) | {_met(slowest['ours_s'], 1.0)} |")
        out.append(f"| each Pabulib instance exact | {sum(r['ours'] == r['exact'] for r in peers)} of "
                   f"{len(peers)} equal to the dynamic programme | {'yes' if exact else '**no**'} |")
    out.append("")
    unmet = [line.split("|")[1].strip() for line in out if line.endswith("**no** |") or "| **no** (" in line]
    out += ["Not met: " + ("; ".join(unmet) if unmet else "none") + ".", ""]
    out += WHY

    out += ["### Scale", "",
            "`allocate` on synthetic rounds (`bench/synthetic.py`: amounts 20,000–600,000 kr, nine in ten "
            "eligible, partial grants down to 80 %, a budget of a quarter of the total asked). *Build* is "
            "making the PuLP model, *solve* everything after it (writing the model, the solver, reading the "
            "answer, every stage), *other* screening, scoring and the decisions. *Plain* solves every stage "
            "from scratch on the full model, without the shortcuts described above; it must reach the "
            "same stage optima.", "",
            "| applications | candidates | solver | runs | total | build | solve | other | CPU | peak memory "
            "(Python / solver) | same optima as CBC |",
            "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    reference = {r["n"]: r["runs"][0]["stages"] for r in scale if r["variant"] == "cbc" and r["runs"]}
    for row in sorted(scale, key=lambda r: (r["n"], r["variant"])):
        if not row["runs"]:
            out.append(f"| {row['n']:,} | | {row['variant']} | 0 | stopped after {row['timeout']} s | | | | | | |")
            continue
        runs = row["runs"]
        same = "–" if row["variant"] == "cbc" or row["n"] not in reference else (
            "yes" if all(r["stages"] == reference[row["n"]] for r in runs) else "**no**")
        out.append(
            f"| {row['n']:,} | {runs[0]['candidates']:,} | {row['variant'].replace(' --plain', ', plain')} | "
            f"{len(runs)} | {seconds(median_of(runs, 'total'))} | {seconds(median_of(runs, 'build'))} | "
            f"{seconds(median_of(runs, 'solve'))} | {seconds(median_of(runs, 'other'))} | "
            f"{seconds(median_of(runs, 'cpu'))} | {median_of(runs, 'peak_mb'):.0f} MB / "
            f"{median_of(runs, 'solver_peak_mb'):.0f} MB | {same} |")
    ratios = []
    for n in sorted(reference):
        fast, plain, highs = by.get((n, "cbc")), by.get((n, "cbc --plain")), by.get((n, "highs"))
        parts = []
        if plain and plain["runs"]:
            parts.append(f"plain / shortcuts {median_of(plain['runs'], 'total') / median_of(fast['runs'], 'total'):.1f}×")
        if highs and highs["runs"]:
            parts.append(f"HiGHS / CBC {median_of(highs['runs'], 'total') / median_of(fast['runs'], 'total'):.1f}×")
        if parts:
            ratios.append(f"- {n:,}: " + ", ".join(parts))
    if ratios:
        out += ["", "Ratios of medians (total time):", ""] + ratios
    out += ["", "Where the solve time goes, stage by stage (first run of each size, CBC with shortcuts; "
            "*settled* stages did not call the solver's search):", "",
            "| applications | 1 total value | 2 kroner granted | 3 partial grants | 4 tie-break |",
            "|---:|---|---|---|---|"]
    for row in sorted(scale, key=lambda r: r["n"]):
        if row["variant"] == "cbc" and row["runs"]:
            cells = [f"{how}, {seconds(t)}" for _, how, t in row["runs"][0]["stage_detail"]]
            out.append(f"| {row['n']:,} | " + " | ".join(cells) + " |")
        elif row["variant"] == "cbc":
            done = [p for p in row["partial"] if "stage" in p]
            cells = [f"{p['how']}, {seconds(p['seconds'])}" for p in done]
            cells.append(f"not finished when stopped at {row['timeout']} s")
            built = next((p["at"] for p in row["partial"] if "built_candidates" in p), None)
            out.append(f"| {row['n']:,} (solver started after {seconds(built)}) | " + " | ".join(cells)
                       + " |" * max(1, 4 - len(cells) + 1))
    out.append("")

    out += ["### PuLP and highspy", "",
            "The first stage's model (maximise value within the budget; the same variables and labelled "
            "constraints as `solver/lexicographic.py`, without its shortcuts) for the synthetic rounds, built and "
            "solved once each way (`bench/overhead.py`). PuLP + CBC includes writing and reading files; "
            "PuLP + HiGHS includes PuLP passing the model to HiGHS one column and row at a time; highspy "
            "direct passes the same arrays in a few calls.", "",
            "| applications | candidates | problem | PuLP build | PuLP + CBC solve | PuLP + HiGHS solve | "
            "highspy build | highspy solve | optima agree |", "|---:|---:|---|---:|---:|---:|---:|---:|---|"]
    for r in overhead:
        kind = "relaxation" if r["relaxation"] else "integer"
        if "pulp_build" not in r:
            out.append(f"| {r['n']:,} | | {kind} | stopped after {r['timeout']} s | | | | | |")
            continue
        optima = {r["pulp_cbc_optimum"], r["highspy_optimum"]} | (
            {r["pulp_highs_optimum"]} if "pulp_highs_optimum" in r else set())
        out.append(f"| {r['n']:,} | {r['candidates']:,} | {kind} | {seconds(r['pulp_build'])} | "
                   f"{seconds(r['pulp_cbc_solve'])} | "
                   f"{seconds(r.get('pulp_highs_solve'))} | {seconds(r['highspy_build'])} | "
                   f"{seconds(r['highspy_solve'])} | {_agree(optima)} |")
    largest = max((r for r in overhead if "pulp_build" in r), key=lambda r: r["n"], default=None)
    if largest is not None:
        out += ["", f"At {largest['n']:,} applications ({'relaxation' if largest['relaxation'] else 'integer'}), "
                f"PuLP takes {largest['pulp_build'] / largest['highspy_build']:.0f}× as long as highspy to build "
                f"the model ({seconds(largest['pulp_build'])} against {seconds(largest['highspy_build'])}), and "
                f"PuLP + CBC {largest['pulp_cbc_solve'] / largest['highspy_solve']:.1f}× as long as highspy "
                f"to solve it, writing and reading files included."]
    out.append("")

    out += ["### Pabulib instances", ""]
    if peers is None:
        out += ["Not run (see below).", ""]
    else:
        out += ["Every instance in `../shared/data/pabulib/` (`bench/peers.py`). *Support* is the total support "
                "of the funded projects (ballots naming them, or points for cumulative votes), *used* the "
                "money spent, in the instance's currency. *Exact* is the optimum by a dynamic programme over "
                "total support (`bench/exact.py`, no solver). Greedy is pabutools' greedy utilitarian rule, "
                "MES its Method of Equal Shares (without completion), both with support as satisfaction and "
                "the same whole-unit budget and costs; their results are scored with our support count. "
                "Our time is the median of 3 `allocate` calls; pabutools' rules ran once.", "",
                "| instance | projects | votes | type | budget | ours: support | used | time | exact | agree | "
                "greedy: support | used | time | MES: support | used | time |",
                "|---|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
        for r in peers:
            out.append(
                f"| {r['file'].removesuffix('.pb')} | {r['projects']} | {r['voters']:,} | {r['vote_type']} | "
                f"{r['budget']:,} {r['currency']} | {r['ours']:,} | {r['ours_used']:,} | {seconds(r['ours_s'])} | "
                f"{r['exact']:,} | {'yes' if r['ours'] == r['exact'] else '**no**'} | {r['greedy']:,} | "
                f"{r['greedy_used']:,} | {seconds(r['greedy_s'])} | {r['mes']:,} | {r['mes_used']:,} | "
                f"{seconds(r['mes_s'])} |")
        total = lambda key: sum(r[key] for r in peers)  # noqa: E731
        out += ["", f"Over all {len(peers)} instances: our total support {total('ours'):,}; greedy "
                f"{total('greedy'):,} ({total('greedy') / total('ours'):.1%} of ours), MES {total('mes'):,} "
                f"({total('mes') / total('ours'):.1%}). Ours agrees with the dynamic programme on "
                f"{sum(r['ours'] == r['exact'] for r in peers)} of {len(peers)}.", ""]
    if suite.skipped:
        out += ["Skipped to keep the suite within its time limit: " + "; ".join(suite.skipped) + ".", ""]
    return "\n".join(out)


def _agree(optima: set[float]) -> str:
    """Integer optima must be equal; relaxations to within the solvers' tolerance."""
    low, high = min(optima), max(optima)
    return "yes" if high - low <= 1e-6 * max(1.0, abs(high)) else f"**no** ({low} to {high})"


def _met(value: float | None, limit: float) -> str:
    if value is None:
        return "**no** (not measured)"
    return "yes" if value < limit else "**no**"


def write_section(path: Path, section: str) -> None:
    """Replace this suite's section of the file (or add it), keeping every other section."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == SECTION), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        new = "\n".join(lines[:start] + section.rstrip("\n").splitlines() + [""] + lines[end:]).rstrip("\n") + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat, no 100,000")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    suite = Suite(args.quick)
    load_start = os.getloadavg()[0]
    print("demo ...", file=sys.stderr, flush=True)
    demo = measure_demo(3 if args.quick else 7)
    print("scale ...", file=sys.stderr, flush=True)
    scale = measure_scale(suite, scale_plan(suite, comparisons=False))
    print("Pabulib instances ...", file=sys.stderr, flush=True)
    peers = measure_peers(suite)
    print("PuLP overhead ...", file=sys.stderr, flush=True)
    overhead = measure_overhead(suite)
    print("scale: plain and HiGHS ...", file=sys.stderr, flush=True)
    scale += measure_scale(suite, scale_plan(suite, comparisons=True))
    section = render(suite, demo, scale, overhead, peers, (load_start, os.getloadavg()[0]))
    write_section(args.out, section)
    print(f"wrote {args.out} in {suite.elapsed() / 60:.1f} minutes", file=sys.stderr)


if __name__ == "__main__":
    main()
