"""How long reading a large KITOS export and giving the hints for a round takes.

    python bench/kitos_check.py [USAGES] [APPLICATIONS]

Builds a KITOS-shaped overview export (default 3,000 system usages — more than a large
municipality registers) and a round of applications (default 60) with named systems, KLE codes
and suppliers in their titles, then times `read_kitos` and `screening_hints` for every application.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digipulje.applications.kitos import read_kitos  # noqa: E402
from digipulje.applications.kitos_hints import screening_hints  # noqa: E402
from digipulje.applications.model import Application  # noqa: E402

HEADERS = ["IT System", "Lokal System ID", "Ansv. organisationsenhed", "Relevante organisationsenheder",
           "KLE ID", "Leverandør", "Sidst redigeret: Dato", "Livscyklus"]


def build_export(path: Path, usages: int, rng: random.Random) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("IT Systemer")
    sheet.append(HEADERS)
    for i in range(usages):
        units = ", ".join(f"Enhed {rng.randrange(200)}" for _ in range(rng.randrange(1, 8)))
        kle = f"{rng.randrange(100):02d}.{rng.randrange(40):02d}.{rng.randrange(20):02d}"
        sheet.append([f"System {i} Ærø-modul", f"SYS-{i:05d}", f"Enhed {rng.randrange(200)}", units, kle,
                      f"Leverandør{rng.randrange(300)} A/S", dt.datetime(2020, 1, 1) + dt.timedelta(days=rng.randrange(2500)),
                      "I drift"])
    workbook.save(path)


def build_round(count: int, rng: random.Random) -> list[Application]:
    return [Application(id=f"A{i}", title=f"Projekt {i} med Leverandør{rng.randrange(300)}", department="Afdeling",
                        unit=f"Enhed {rng.randrange(200)}", requested_dkk=10_000,
                        systems=(f"system {rng.randrange(4000)} aeroe modul", "Helt nyt system"),
                        kle_codes=(f"{rng.randrange(100):02d}.{rng.randrange(40):02d}.00",))
            for i in range(count)]


def main() -> None:
    usages = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kitos.xlsx"
        build_export(path, usages, rng)
        start = time.perf_counter()
        export = read_kitos(path)
        read_seconds = time.perf_counter() - start
    applications = build_round(count, rng)
    start = time.perf_counter()
    hints = [screening_hints(a, export.usages, dt.date(2026, 11, 23)) for a in applications]
    hint_seconds = time.perf_counter() - start
    print(f"read_kitos: {len(export.usages)} usages in {read_seconds:.2f} s")
    print(f"screening_hints: {count} applications, {sum(map(len, hints))} hints in {hint_seconds:.2f} s "
          f"({1000 * hint_seconds / count:.1f} ms per application)")


if __name__ == "__main__":
    main()
