"""Words for statuses and table headings, in Danish and English."""

from __future__ import annotations

from pool.allocation import Status

STATUS = {
    "da": {
        Status.FUNDED: "bevilget",
        Status.PARTIAL: "delvist bevilget",
        Status.NOT_FUNDED: "ikke bevilget",
        Status.NOT_RECOMMENDED: "ikke anbefalet",
        Status.REJECTED: "afvist",
        Status.EXCLUDED: "udtaget",
        Status.INCOMPLETE: "ufuldstændig",
    },
    "en": {s: s.value.replace("_", " ") for s in Status},
}

HEADINGS = {
    "da": {
        "id": "ID", "title": "Ansøgning", "department": "Afdeling", "requested": "Ansøgt",
        "granted": "Bevilget", "status": "Status", "score": "Score", "support": "Støtte", "total": "I alt",
        "pool": "Pulje", "remainder": "Rest", "reasons": "Begrundelser", "solver": "Løser",
        "recommendation": "IT-projektrådets indstilling", "decision": "Chefforums beslutning",
        "allocation": "Fordeling",
    },
    "en": {
        "id": "ID", "title": "Application", "department": "Department", "requested": "Requested",
        "granted": "Granted", "status": "Status", "score": "Score", "support": "Support", "total": "Total",
        "pool": "Pool", "remainder": "Remainder", "reasons": "Reasons", "solver": "Solver",
        "recommendation": "The IT project council's recommendation", "decision": "The chiefs' decision",
        "allocation": "Allocation",
    },
}


def status_label(status: Status, lang: str) -> str:
    return STATUS["da" if lang == "da" else "en"][status]


def heading(key: str, lang: str) -> str:
    return HEADINGS["da" if lang == "da" else "en"][key]
