"""The integer program that picks the allocation within the budget (PuLP)."""
