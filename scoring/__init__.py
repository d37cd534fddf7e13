"""Scoring against the rated principles: weights, scores with their breakdown, assessors' panels."""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "Panel", "Scale", "Score", "ThresholdRule", "Weights", "convene_panels", "score_application",
    "score_ratings", "score_round",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "panel": ("Panel", "convene_panels", "score_application", "score_round"),
    "scales": ("Scale",),
    "score": ("Score", "score_ratings"),
    "thresholds": ("ThresholdRule",),
    "weights": ("Weights",),
})
