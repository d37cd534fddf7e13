"""KITOS-shaped exports for the tests: the overview's Excel export and the API v2 JSON."""

from __future__ import annotations

import json
from pathlib import Path

# The system-usage overview's columns, headers exactly as KITOS writes them in the Excel export.
HEADERS = (
    "Status", "Status (Datofelter)", "Status (Livscyklus)", "Lokal System ID", "IT-System (UUID)", "IT System",
    "Lokal kaldenavn", "Ansv. organisationsenhed", "Relevante organisationsenheder", "Tidligere systemnavn",
    "Forretningstype", "KLE ID", "KLE navn", "DataType", "Leverandør", "Rettighedshaver",
    "Sidst redigeret: Bruger", "Sidst redigeret: Dato", "Ibrugtagningsdato", "Livscyklus", "Noter",
)


def usage_row(name: str, **cells: object) -> dict[str, object]:
    """One row of the overview; keyword names are the headers with spaces and punctuation as `_`."""
    row = {"Status": "Aktivt", "IT System": name}
    for key, value in cells.items():
        header = next(h for h in HEADERS if _key(h) == key)
        row[header] = value
    return row


def _key(header: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in header).strip("_").replace("__", "_").lower()


def write_export(path: Path, rows: list[dict[str, object]], headers: tuple[str, ...] = HEADERS,
                 title_rows: int = 0) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "IT Systemer"
    for _ in range(title_rows):
        sheet.append(["IT Systemer i Testkommune"])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


def api_usage(name: str, *, uuid: str = "5b3b7a2e-0000-4000-8000-000000000001", responsible: str | None = None,
              units: tuple[str, ...] = (), kle: tuple[str, ...] = (), life_cycle: str | None = "Operational",
              last_modified: str = "2026-02-01T09:30:00Z", **general: object) -> dict[str, object]:
    """One item as GET /api/v2/it-system-usages returns it (camelCase)."""
    def pair(text: str) -> dict[str, str]:
        return {"uuid": "00000000-0000-4000-8000-000000000000", "name": text}

    return {
        "uuid": uuid,
        "createdBy": pair("Jens Hansen"),
        "lastModified": last_modified,
        "lastModifiedBy": pair("Jens Hansen"),
        "systemContext": {"uuid": "9c8d7e6f-0000-4000-8000-0000000000aa", "name": name},
        "organizationContext": {"uuid": "1a2b3c4d-0000-4000-8000-000000000000", "name": "Testkommune", "cvr": "12345678"},
        "general": {"localSystemId": None, "localCallName": None, "notes": None,
                    "numberOfExpectedUsers": {"lowerBound": 10, "upperBound": 49},
                    "validity": {"valid": True, "enforcedValid": False, "lifeCycleStatus": life_cycle,
                                 "validFrom": None, "validTo": None},
                    **general},
        "roles": [],
        "organizationUsage": {"usingOrganizationUnits": [pair(u) for u in units],
                              "responsibleOrganizationUnit": pair(responsible) if responsible else None},
        "localKLEDeviations": {"removedKLE": [], "addedKLE": [pair(k) for k in kle]},
        "externalReferences": [],
        "gdpr": {"dataSensitivityLevels": ["PersonData"]},
        "outgoingSystemRelations": [],
    }


def write_json(path: Path, items: object) -> Path:
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path
