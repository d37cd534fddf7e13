"""The pool: budget, rules, screening, overrides, allocation, scenarios, explanations and the 2025 example."""
