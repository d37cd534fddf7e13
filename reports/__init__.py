"""Turning allocations into what people read: tables, JSON, CSV, and money in Danish or English."""
