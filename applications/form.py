"""The structured application form: one workbook per application, questions grouped by the pool's
principles, guidance beside each question, dropdowns for the scales, and the department head's
approval.

The council asked for it after the 2025 round, where the free format made screening hard. The
applicant answers parts 1–6 and the approval; the council fills in its ratings and its
assessment in the same form (or in its overview sheet).

Every question row carries its key in the hidden column A, so a filled form is read back by key:
the language of the form, the wording of a question and inserted rows do not matter. Free-text
answers are kept on the application as notes (question, answer); the benefit indicators (up to
three: what is measured, its unit, the figure today, the target, the bottom line that gains) become
the application's `indicators`, which the round's follow-up measures. An application read from a
form requires the department head's approval: without it, it is `incomplete`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from digipulje.applications import cells
from digipulje.applications.model import Indicator
from digipulje.applications.principles import (
    BOTTOM_LINES, BOTTOM_LINES_PRINCIPLE, PRINCIPLES, SCALE_MAX, criteria_of,
)
from digipulje.applications.problems import Problem
from digipulje.applications.rows import BLANK, Found, build_application, read_cell
from digipulje.messages import N_, _, current_language, use_language
from digipulje.messages.tables import in_language

FORM_MARKER = "digipulje:form:1"
QUESTION_COLUMN, ANSWER_COLUMN, GUIDANCE_COLUMN = 1, 2, 3  # 0-based: B, C, D; A holds the key


@dataclass(frozen=True)
class Question:
    key: str  # a field of the application, or "note:..." for a free-text answer kept as a note
    kind: str  # text, amount, rating, flag, date, verdict, list, kle, quantity, bottom_line
    label: str  # in the language the form is written in
    guidance: str
    required: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...]


def _q(key: str, kind: str, label: str, guidance: str, required: bool = False) -> Question:
    return Question(key, kind, label, guidance, required)


MAX_INDICATORS = 3


def _indicator_questions() -> tuple[Question, ...]:
    """Up to three indicators: what the applicant will measure, so that the benefit it promises can
    be followed up against what it realises (key `indicator:N:field`)."""
    questions = []
    for n in range(1, MAX_INDICATORS + 1):
        first = n == 1
        questions += [
            _q(f"indicator:{n}:name", "text", _("Indicator {n}: what is measured?", n=n),
               _("The benefit you will measure, e.g. 'Waiting time for an answer' or 'Time spent checking in'. "
                 "Three at most; leave the rest empty.") if first
               else _("Empty when there are no more indicators.")),
            _q(f"indicator:{n}:unit", "text", _("Indicator {n}: unit", n=n),
               _("E.g. days, hours a week, per cent.") if first else _("The unit of the numbers below.")),
            _q(f"indicator:{n}:baseline", "quantity", _("Indicator {n}: today", n=n),
               _("The figure today, e.g. 10. The number only. Empty if the benefit cannot be counted.") if first
               else _("The figure today, the number only.")),
            _q(f"indicator:{n}:target", "quantity", _("Indicator {n}: target", n=n),
               _("The figure the solution should reach, e.g. 5. It is followed up once the project runs.") if first
               else _("The figure the solution should reach.")),
            _q(f"indicator:{n}:bottom_line", "bottom_line", _("Indicator {n}: who gains?", n=n),
               _("{lines} (KL's three bottom lines).", lines=cells.or_words([c.name(current_language()) for c in BOTTOM_LINES]))),
        ]
    return tuple(questions)


def _principle_sections(council: str, numbers: range) -> tuple[Section, ...]:
    """The parts of the rated principles (and principle 1), from the declaration: each principle's
    own questions for the applicant, then a rating question per criterion for the council. A
    principle with neither has no part; one declared without questions of its own gets its ratings.
    `numbers`: the principles wanted (the rules 5 and 6 have parts of their own between them)."""
    own = {
        1: (_("Principle 1: Few but noticeable investments"), (
            _q("note:noticeable", "text", _("What becomes noticeably better?"),
               _("Describe the difference the solution makes, and for whom.")),
        )),
        BOTTOM_LINES_PRINCIPLE: (_("Principle 2: KL's three bottom lines"), (
            _q("note:citizen", "text", _("Gains for citizens"), _("What do citizens gain from the solution?")),
            _q("note:employee", "text", _("Gains for employees"), _("Time, quality or working environment.")),
            _q("note:municipality", "text", _("Gains for the municipality"), _("Economy, security, coherence.")),
        )),
        3: (_("Principle 3: Documented effect"), (
            _q("note:evidence", "text", _("Evidence of the effect"),
               _("Experience of other municipalities, measurements, trials.")),
        )),
        4: (_("Principle 4: Cross-cutting needs"), (
            _q("other_departments", "list", _("Other departments that could use it"),
               _("Separate with semicolons, e.g. 'Children & Families; Depot'.")),
            _q("note:spread", "text", _("How could the solution spread, and what would that gain?"),
               _("Other areas that could benefit, and the gain from it.")),
        )),
    }
    lang = current_language()
    parts = []
    for p in PRINCIPLES:
        if p.number not in numbers:
            continue
        if p.number not in own and p.applied_as != "rating":
            continue  # a rule the form asks about in a part of its own below
        title, questions = own.get(p.number, (_("Principle {number}: {name}", number=p.number, name=p.name(lang)), ()))
        ratings = tuple(_q(c.key, "rating", _("Rating: {name} (0–{top})", name=c.word(lang), top=SCALE_MAX), council)
                        for c in criteria_of(p.number))
        parts.append(Section(title, questions + ratings))
        if p.number == BOTTOM_LINES_PRINCIPLE:
            parts.append(Section(_("Benefits to be followed up"), _indicator_questions()))
    return tuple(parts)


def sections() -> tuple[Section, ...]:
    """The form's parts and questions, worded in the language in force."""
    council = _("Filled in by the IT project council: 0 = not at all, 4 = to a very high degree.")
    return (
        Section(_("The application"), (
            _q("id", "text", _("Application id"),
               _("Filled in by the IT project council. When empty, the file name is used.")),
            _q("title", "text", _("Name of the solution"),
               _("A short name, e.g. 'Check-in and check-out system'."), True),
            _q("department", "text", _("Department"), _("The department applying."), True),
            _q("unit", "text", _("Unit"), _("Unit or institution, if not the whole department.")),
            _q("contact", "text", _("Contact person"), _("Name and e-mail.")),
            _q("note:description", "text", _("Short description of the solution"),
               _("What is the solution, and which problem does it solve? Half a page at most.")),
            _q("requested_dkk", "amount", _("Amount requested (DKK)"),
               _("The one-off amount from the pool in whole kroner, e.g. 140000."), True),
            _q("min_dkk", "amount", _("Smallest workable grant (DKK)"),
               _("The smallest amount the solution can be carried out for. Empty: the pool's rule applies.")),
        )),
        *_principle_sections(council, range(1, 5)),
        Section(_("Principle 5: Processed by the IT project council"), (
            _q("systems", "list", _("Systems in KITOS"),
               _("The systems in the municipality's IT-system overview (KITOS) that the solution is or "
                 "touches; separate with semicolons. Check that KITOS is up to date.")),
            _q("kle_codes", "kle", _("KLE numbers of the task"),
               _("The KLE numbers the solution supports, e.g. '27.24.00; 27.36.00'. Used to find systems in "
                 "KITOS that may already cover the need.")),
        )),
        Section(_("Principle 6: A one-off contribution only"), (
            _q("own_investment_dkk", "amount", _("Own investment (DKK)"),
               _("What the department itself puts in, in whole kroner.")),
            _q("yearly_running_cost_dkk", "amount", _("Yearly running cost (DKK)"),
               _("Licences, support and operation per year in whole kroner. The pool never pays running costs.")),
            _q("running_cost_paid_by", "text", _("Running costs paid by"),
               _("The department or unit that pays for operation.")),
            _q("running_cost_paid_by_applicant", "flag", _("Does the applicant pay the running costs?"),
               _("Choose Yes or No. No means the application is rejected under principle 6.")),
        )),
        *_principle_sections(council, range(7, max(p.number for p in PRINCIPLES) + 1)),
        Section(_("Approval by the department head"), (
            _q("approved_by", "text", _("Approved by (department head)"),
               _("Without the department head's approval the application is incomplete and cannot be funded.")),
            _q("approved_on", "date", _("Date of approval"), _("E.g. 2025-12-01.")),
        )),
        Section(_("The IT project council's assessment (filled in by the council)"), (
            _q("verdict", "verdict", _("Verdict (the form's question)"), _("Eligible, Not recommended or Rejected.")),
            _q("reason", "text", _("Reason"), _("Required for Not recommended and Rejected.")),
            _q("assessment_text", "text", _("The council's assessment (the form's question)"),
               _("The council's written assessment.")),
        )),
    )


