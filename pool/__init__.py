"""The pool: budget, rules, rounds, screening, overrides, allocation and the 2025 example."""
