"""Manual overrides: the chiefs' forum (or the council) decides against the optimiser.

An override names one application and one `Action`: `exclude` it (never funded), `include` it
(always funded, the optimiser picks the amount within its limits), or `fix` its grant at an exact
amount. Each carries the reason and who decided it, because a decision that departs from the
recommendation must be explainable later.

Each action is declared once, in `ACTIONS`, with everything that follows from it: whether it takes
an amount, whether it forces money out (and so lifts screening), whether it excludes, how it changes
the solver's candidate, the reason screening gives, and its words (`ActionWords`: the form's label,
the verb for tables and logs, what was done for the memo's changes, the sentence for a reason).
Screening, the engine, the reasons, the reports and the web ask the action; none switches on its
name. A new action is one `Action` added to `ACTIONS` (and its texts in `messages/da.po`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from digipulje.base.errors import kroner
from digipulje.base.money import format_dkk
from digipulje.messages import _, current_language
from digipulje.messages.tables import rendered
from digipulje.solver.problem import Candidate


class ActionWords(NamedTuple):
    """An action's words in one language; `{application}` and `{amount}` are filled in."""

    label: str  # the choice in a form: "Exclude: no grant"
    verb: str  # the change as an order, for tables and logs: "exclude {application}"
    done: str  # what was done, in the memo's table of changes: "excluded"
    sentence: str  # who did it and why, in a reason: "{application} excluded by {by} ({reason})"


class _Declared(type):
    """`list(Action)`: every action declared, in `ACTIONS`' order (as an enum would list them)."""

    def __iter__(cls) -> Iterator[Action]:
        return iter(tuple(ACTIONS.values()))

    def __len__(cls) -> int:
        return len(ACTIONS)


@dataclass(frozen=True, eq=False)
class Action(metaclass=_Declared):
    """One kind of override and everything that follows from it.

    - `value`: its name in overrides files, the round's log and forms.
    - `takes_amount`: the override carries `amount_dkk` (and only then).
    - `funds`: it forces money out: the application is granted (screening's gates are lifted),
      and the money it takes from others is named in their reasons.
    - `excludes`: screening refuses the application (`Gate.EXCLUDED`).
    - `fixes_grant`: the grant is the amount, so it cannot absorb a cut.
    - `shape(candidate, amount)`: the solver's candidate under the override.
    - `reason_code`: the reason screening records (`pool.reasons`), if any.
    - `words`: a table of `_()` calls, rendered once per language (`messages.tables.rendered`).
    """

    value: str
    takes_amount: bool
    funds: bool
    excludes: bool
    shape: Callable[[Candidate, int | None], Candidate] = field(repr=False)
    words: Callable[[], ActionWords] = field(repr=False)
    reason_code: str | None = None
    fixes_grant: bool = False

    EXCLUDE: ClassVar[Action]
    INCLUDE: ClassVar[Action]
    FIX: ClassVar[Action]

    def __str__(self) -> str:
        return self.value

    def __reduce__(self) -> tuple[Any, ...]:  # one instance per action, also across processes
        return (action_named, (self.value,))

    @classmethod
    def named(cls, value: str) -> Action:
        return action_named(value)

    def words_in(self, lang: str | None = None) -> ActionWords:
        return rendered(self.words, lang or current_language())

    def label(self, lang: str | None = None) -> str:
        return self.words_in(lang).label

    def verb(self, application: str, amount_dkk: int | None = None, lang: str | None = None,
             amount_text: str | None = None) -> str:
        """The change as an order; `amount_text` writes the amount otherwise than a table's kroner."""
        lang = lang or current_language()
        amount = _amount(amount_dkk, lang) if amount_text is None else amount_text
        return self.words_in(lang).verb.format(application=application, amount=amount)

    def done(self, amount_dkk: int | None = None, lang: str | None = None) -> str:
        lang = lang or current_language()
        return self.words_in(lang).done.format(amount=_amount(amount_dkk, lang))

    def sentence(self, override: Override, lang: str | None = None) -> str:
        lang = lang or current_language()
        return self.words_in(lang).sentence.format(application=override.application,
                                                   amount=_amount(override.amount_dkk, lang),
                                                   by=override.decided_by, reason=override.reason)


