"""The plain PuLP model of an allocation, as a user of PuLP would write it: a `funded`, `granted`
and `partial` variable for every candidate and the labelled constraints, with none of the
solver's shortcuts. The reference the benchmarks measure the fast paths against."""

from __future__ import annotations

from typing import Any

from digipulje.solver.constraints import labelled_constraints
from digipulje.solver.problem import AllocationProblem


def build_plain_model(problem: AllocationProblem, name: str = "allocation") -> tuple[Any, dict, dict, dict]:
    """The model and its `funded`, `granted` and `partial` variables by candidate id."""
    import pulp

    model = pulp.LpProblem(name, pulp.LpMaximize)
    funded, granted, partial = {}, {}, {}
    for i, c in enumerate(problem.candidates):
        funded[c.id] = model.add_variable(f"x{i}", 0, 1, pulp.LpBinary)
        granted[c.id] = model.add_variable(f"a{i}", 0, c.max_dkk, pulp.LpInteger)
        partial[c.id] = model.add_variable(f"p{i}", 0, 1, pulp.LpBinary) if c.partial_possible else 0
    for k, (_, relation) in enumerate(labelled_constraints(problem, funded, granted, partial)):
        if not isinstance(relation, bool):  # a rule with no variable in it holds or not by itself
            model += relation, f"c{k}"
    return model, funded, granted, partial
