"""Scenarios: the same round under other budgets, weights, rules or overrides, side by side.

A scenario file (TOML) names a base — the application sheets, the pool file and the overrides —
and any number of scenarios, each a set of changes to that base:

    [base]
    name = "Indstilling"                      # optional; default "base"
    applications = ["ansoegninger-2025.xlsx"] # paths relative to the scenario file
    pool = "pulje-2025.toml"                  # optional
    overrides = "chefforum-2025-05-07.toml"   # optional
    stay_close_to_base = true                 # optional; see `compare`

    [[scenario]]
    name = "Budget 400.000"
    budget_dkk = 400000
    weights = { citizen = 2 }                 # only the weights named change
    rules = { max_grants = 3 }                # min_grant_dkk, max_grants, partial_floor, ...

    [[scenario]]
    name = "A4 udtaget"
    [[scenario.override]]                     # added to the base's overrides; one for the same
    application = "A4"                        # application replaces the base's
    action = "exclude"
    reason = "Udgår"
    decided_by = "Chefforum"

This module holds the scenarios and their comparison as values; `meeting.compare_scenarios`
allocates the base and every scenario and lists, per application, where a scenario's grant or
status differs from the base's, and `meeting.price_changes` answers the chiefs' question "what does
this override cost?": for each override, the score lost against the allocation without it and the
applications that gained or lost money.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from digipulje.applications.assessments import AssessorRating
from digipulje.applications.model import Application
from digipulje.applications.principles import BOTTOM_LINE_KEYS
from digipulje.base.errors import InputError
from digipulje.pool.allocation import Allocation, Status
from digipulje.messages import _
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override

BASE_NAME = "base"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Scenario(_Strict):
    """A named set of changes to the base. A field left out keeps the base's value."""

    name: Annotated[str, Field(min_length=1)]
    budget_dkk: Annotated[int, Field(ge=0, strict=True)] | None = None
    weights: dict[str, float] = {}
    rules: dict[str, Any] = {}
    override: tuple[Override, ...] = ()


class BaseFiles(_Strict):
    name: Annotated[str, Field(min_length=1)] = BASE_NAME
    applications: Annotated[tuple[str, ...], Field(min_length=1)]
    pool: str | None = None
    overrides: str | None = None
    stay_close_to_base: bool = True

    def files(self, here: Path) -> dict[str, list[Path]]:
        """The files the base names, relative to the folder `here` of the scenario file."""
        return {"applications": [here / p for p in self.applications],
                "pool": [] if self.pool is None else [here / self.pool],
                "overrides": [] if self.overrides is None else [here / self.overrides]}


class ScenarioFile(_Strict):
    base: BaseFiles
    scenario: tuple[Scenario, ...] = ()


@dataclass(frozen=True)
class Round:
    """What one allocation needs: the applications, the pool, the overrides and the council
    members' ratings (when the applications are scored from them)."""

    applications: tuple[Application, ...]
    pool: Pool
    overrides: tuple[Override, ...] = ()
    assessments: tuple[AssessorRating, ...] = ()


def apply_scenario(pool: Pool, overrides: Iterable[Override], scenario: Scenario) -> tuple[Pool, tuple[Override, ...]]:
    """The pool and overrides of `scenario`: the base's, with the scenario's changes on top."""
    data = pool.model_dump()
    if scenario.budget_dkk is not None:
        data["budget_dkk"] = scenario.budget_dkk
    data["weights"] = {**data["weights"], **scenario.weights}
    data["rules"] = {**data["rules"], **scenario.rules}
    try:
        changed = Pool.model_validate(data)
    except ValidationError as exc:
        from digipulje.pool.config import validation_lines

        raise InputError(*validation_lines(_("scenario '{name}'", name=scenario.name), exc)) from None
    replaced = {o.application for o in scenario.override}
    merged = tuple(o for o in overrides if o.application not in replaced) + tuple(scenario.override)
    return changed, merged


# --- reading a scenario file (the edge: a file in, validated models out) ---------------------

