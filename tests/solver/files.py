"""Writing a round as a user brings it: a CSV sheet with Danish headers, an overrides file."""

from __future__ import annotations

from pathlib import Path

from digipulje.applications.model import Application, Verdict
from digipulje.pool.overrides import Override

HEADER = ["ID", "Titel", "Afdeling", "Ansøgt beløb (kr.)", "ITP indstilling", "Begrundelse",
          "Borger", "Medarbejder", "Kommune", "Dokumenteret effekt", "Tværgående"]


def write_sheet(path: Path, applications: list[Application]) -> Path:
    rows = [";".join(HEADER)]
    for a in applications:
        r = a.ratings
        verdict = "Støttes" if a.assessment.verdict is Verdict.ELIGIBLE else "Ikke anbefalet"
        rows.append(";".join(str(v) for v in (
            a.id, a.title, a.department, a.requested_dkk, verdict, a.assessment.reason or "",
            r.citizen, r.employee, r.municipality, r.evidence, r.cross_cutting)))
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return path


def write_overrides(path: Path, overrides: list[Override]) -> Path:
    blocks = []
    for o in overrides:
        blocks.append("\n".join([
            "[[override]]", f'application = "{o.application}"', f'action = "{o.action.value}"',
            *([f"amount_dkk = {o.amount_dkk}"] if o.amount_dkk is not None else []),
            f'reason = "{o.reason}"', f'decided_by = "{o.decided_by}"']))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path
