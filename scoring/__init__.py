"""Scoring against the seven principles: criteria, weights, scores with their breakdown."""

from __future__ import annotations

from base.exports import lazy_exports

__all__ = [
    "AssessorRating", "CRITERIA", "Criterion", "PRINCIPLES", "Panel", "Principle", "Scale", "Score",
    "ThresholdRule", "Weights", "convene_panels", "score_application", "score_ratings", "score_round",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "panel": ("AssessorRating", "Panel", "convene_panels", "score_round"),
    "principles": ("CRITERIA", "PRINCIPLES", "Criterion", "Principle"),
    "scales": ("Scale",),
    "score": ("Score", "score_application", "score_ratings"),
    "thresholds": ("ThresholdRule",),
    "weights": ("Weights",),
})
