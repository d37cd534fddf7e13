"""What the call tells applicants about each of the principles, and which of the form's
questions answer it: written once, beside the principles' declaration (`applications.principles`)
and the form's questions (`applications.form`), and shown by the call page and the browser form.

The council asked for it after the 2025 round: predefined questions based on the principles, with
guidance for applicants, without making applying costly.

Only the applicant's questions are asked in the browser: the council's ratings and verdict, the
application id (digipulje gives it) and the department head's approval (the head's own step) are
not the applicant's to answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from digipulje.applications.form import QUESTIONS, Question, Section, sections
from digipulje.applications.principles import PRINCIPLES, Principle
from digipulje.messages import _

# Questions the applicant does not answer: digipulje, the head or the council fills them in.
NOT_ASKED = frozenset({"id", "department", "approved_by", "approved_on", "verdict", "reason", "assessment_text"})
NOT_ASKED_KINDS = frozenset({"rating", "verdict"})


@dataclass(frozen=True)
class PrincipleGuidance:
    """One principle as the call explains it: what the council looks for, and the questions
    of the form that answer it (keys of `applications.form.QUESTIONS`)."""

    principle: Principle
    guidance: str
    questions: tuple[str, ...]


def _guidance() -> dict[int, tuple[str, tuple[str, ...]]]:
    indicators = tuple(k for k in QUESTIONS if k.startswith("indicator:"))
    return {
        1: (_("The pool gives few but noticeable grants. Say what becomes noticeably better, and for whom; "
              "give the smallest amount the solution can be carried out for."),
            ("note:noticeable", "requested_dkk", "min_dkk")),
        2: (_("The chiefs decide with KL's three bottom lines in focus. Describe the gains for citizens, "
              "for employees and for the municipality, and name up to three indicators that can be "
              "followed up."),
            ("note:citizen", "note:employee", "note:municipality", indicators[0])),
        3: (_("Solutions with documented effect come first. Refer to measurements, trials or the experience "
              "of other municipalities; a supplier's claim alone weighs little."),
            ("note:evidence",)),
        4: (_("Cross-cutting needs are prioritised. Say how the solution could spread to other areas and "
              "departments, and what that would gain."),
            ("other_departments", "note:spread")),
        5: (_("The IT project council processes every investment. Name the systems in the municipality's "
              "IT-system overview (KITOS) the solution replaces, touches or overlaps, and check that KITOS "
              "is up to date."),
            ("systems", "kle_codes")),
        6: (_("The pool pays a one-off contribution only, which may well supplement your own investment. "
              "Running costs (licences, support, operation) are never paid by the pool: say who pays them."),
            ("own_investment_dkk", "yearly_running_cost_dkk", "running_cost_paid_by",
             "running_cost_paid_by_applicant")),
        7: (_("The whole amount can be given to one solution: ask for what the solution costs."),
            ("requested_dkk",)),
    }


def principle_guidance() -> tuple[PrincipleGuidance, ...]:
    """The principles with the call's guidance, in the language in force; a principle the call
    says nothing particular of is assessed by the council as declared."""
    texts = _guidance()
    plain = (_("The IT project council assesses the application against this principle."), ())
    return tuple(PrincipleGuidance(p, *texts.get(p.number, plain)) for p in PRINCIPLES)


def is_asked(question: Question) -> bool:
    """Whether the applicant answers `question` in the browser."""
    return question.key not in NOT_ASKED and question.kind not in NOT_ASKED_KINDS


def applicant_sections() -> tuple[Section, ...]:
    """The form's parts with only the applicant's questions, worded in the language in force."""
    parts = []
    for section in sections():
        asked = tuple(q for q in section.questions if is_asked(q))
        if asked:
            parts.append(Section(section.title, asked))
    return tuple(parts)


APPLICANT_KEYS: tuple[str, ...] = tuple(k for k, q in QUESTIONS.items() if is_asked(q))