with use_language("da"):  # a question's label where a problem names it: as the Danish form writes it
    SECTIONS: tuple[Section, ...] = sections()
QUESTIONS: dict[str, Question] = {q.key: q for s in SECTIONS for q in s.questions}


def _texts() -> dict[str, str]:
    return {
        "title": _("Application to the digitalisation pool"),
        "intro": _("Fill in the yellow cells. The guidance is beside each question. Amounts are whole kroner. "
                   "The whole pool may go to one solution (principle 7)."),
        "sheet": _("Application"),
        "question": _("Question"),
        "answer": _("Answer"),
        "guidance": _("Guidance"),
        "amount_error": _("Whole kroner, e.g. 140000"),
    }


def _choices() -> dict[str, str]:
    """The dropdowns' choices, as the readers take them back."""
    return {
        "rating": ",".join(str(r) for r in range(SCALE_MAX + 1)),
        "flag": _("Yes,No"),
        "verdict": _("Eligible,Not recommended,Rejected"),
        "bottom_line": ",".join(c.name(current_language()) for c in BOTTOM_LINES),
    }


def build_form(lang: str = "da"):
    """The empty form as an openpyxl workbook, in `lang` (an unknown language writes it in English)."""
    with in_language(lang):
        return _build_form(lang, _texts(), _choices(), sections())


