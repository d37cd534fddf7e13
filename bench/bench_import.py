"""How long reading 10,000 applications takes, from .xlsx and from .csv.

Builds a sheet like the council's (title row, the 2025 sheet's 16 columns, Danish amounts as
numbers in the workbook and as text in the CSV, a totals row) in a temporary folder, then times
`read_applications` on it: the best of a few runs, in seconds.

Run: python bench/bench_import.py [--rows 10000] [--repeat 3]

With --limits it measures the file guard instead: `digipulje validate` run as a user runs it (a
process of its own, so its wall time and peak memory are its own) on files built to exhaust it,
which must be refused in under 2 s, and on the largest files the limits accept, which must be
read in under 10 s and 500 MB. The median of --repeat runs.

Run: python bench/bench_import.py --limits [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADER = ["ID", "Titel", "Afdeling", "Enhed", "Ansøgt beløb (kr.)", "Årlige driftsudgifter (kr.)",
          "Driftsudgifter dækkes af", "Drift dækkes af ansøger", "Borger", "Medarbejder", "Kommune",
          "Dokumenteret effekt", "Tværgående", "ITP indstilling", "Begrundelse", "ITP's vurdering"]


def rows(n: int) -> list[list[object]]:
    out = []
    for i in range(n):
        verdict = ("Vurderet", None) if i % 5 else ("Ikke anbefalet", "Billigere alternativer findes")
        out.append([f"A{i:05d}", f"Løsning nr. {i} til ældre- og børneområdet", f"Afdeling {i % 12}",
                    f"Enhed {i % 40}", 10_000 + (i * 137) % 190_000, (i * 31) % 40_000 or None,
                    f"Afdeling {i % 12}", "Ja", i % 5, (i + 1) % 5, (i + 2) % 5, (i + 3) % 5, (i + 4) % 5,
                    verdict[0], verdict[1], "Vurderingstekst " * 5])
    return out


def write_xlsx(path: Path, data: list[list[object]]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()  # not write-only: like Excel, it saves the sheet's <dimension>
    sheet = workbook.active
    sheet.title = "Ansøgninger"
    sheet.append(["Digitaliseringspuljen – ansøgninger"])
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    sheet.append(["I alt", None, None, None, sum(r[4] for r in data)])
    workbook.save(path)


def write_csv(path: Path, data: list[list[object]]) -> None:
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for row in data:
            writer.writerow([f"kr. {v:,}".replace(",", ".") if isinstance(v, int) and v >= 1000 else v for v in row])


def best_of(repeat: int, path: Path, expected: int) -> float:
    from digipulje.applications.spreadsheet import read_applications

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        applications = read_applications([path])
        times.append(time.perf_counter() - start)
        assert len(applications) == expected, len(applications)
    return min(times)


# --- the file guard: hostile files refused fast, the largest accepted file read within bounds ---

def _bomb_xlsx(path: Path, folder: Path, unpacked: int) -> None:
    """A real workbook (it opens in Excel) whose sheet repeats one row until it unpacks to
    `unpacked` bytes: a few megabytes on disk."""
    import openpyxl
    import zipfile

    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(rows(1)[0])
    plain = folder / "bomb-plain.xlsx"
    workbook.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(entry.filename, data)
                continue
            start, end = data.index(b"<row r=\"2\""), data.index(b"</sheetData>")
            row = re.sub(rb' r="[A-Z]*2"', b"", data[start:end])  # no row numbers: each row is one more
            block = row * max(1, (1 << 20) // len(row))
            with bomb.open(entry.filename, "w", force_zip64=True) as part:
                part.write(data[:start])
                for _ in range(unpacked // len(block)):
                    part.write(block)
                part.write(data[end:])


def _replace_in_xlsx(source: Path, target: Path, old: bytes, new: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(source) as a, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as b:
        for entry in a.infolist():
            b.writestr(entry.filename, a.read(entry).replace(old, new))


def _big_cells_xlsx(path: Path, folder: Path, cell_bytes: int, cells: int) -> None:
    """Few rows, cells holding repeated text: a small file of many megabytes of cells."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for i in range(cells):
        sheet.append([f"A{i}", f"BIGCELL{i:04d}", "Ældre", 10_000])
    plain = folder / "plain.xlsx"
    workbook.save(plain)
    import zipfile

    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as b:
        big = b"x" * cell_bytes
        for entry in a.infolist():  # openpyxl writes its strings inline, in the sheet
            b.writestr(entry.filename, re.sub(rb"BIGCELL\d{4}", lambda _: big, a.read(entry)))


def _sparse_xlsx(path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["A1", "Titel", "Ældre", 10_000] + [None] * 12)
    sheet.cell(row=1_048_576, column=1, value="x")
    workbook.save(path)


