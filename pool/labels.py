"""Words for an application's status, in Danish and English."""

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


def status_label(status: Status, lang: str) -> str:
    return STATUS["da" if lang == "da" else "en"][status]