def _build_form(lang: str, text: dict[str, str], choices_of: dict[str, str], parts: tuple[Section, ...]):
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = text["sheet"]
    wrap = Alignment(wrap_text=True, vertical="top")
    answer_fill = PatternFill("solid", fgColor="FFF2CC")
    section_fill = PatternFill("solid", fgColor="D9E1F2")

    sheet.append([FORM_MARKER, text["title"]])
    sheet["B1"].font = Font(bold=True, size=14)
    sheet.append([None, text["intro"]])
    sheet.merge_cells("B2:D2")
    sheet["B2"].alignment = wrap
    sheet.row_dimensions[2].height = 45
    sheet.append([None, text["question"], text["answer"], text["guidance"]])
    for cell in sheet[3]:
        cell.font = Font(bold=True)

    validations = {kind: DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
                   for kind, choices in choices_of.items()}
    validations["amount"] = DataValidation(type="whole", operator="between", formula1="0", formula2="1000000000",
                                           allow_blank=True, error=text["amount_error"], showErrorMessage=True)
    validations["date"] = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
    for validation in validations.values():
        sheet.add_data_validation(validation)

    for section in parts:
        sheet.append([])
        sheet.append([None, section.title])
        row = sheet.max_row
        for column in "BCD":
            sheet[f"{column}{row}"].fill = section_fill
        sheet[f"B{row}"].font = Font(bold=True)
        for question in section.questions:
            label = question.label + (" *" if question.required else "")
            sheet.append([question.key, label, None, question.guidance])
            row = sheet.max_row
            answer = sheet[f"C{row}"]
            answer.fill = answer_fill
            answer.alignment = wrap
            answer.protection = Protection(locked=False)
            sheet[f"B{row}"].alignment = wrap
            sheet[f"D{row}"].alignment = wrap
            sheet[f"D{row}"].font = Font(italic=True, color="595959")
            if question.kind in validations:
                validations[question.kind].add(answer)
            if question.kind == "amount":
                answer.number_format = "#,##0"
            if question.kind == "kle":
                answer.number_format = "@"  # text: Excel would turn 27.10 into a date
            if question.kind == "date":
                answer.number_format = "d.m.yyyy" if lang == "da" else "yyyy-mm-dd"
            if question.key.startswith("note:") or question.key == "assessment_text":
                sheet.row_dimensions[row].height = 60

    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 42
    sheet.column_dimensions["C"].width = 50
    sheet.column_dimensions["D"].width = 70
    sheet.freeze_panes = "A4"
    # Locked question and key cells keep the form readable by digipulje; no password, so a
    # council member can still unprotect it.
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    return workbook