def _largest_xlsx(path: Path, rows_count: int, unpacked_target: int) -> None:
    """As many rows as the sheet limit allows, each with a unique long assessment text, so the
    workbook unpacks to just under the unpacked-size limit."""
    import openpyxl

    per_row = max(unpacked_target // rows_count - 750, 0)  # the row's other cells take about 750 bytes
    data = rows(rows_count)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Ansøgninger"
    sheet.append(HEADER)
    for i, row in enumerate(data):
        sheet.append(row[:-1] + [f"{i:05d} " + "vurdering " * (per_row // 10)])
    workbook.save(path)


def _largest_csv(path: Path, rows_count: int, byte_target: int) -> None:
    data = rows(rows_count)
    per_row = max(byte_target // rows_count - 400, 0)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for i, row in enumerate(data):
            writer.writerow(row[:-1] + [f"{i:05d} " + "vurdering " * (per_row // 10)])


_CHILD = """
import atexit, os, sys

def _peak():  # the high-water mark of this program's memory (reset by exec, unlike ru_maxrss)
    with open("/proc/self/status") as status, open(os.environ["BENCH_PEAK"], "w") as out:
        out.write(next(l for l in status if l.startswith("VmHWM")).split()[1])

atexit.register(_peak)
sys.argv = ["digipulje", *sys.argv[1:]]
from digipulje.cli import main
main()
"""


ROOT = Path(__file__).resolve().parent.parent  # the code run; --root runs another checkout's
TIMEOUT = 600.0


def _run_validate(args: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak memory (MB) and exit code of `digipulje validate ARGS` in a
    process of its own. CPU time is what the work costs; wall time also holds the waits of a busy
    machine."""
    import os
    import subprocess

    import threading

    with tempfile.NamedTemporaryFile(suffix=".peak") as peak:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", _CHILD, "validate", *args], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env={**os.environ, "BENCH_PEAK": peak.name})
        timer = threading.Timer(TIMEOUT, process.kill)  # stopped: reported as exit -9
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        kilobytes = int(Path(peak.name).read_text() or 0)  # 0 when the run was stopped
    return seconds, usage.ru_utime + usage.ru_stime, kilobytes / 1024, process.returncode


def limits(repeat: int) -> None:
    import statistics
    import zipfile

    from digipulje.applications import safety

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        cases: list[tuple[str, Path, bool]] = []
        bomb = folder / "bomb.xlsx"
        _bomb_xlsx(bomb, folder, 1024 << 20)
        cases.append(("zip bomb: one row repeated to 1 GB", bomb, False))
        cells = folder / "big-cells.xlsx"
        _big_cells_xlsx(cells, folder, 1 << 20, 190)
        cases.append(("190 cells of 1 MB each", cells, False))
        sparse = folder / "sparse.xlsx"
        _sparse_xlsx(sparse)
        cases.append(("a cell in row 1,048,576", sparse, False))
        small = folder / "small.csv"
        small.write_text("ID;Titel;Afdeling;Ansøgt beløb\nA1;Titel;Ældre;10.000\n", encoding="utf-8")
        cases.append(("KITOS export: the zip bomb (validate small.csv --kitos)", bomb, False))
        many = folder / "100000-rows.csv"
        many.write_text("ID;Titel;Afdeling;Ansøgt beløb\n" + "".join(f"A{i};Titel {i};Ældre;10.000\n"
                                                                     for i in range(100_000)), encoding="utf-8")
        cases.append(("100,000-row csv", many, False))
        top = folder / "largest.xlsx"
        _largest_xlsx(top, safety.MAX_ROWS - 1, safety.MAX_UNPACKED_BYTES - (1 << 20))
        cases.append(("largest accepted .xlsx", top, True))
        top_csv = folder / "largest.csv"
        _largest_csv(top_csv, safety.MAX_ROWS - 1, safety.MAX_FILE_BYTES - (1 << 20))
        cases.append(("largest accepted .csv", top_csv, True))
        import os

        print(f"python {platform.python_version()}, {platform.machine()}, median of {repeat} runs of "
              f"'digipulje validate FILE', each in a process of its own; load average {os.getloadavg()[0]:.1f}")
        print("| file | size | unpacked | exit | wall s | CPU s | peak MB | bound |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for label, path, accepted in cases:
            args = [str(small), "--kitos", str(path)] if label.startswith("KITOS") else [str(path)]
            runs = [_run_validate(args) for _ in range(repeat)]
            seconds = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            memory = statistics.median(r[2] for r in runs)
            code = runs[0][3]
            unpacked = (sum(e.file_size for e in zipfile.ZipFile(path).infolist())
                        if path.suffix == ".xlsx" else path.stat().st_size)
            if accepted:
                bound = "read, < 10 s and 500 MB" if code == 0 and seconds < 10 and memory < 500 else "OVER"
            else:
                bound = "refused, < 2 s" if code == 1 and seconds < 2 else "OVER"
            print(f"| {label} | {path.stat().st_size / 1e6:.1f} MB | {unpacked / 1e6:,.1f} MB | {code} | "
                  f"{seconds:.2f} | {cpu:.2f} | {memory:.0f} | {bound} |")


def main() -> None:
    global ROOT, TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limits", action="store_true", help="measure the file guard instead")
    parser.add_argument("--root", type=Path, help="with --limits: run the digipulje checked out here")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="with --limits: stop a run after this")
    args = parser.parse_args()
    if args.limits:
        ROOT, TIMEOUT = (args.root or ROOT).resolve(), args.timeout
        limits(args.repeat)
        return
    data = rows(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        xlsx, text = Path(folder) / "ansøgninger.xlsx", Path(folder) / "ansøgninger.csv"
        write_xlsx(xlsx, data)
        write_csv(text, data)
        print(f"python {platform.python_version()}, {platform.machine()}, {args.rows} rows, best of {args.repeat}")
        for path in (xlsx, text):
            seconds = best_of(args.repeat, path, args.rows)
            print(f"{path.suffix:5}  {path.stat().st_size / 1e6:5.1f} MB  {seconds:6.2f} s  "
                  f"{args.rows / seconds:8.0f} rows/s")


if __name__ == "__main__":
    main()
