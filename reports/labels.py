"""Words for table headings, in Danish and English (the words for a status are in `pool.labels`)."""

from __future__ import annotations

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


def heading(key: str, lang: str) -> str:
    return HEADINGS["da" if lang == "da" else "en"][key]