def write_form(path: str | Path, lang: str = "da") -> Path:
    """Writes a new empty form; never overwrites an existing file."""
    import io

    from digipulje.base.errors import InputError
    from digipulje.base.files import write_atomically

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(_("{file}: the form is an Excel workbook; give a file name ending in .xlsx", file=path))
    if path.exists():
        raise InputError(_("{file}: already exists; digipulje does not overwrite it, choose another name", file=path))
    buffer = io.BytesIO()
    build_form(lang).save(buffer)
    write_atomically(path, buffer.getvalue())
    return path


def is_visible(sheet) -> bool:
    """Shown in Excel: not "hidden", nor "veryHidden"."""
    return getattr(sheet, "sheet_state", "visible") == "visible"


def first_visible_sheet(workbook):
    """The first sheet Excel shows (the first sheet, in a workbook that shows none)."""
    return next((s for s in workbook.worksheets if is_visible(s)), workbook.worksheets[0])


def is_form(workbook) -> bool:
    """A workbook written by `build_form`: its first visible sheet carries the marker in A1."""
    sheet = first_visible_sheet(workbook)
    first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))
    return bool(first) and first[0] == FORM_MARKER


def parse_form(rows: list[list[object]], file: str, sheet: str | None):
    """The application in a filled form, and its problems, as `(list[Found], list[Problem])`."""
    values: dict[str, object] = {}
    notes: list[tuple[str, str]] = []
    indicators: dict[int, dict[str, object]] = {}
    labels: dict[str, str] = {}
    rows_of: dict[str, int] = {}
    problems: list[Problem] = []
    for excel_row, row in enumerate(rows, start=1):
        key = row[0] if row else None
        question = QUESTIONS.get(key) if isinstance(key, str) else None
        if question is None or question.key in rows_of:
            continue
        label = cells.parse_text(row[QUESTION_COLUMN]) if len(row) > QUESTION_COLUMN and not cells.is_blank(
            row[QUESTION_COLUMN]) else question.label
        label = label.removesuffix(" *")
        field = "note" if question.key.startswith("note:") else question.key
        labels[question.key] = label
        rows_of[question.key] = excel_row
        answer = row[ANSWER_COLUMN] if len(row) > ANSWER_COLUMN else None
        value, trouble = read_cell(answer, question.kind, question.required,
                                   N_("missing: this question must be answered"))
        if trouble:
            problems.append(Problem(file, sheet, excel_row, label, trouble))
            continue
        if value is BLANK:
            continue
        if field == "note":
            notes.append((label, value))
        elif field.startswith("indicator:"):
            _indicator, n, part = field.split(":")
            indicators.setdefault(int(n), {})[part] = value
        else:
            values[field] = value
    for question in QUESTIONS.values():
        if question.required and question.key not in rows_of:
            problems.append(Problem(file, sheet, None, question.label,
                                    "the question is missing from the form: copy your answers into a new form "
                                    "(digipulje form new)"))
    if "approved_on" in values and "approved_by" not in values:
        problems.append(Problem(file, sheet, rows_of["approved_by"], labels["approved_by"],
                                "missing: write the name of the department head who approved the application"))
    if "approved_by" in values and "approved_on" not in values:
        problems.append(Problem(file, sheet, rows_of.get("approved_on"), labels.get("approved_on"),
                                "missing: write the date the department head approved the application"))
    for n, answers in sorted(indicators.items()):
        if "name" not in answers:
            key = f"indicator:{n}:name"
            problems.append(Problem(file, sheet, rows_of.get(key), labels.get(key, QUESTIONS[key].label),
                                    "missing: say what the indicator measures, or clear its other answers"))
    if problems:
        return [], problems
    values.setdefault("id", Path(file).stem)
    app, build_problems = build_application(
        values, notes=tuple(notes), file=file, sheet=sheet, row=None, written=labels, approval_required=True,
        indicators=tuple(Indicator(**answers) for _n, answers in sorted(indicators.items())))
    if app is None:
        return [], build_problems
    if app.approval is None:
        problems.append(Problem(file, sheet, rows_of.get("approved_by"), labels.get("approved_by"),
                                "not approved by the department head: the application is incomplete and "
                                "cannot be funded until it is", severity="warning"))
    return [Found(app, file, sheet, rows_of.get("id"), labels.get("id"))], problems