def _amount(amount_dkk: int | None, lang: str) -> str:
    return "" if amount_dkk is None else format_dkk(amount_dkk, lang)


def _unchanged(candidate: Candidate, amount_dkk: int | None) -> Candidate:
    return candidate


def _forced(candidate: Candidate, amount_dkk: int | None) -> Candidate:
    return replace(candidate, forced=True)


def _fixed(candidate: Candidate, amount_dkk: int | None) -> Candidate:
    return replace(candidate, fixed_dkk=amount_dkk)


def _exclude_words() -> ActionWords:
    return ActionWords(_("Exclude: no grant"), _("exclude {application}"), _("excluded"),
                       _("{application} excluded by {by} ({reason})"))


def _include_words() -> ActionWords:
    return ActionWords(_("Include: always a grant"), _("include {application}"), _("included"),
                       _("{application} included by {by} ({reason})"))


def _fix_words() -> ActionWords:
    return ActionWords(_("Fix the amount"), _("fix {application} at {amount}"), _("amount fixed at {amount}"),
                       _("{application} fixed at {amount} by {by} ({reason})"))


Action.EXCLUDE = Action("exclude", takes_amount=False, funds=False, excludes=True, shape=_unchanged,
                        words=_exclude_words, reason_code="excluded")
Action.INCLUDE = Action("include", takes_amount=False, funds=True, excludes=False, shape=_forced,
                        words=_include_words, reason_code="included")
Action.FIX = Action("fix", takes_amount=True, funds=True, excludes=False, shape=_fixed, words=_fix_words,
                    reason_code="fixed", fixes_grant=True)

# Every action, by its value, in the order forms offer them.
ACTIONS: dict[str, Action] = {a.value: a for a in (Action.EXCLUDE, Action.INCLUDE, Action.FIX)}


def action_named(value: str) -> Action:
    """The action called `value`; `ValueError` naming the known ones if there is none."""
    try:
        return ACTIONS[value]
    except KeyError:
        raise ValueError(_("unknown override action '{action}': choose {known}", action=value,
                           known=_known())) from None


def _known() -> str:
    names = [f"'{v}'" for v in ACTIONS]
    return names[0] if len(names) == 1 else _("{words} or {last}", words=", ".join(names[:-1]), last=names[-1])


def _to_action(value: object) -> Action:
    if isinstance(value, Action):
        return value
    if isinstance(value, str) and value in ACTIONS:
        return ACTIONS[value]
    raise PydanticCustomError("enum", "Input should be {expected}", {"expected": _known()})


ActionField = Annotated[Action, PlainValidator(_to_action), PlainSerializer(lambda a: a.value, return_type=str),
                        WithJsonSchema({"type": "string"})]


class Override(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    application: Annotated[str, Field(min_length=1)]
    action: ActionField
    amount_dkk: Annotated[int, Field(gt=0, strict=True)] | None = None
    reason: Annotated[str, Field(min_length=1)]
    decided_by: Annotated[str, Field(min_length=1)]
    date: dt.date | None = None

    @model_validator(mode="after")
    def _amount_only_when_the_action_takes_one(self) -> Override:
        if self.action.takes_amount and self.amount_dkk is None:
            raise ValueError(_("a '{action}' override needs amount_dkk", action=self.action.value))
        if not self.action.takes_amount and self.amount_dkk is not None:
            raise ValueError(_("amount_dkk belongs only to an override with an amount, not '{action}'",
                               action=self.action.value))
        return self

    def shape(self, candidate: Candidate) -> Candidate:
        """The solver's candidate for this override's application."""
        return self.action.shape(candidate, self.amount_dkk)

    def describe(self) -> str:
        """The override in a few words, in the language in force: what, who decided it and why."""
        # written as the error messages it is quoted in write kroner: "125.000 kr."
        amount = None if self.amount_dkk is None else _("{amount} kr", amount=kroner(self.amount_dkk))
        what = self.action.verb(self.application, self.amount_dkk, amount_text=amount)
        return _("{override} ({decided_by}: {reason})", override=what, decided_by=self.decided_by, reason=self.reason)