def parse_scenario_file(data: dict[str, Any], source: str = "<scenarios>") -> ScenarioFile:
    from digipulje.pool.config import validation_lines

    try:
        parsed = ScenarioFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(*validation_lines(source, exc, unknown=_(
            "unknown setting: check the spelling (see the README, 'Scenarios and alternatives')"))) from None
    names = [parsed.base.name, *(s.name for s in parsed.scenario)]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(*(_("{file}: the scenario name '{name}' is used more than once: names must be unique",
                             file=source, name=n) for n in repeated))
    known_weights = set(Pool().weights.model_dump())
    known_rules = set(Pool().rules.model_dump())
    problems = []
    for s in parsed.scenario:
        problems += [_("{file}: scenario '{name}': unknown weight '{key}': use one of {known}", file=source,
                       name=s.name, key=k, known=", ".join(sorted(known_weights)))
                     for k in s.weights if k not in known_weights]
        problems += [_("{file}: scenario '{name}': unknown rule '{key}': use one of {known}", file=source,
                       name=s.name, key=k, known=", ".join(sorted(known_rules)))
                     for k in s.rules if k not in known_rules]
    if problems:
        raise InputError(*problems)
    return parsed


def read_scenario_file(path: str | Path, columns=None) -> tuple[ScenarioFile, Round]:
    """The scenario file and its base round, with the base's files read relative to it; the
    applications with the base pool file's `[columns]` table and then `columns`, if given."""
    from digipulje.applications.columns import merge_column_maps, read_pool_columns
    from digipulje.applications.spreadsheet import read_applications
    from digipulje.pool.config import load_toml, read_overrides, read_pool

    path = Path(path)
    data = load_toml(path)
    parsed = parse_scenario_file(data, str(path))
    files = parsed.base.files(path.parent)
    pool_file = next(iter(files["pool"]), None)
    from digipulje.pool.pabulib import pool_for_inputs

    base = Round(
        applications=tuple(read_applications(
            files["applications"],
            columns=merge_column_maps(read_pool_columns(pool_file), columns))),
        pool=pool_for_inputs(files["applications"], None if pool_file is None else read_pool(pool_file)),
        overrides=tuple(read_overrides(next(iter(files["overrides"]), None))),
    )
    return parsed, base


# --- comparing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    """An application whose grant or status in a scenario differs from the base's."""

    scenario: str
    application: str
    base_granted_dkk: int
    granted_dkk: int
    base_status: Status
    status: Status


@dataclass(frozen=True)
class OverridePrice:
    """What one override costs: the score lost, and where the money went instead."""

    override: Override
    score_lost: float  # total score without the override minus with it (points, 0–100 scale; support for .pb)
    changes: dict[str, int]  # id -> kroner gained (+) or lost (−) because of the override


@dataclass(frozen=True)
class ScenarioResult:
    name: str
    scenario: Scenario | None  # None for the base
    allocation: Allocation
    prices: tuple[OverridePrice, ...] = ()


@dataclass(frozen=True)
class Comparison:
    applications: tuple[Application, ...]
    results: tuple[ScenarioResult, ...]  # the base first
    differences: tuple[Difference, ...] = field(default=())
    recommendation: Allocation | None = None  # the base without its overrides, when it has any
    losers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # scenario with a larger pool -> ids
    # funded in the base that lose their grant there (a larger pool picked another set)

    @property
    def base(self) -> ScenarioResult:
        return self.results[0]

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per scenario and application (see `pool.frames.comparison_frame`)."""
        from digipulje.pool.frames import comparison_frame

        return comparison_frame(self)


# --- summaries a chief reads -------------------------------------------------------------------



def department_shares(allocation: Allocation) -> dict[str, float]:
    """Each department's share of the kroner granted (0–1), departments in name order."""
    total = allocation.granted_dkk
    shares: dict[str, int] = {}
    for d in allocation.decisions:
        shares[d.department] = shares.get(d.department, 0) + d.granted_dkk
    return {k: (v / total if total else 0.0) for k, v in sorted(shares.items())}


def bottom_line_shares(allocation: Allocation, applications: Iterable[Application]) -> dict[str, float]:
    """How the kroner granted divide over KL's three bottom lines (0–1 each, summing to 1).

    Each grant is split over citizen, employee and municipality in proportion to the
    application's three ratings (an unrated line counts 0; a grant with none rated is left out).
    """
    ratings = {a.id: a.ratings for a in applications}
    sums = dict.fromkeys(BOTTOM_LINE_KEYS, 0.0)
    for d in allocation.decisions:
        if d.granted_dkk <= 0:
            continue
        r = ratings[d.id]
        points = {line: getattr(r, line) or 0 for line in BOTTOM_LINE_KEYS}
        total = sum(points.values())
        for line in BOTTOM_LINE_KEYS:
            if total:
                sums[line] += d.granted_dkk * points[line] / total
    whole = sum(sums.values())
    return {line: (sums[line] / whole if whole else 0.0) for line in BOTTOM_LINE_KEYS}


def grant_count(allocation: Allocation) -> int:
    return sum(d.status.granted for d in allocation.decisions)
