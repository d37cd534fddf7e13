"""Scoring against the seven principles: criteria, weights, scores with their breakdown."""
