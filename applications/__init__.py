"""Applications: the model, and readers for the council's sheets and the application form."""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "Application", "ApplicationsError", "Approval", "Assessment", "AssessmentSheet", "AssessorRating",
    "CRITERIA", "Criterion", "Indicator", "KitosError", "KitosExport", "PRINCIPLES", "Principle",
    "Problem", "Ratings", "Verdict", "applications_from_frame", "collect_applications",
    "read_applications", "read_assessments", "read_column_map", "read_kitos", "read_pabulib",
    "write_form",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "assessments": ("AssessmentSheet", "AssessorRating", "read_assessments"),
    "columns": ("read_column_map",),
    "form": ("write_form",),
    "frame": ("applications_from_frame",),
    "kitos": ("KitosError", "KitosExport", "read_kitos"),
    "model": ("Application", "Approval", "Assessment", "Indicator", "Ratings", "Verdict"),
    "pabulib": ("read_pabulib",),
    "principles": ("CRITERIA", "PRINCIPLES", "Criterion", "Principle"),
    "problems": ("ApplicationsError", "Problem"),
    "spreadsheet": ("collect_applications", "read_applications"),
})
