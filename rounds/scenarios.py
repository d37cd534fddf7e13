"""Named scenarios saved in a round: the terms a reader or the secretariat wants to see again.

A saved scenario is the round under other terms (budget, rules, weights, and the chiefs' changes
or not), stored by name in the round's log (`Kind.SCENARIO`, payload `{"action": "save", "scenario":
...}` or `{"action": "delete", "name": ...}`), so the log says who saved or deleted what and when.
Only the terms are stored; the allocations are computed again from them
(`meeting.scenarios.compare_saved`). A round holds at most `MAX_SAVED` at a time, the number the
scenario page shows side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

from digipulje.base.errors import InputError
from digipulje.messages import _
from digipulje.analyses.scenarios import Scenario
from digipulje.rounds.log import Clock, Event, Kind, append_event, utc_now
from digipulje.rounds.rounds import RoundState, read_round
from digipulje.rounds.store import RoundStore, RoundStoreError

MAX_SAVED = 4
MAX_NAME = 60


@dataclass(frozen=True)
class SavedScenario:
    """One saved scenario: its terms (`scenario`, the chiefs' changes in its `override` when it
    was saved with them), whether it was, and the event that saved it."""

    scenario: Scenario
    with_decision: bool
    event: Event

    @property
    def name(self) -> str:
        return self.scenario.name


def saved_scenarios(state: RoundState) -> tuple[SavedScenario, ...]:
    """The round's saved scenarios, in the order they were saved (a name saved again moves last)."""
    saved: dict[str, SavedScenario] = {}
    for event in state.scenario_events:
        p = event.payload
        if p["action"] == "save":
            scenario = Scenario.model_validate(p["scenario"])
            saved.pop(scenario.name, None)
            saved[scenario.name] = SavedScenario(scenario, bool(p.get("with_decision")), event)
        else:
            saved.pop(p["name"], None)
    return tuple(saved.values())


def check_scenario_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InputError(_("give the scenario a name, e.g. 'Pulje 300.000 kr.'"))
    if len(name) > MAX_NAME:
        raise InputError(_("the name is longer than {most} characters: shorten it", most=MAX_NAME))
    return name


def save_scenario(store: RoundStore, round: str, scenario: Scenario, actor: str, with_decision: bool = False,
                  reason: str | None = None, clock: Clock = utc_now) -> Event:
    """Saves `scenario` under its name (a scenario of the same name is replaced); refused when the
    round already holds `MAX_SAVED` others."""
    scenario = scenario.model_copy(update={"name": check_scenario_name(scenario.name)})
    with store.transaction():
        saved = saved_scenarios(read_round(store, round))
        others = [s.name for s in saved if s.name != scenario.name]
        if len(others) >= MAX_SAVED:
            raise InputError(_("round {round} already holds {most} saved scenarios ({names}): delete one first",
                               round=round, most=MAX_SAVED, names=", ".join(others)))
        payload = {"action": "save", "scenario": scenario.model_dump(mode="json"), "with_decision": with_decision}
        return append_event(store, round, Kind.SCENARIO, actor, payload, reason=reason, clock=clock)


def delete_scenario(store: RoundStore, round: str, name: str, actor: str, clock: Clock = utc_now) -> Event:
    with store.transaction():
        saved = saved_scenarios(read_round(store, round))
        if name not in {s.name for s in saved}:
            raise RoundStoreError(_("round {round} has no saved scenario named '{name}'", round=round, name=name))
        return append_event(store, round, Kind.SCENARIO, actor, {"action": "delete", "name": name}, clock=clock)
