"""How long reading 10,000 applications takes, from .xlsx and from .csv.

Builds a sheet like the council's (title row, the 2025 sheet's 16 columns, Danish amounts as
numbers in the workbook and as text in the CSV, a totals row) in a temporary folder, then times
`read_applications` on it: the best of a few runs, in seconds.

Run: python bench/bench_import.py [--rows 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import platform
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
    from applications.spreadsheet import read_applications

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        applications = read_applications([path])
        times.append(time.perf_counter() - start)
        assert len(applications) == expected, len(applications)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
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
