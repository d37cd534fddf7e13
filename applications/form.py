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

from applications import cells
from applications.model import Application, Indicator
from applications.problems import Problem

FORM_MARKER = "digipulje:form:1"
QUESTION_COLUMN, ANSWER_COLUMN, GUIDANCE_COLUMN = 1, 2, 3  # 0-based: B, C, D; A holds the key


@dataclass(frozen=True)
class Question:
    key: str  # a field of the application, or "note:..." for a free-text answer kept as a note
    kind: str  # text, amount, rating, flag, date, verdict, list, kle, quantity, bottom_line
    label: tuple[str, str]  # Danish, English
    guidance: tuple[str, str]
    required: bool = False


@dataclass(frozen=True)
class Section:
    title: tuple[str, str]
    questions: tuple[Question, ...]


def _q(key, kind, label_da, label_en, guidance_da, guidance_en, required=False) -> Question:
    return Question(key, kind, (label_da, label_en), (guidance_da, guidance_en), required)


MAX_INDICATORS = 3


def _indicator_questions() -> tuple[Question, ...]:
    """Up to three indicators: what the applicant will measure, so that the benefit it promises can
    be followed up against what it realises (key `indicator:N:field`)."""
    questions = []
    for n in range(1, MAX_INDICATORS + 1):
        first = n == 1
        questions += [
            _q(f"indicator:{n}:name", "text", f"Indikator {n}: hvad måles?", f"Indicator {n}: what is measured?",
               "Den gevinst, I vil måle, fx 'Ventetid på svar' eller 'Tid brugt på tjek ind'. Højst tre; "
               "lad resten stå tomme." if first else "Tomt, hvis der ikke er flere indikatorer.",
               "The benefit you will measure, e.g. 'Waiting time for an answer' or 'Time spent checking in'. "
               "Three at most; leave the rest empty." if first else "Empty when there are no more indicators."),
            _q(f"indicator:{n}:unit", "text", f"Indikator {n}: enhed", f"Indicator {n}: unit",
               "Fx dage, timer pr. uge, procent." if first else "Enheden for tallene nedenfor.",
               "E.g. days, hours a week, per cent." if first else "The unit of the numbers below."),
            _q(f"indicator:{n}:baseline", "quantity", f"Indikator {n}: i dag", f"Indicator {n}: today",
               "Tallet i dag, fx 10. Kun tallet. Tomt, hvis gevinsten ikke kan tælles." if first
               else "Tallet i dag, kun tallet.",
               "The figure today, e.g. 10. The number only. Empty if the benefit cannot be counted." if first
               else "The figure today, the number only."),
            _q(f"indicator:{n}:target", "quantity", f"Indikator {n}: mål", f"Indicator {n}: target",
               "Tallet, løsningen skal nå, fx 5. Det følges op, når projektet er i gang." if first
               else "Tallet, løsningen skal nå.",
               "The figure the solution should reach, e.g. 5. It is followed up once the project runs." if first
               else "The figure the solution should reach."),
            _q(f"indicator:{n}:bottom_line", "bottom_line", f"Indikator {n}: hvem får gevinsten?",
               f"Indicator {n}: who gains?",
               "Borger, Medarbejder eller Kommune (KL's tre bundlinjer).",
               "Citizen, Employee or Municipality (KL's three bottom lines)."),
        ]
    return tuple(questions)


_COUNCIL = ("Udfyldes af IT-projektrådet: 0 = slet ikke, 4 = i meget høj grad.",
            "Filled in by the IT project council: 0 = not at all, 4 = to a very high degree.")

SECTIONS: tuple[Section, ...] = (
    Section(("Ansøgningen", "The application"), (
        _q("id", "text", "Ansøgnings-ID", "Application id",
           "Udfyldes af IT-projektrådet. Er feltet tomt, bruges filnavnet.",
           "Filled in by the IT project council. When empty, the file name is used."),
        _q("title", "text", "Løsningens navn", "Name of the solution",
           "Et kort navn, fx 'Tjek ind og ud system'.", "A short name, e.g. 'Check-in and check-out system'.", True),
        _q("department", "text", "Afdeling", "Department", "Den ansøgende afdeling.", "The department applying.", True),
        _q("unit", "text", "Enhed", "Unit", "Enhed eller institution, hvis ikke hele afdelingen.",
           "Unit or institution, if not the whole department."),
        _q("contact", "text", "Kontaktperson", "Contact person", "Navn og e-mail.", "Name and e-mail."),
        _q("note:description", "text", "Kort beskrivelse af løsningen", "Short description of the solution",
           "Hvad er løsningen, og hvilket problem løser den? Højst en halv side.",
           "What is the solution, and which problem does it solve? Half a page at most."),
        _q("requested_dkk", "amount", "Ansøgt beløb (kr.)", "Amount requested (DKK)",
           "Éngangsbeløbet fra puljen i hele kroner, fx 140000.",
           "The one-off amount from the pool in whole kroner, e.g. 140000.", True),
        _q("min_dkk", "amount", "Mindste brugbare tilskud (kr.)", "Smallest workable grant (DKK)",
           "Det mindste beløb, løsningen kan gennemføres for. Tomt: puljens regel gælder.",
           "The smallest amount the solution can be carried out for. Empty: the pool's rule applies."),
    )),
    Section(("Princip 1: Få men mærkbare investeringer", "Principle 1: Few but noticeable investments"), (
        _q("note:noticeable", "text", "Hvad bliver mærkbart bedre?", "What becomes noticeably better?",
           "Beskriv den forskel, løsningen gør, og for hvem.", "Describe the difference the solution makes, and for whom."),
    )),
    Section(("Princip 2: KL's tre bundlinjer", "Principle 2: KL's three bottom lines"), (
        _q("note:citizen", "text", "Gevinst for borgerne", "Gains for citizens",
           "Hvad får borgerne ud af løsningen?", "What do citizens gain from the solution?"),
        _q("citizen", "rating", "Bedømmelse: borger (0–4)", "Rating: citizen (0–4)", *_COUNCIL),
        _q("note:employee", "text", "Gevinst for medarbejderne", "Gains for employees",
           "Tid, kvalitet eller arbejdsmiljø.", "Time, quality or working environment."),
        _q("employee", "rating", "Bedømmelse: medarbejder (0–4)", "Rating: employee (0–4)", *_COUNCIL),
        _q("note:municipality", "text", "Gevinst for kommunen", "Gains for the municipality",
           "Økonomi, sikkerhed, sammenhæng.", "Economy, security, coherence."),
        _q("municipality", "rating", "Bedømmelse: kommune (0–4)", "Rating: municipality (0–4)", *_COUNCIL),
    )),
    Section(("Gevinster, der følges op", "Benefits to be followed up"), _indicator_questions()),
    Section(("Princip 3: Dokumenteret effekt", "Principle 3: Documented effect"), (
        _q("note:evidence", "text", "Dokumentation for effekten", "Evidence of the effect",
           "Erfaringer fra andre kommuner, målinger, afprøvning.", "Experience of other municipalities, measurements, trials."),
        _q("evidence", "rating", "Bedømmelse: dokumenteret effekt (0–4)", "Rating: documented effect (0–4)", *_COUNCIL),
    )),
    Section(("Princip 4: Tværgående behov", "Principle 4: Cross-cutting needs"), (
        _q("other_departments", "list", "Andre afdelinger, der kan bruge løsningen",
           "Other departments that could use it",
           "Adskil med semikolon, fx 'Børn & Familie; Materialegården'.",
           "Separate with semicolons, e.g. 'Children & Families; Depot'."),
        _q("note:spread", "text", "Hvordan kan løsningen spredes, og hvad giver det?",
           "How could the solution spread, and what would that gain?",
           "Andre områder, der kunne få gavn af den, og gevinsten ved det.",
           "Other areas that could benefit, and the gain from it."),
        _q("cross_cutting", "rating", "Bedømmelse: tværgående (0–4)", "Rating: cross-cutting (0–4)", *_COUNCIL),
    )),
    Section(("Princip 5: Behandles i IT-projektrådet", "Principle 5: Processed by the IT project council"), (
        _q("systems", "list", "Systemer i KITOS", "Systems in KITOS",
           "De systemer i kommunens IT-systemoversigt (KITOS), som løsningen er eller berører; "
           "adskil med semikolon. Tjek, at KITOS er opdateret.",
           "The systems in the municipality's IT-system overview (KITOS) that the solution is or touches; "
           "separate with semicolons. Check that KITOS is up to date."),
        _q("kle_codes", "kle", "KLE-numre for opgaven", "KLE numbers of the task",
           "De KLE-numre, løsningen understøtter, fx '27.24.00; 27.36.00'. Bruges til at finde systemer "
           "i KITOS, der måske allerede dækker behovet.",
           "The KLE numbers the solution supports, e.g. '27.24.00; 27.36.00'. Used to find systems in "
           "KITOS that may already cover the need."),
    )),
    Section(("Princip 6: Alene et éngangsbidrag", "Principle 6: A one-off contribution only"), (
        _q("own_investment_dkk", "amount", "Egeninvestering (kr.)", "Own investment (DKK)",
           "Det, afdelingen selv lægger i løsningen, i hele kroner.", "What the department itself puts in, in whole kroner."),
        _q("yearly_running_cost_dkk", "amount", "Årlige driftsudgifter (kr.)", "Yearly running cost (DKK)",
           "Licenser, support og drift pr. år i hele kroner. Puljen betaler aldrig drift.",
           "Licences, support and operation per year in whole kroner. The pool never pays running costs."),
        _q("running_cost_paid_by", "text", "Driftsudgifterne betales af", "Running costs paid by",
           "Afdeling eller enhed, der betaler driften.", "The department or unit that pays for operation."),
        _q("running_cost_paid_by_applicant", "flag", "Betaler ansøger driften?", "Does the applicant pay the running costs?",
           "Vælg Ja eller Nej. Nej betyder, at ansøgningen afvises efter princip 6.",
           "Choose Yes or No. No means the application is rejected under principle 6."),
    )),
    Section(("Godkendelse af afdelingschefen", "Approval by the department head"), (
        _q("approved_by", "text", "Godkendt af (afdelingschef)", "Approved by (department head)",
           "Uden afdelingschefens godkendelse er ansøgningen ufuldstændig og kan ikke få tilskud.",
           "Without the department head's approval the application is incomplete and cannot be funded."),
        _q("approved_on", "date", "Dato for godkendelse", "Date of approval", "Fx 1.12.2025.", "E.g. 2025-12-01."),
    )),
    Section(("IT-projektrådets vurdering (udfyldes af rådet)", "The IT project council's assessment (filled in by the council)"), (
        _q("verdict", "verdict", "Indstilling", "Verdict",
           "Støttes, Ikke anbefalet eller Afvist.", "Eligible, Not recommended or Rejected."),
        _q("reason", "text", "Begrundelse", "Reason",
           "Skal udfyldes ved Ikke anbefalet og Afvist.", "Required for Not recommended and Rejected."),
        _q("assessment_text", "text", "Rådets vurdering", "The council's assessment",
           "Rådets skriftlige vurdering.", "The council's written assessment."),
    )),
)

QUESTIONS: dict[str, Question] = {q.key: q for s in SECTIONS for q in s.questions}

_TEXT = {
    "title": ("Ansøgning til Digitaliseringspuljen", "Application to the digitalisation pool"),
    "intro": ("Udfyld de gule felter. Vejledningen står ud for hvert spørgsmål. Beløb skrives i hele kroner. "
              "Hele puljen kan gives til én løsning (princip 7).",
              "Fill in the yellow cells. The guidance is beside each question. Amounts are whole kroner. "
              "The whole pool may go to one solution (principle 7)."),
    "sheet": ("Ansøgning", "Application"),
    "question": ("Spørgsmål", "Question"),
    "answer": ("Svar", "Answer"),
    "guidance": ("Vejledning", "Guidance"),
}
_CHOICES = {
    "rating": ("0,1,2,3,4", "0,1,2,3,4"),
    "flag": ("Ja,Nej", "Yes,No"),
    "verdict": ("Støttes,Ikke anbefalet,Afvist", "Eligible,Not recommended,Rejected"),
    "bottom_line": ("Borger,Medarbejder,Kommune", "Citizen,Employee,Municipality"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "da" else pair[1]


def build_form(lang: str = "da"):
    """The empty form as an openpyxl workbook."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _pick(_TEXT["sheet"], lang)
    wrap = Alignment(wrap_text=True, vertical="top")
    answer_fill = PatternFill("solid", fgColor="FFF2CC")
    section_fill = PatternFill("solid", fgColor="D9E1F2")

    sheet.append([FORM_MARKER, _pick(_TEXT["title"], lang)])
    sheet["B1"].font = Font(bold=True, size=14)
    sheet.append([None, _pick(_TEXT["intro"], lang)])
    sheet.merge_cells("B2:D2")
    sheet["B2"].alignment = wrap
    sheet.row_dimensions[2].height = 45
    sheet.append([None, _pick(_TEXT["question"], lang), _pick(_TEXT["answer"], lang), _pick(_TEXT["guidance"], lang)])
    for cell in sheet[3]:
        cell.font = Font(bold=True)

    validations = {kind: DataValidation(type="list", formula1=f'"{_pick(choices, lang)}"', allow_blank=True)
                   for kind, choices in _CHOICES.items()}
    validations["amount"] = DataValidation(type="whole", operator="between", formula1="0", formula2="1000000000",
                                           allow_blank=True, error="Hele kroner, fx 140000" if lang == "da"
                                           else "Whole kroner, e.g. 140000", showErrorMessage=True)
    validations["date"] = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
    for validation in validations.values():
        sheet.add_data_validation(validation)

    for section in SECTIONS:
        sheet.append([])
        sheet.append([None, _pick(section.title, lang)])
        row = sheet.max_row
        for column in "BCD":
            sheet[f"{column}{row}"].fill = section_fill
        sheet[f"B{row}"].font = Font(bold=True)
        for question in section.questions:
            label = _pick(question.label, lang) + (" *" if question.required else "")
            sheet.append([question.key, label, None, _pick(question.guidance, lang)])
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

    from base.errors import InputError
    from reports.files import write_atomically

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"{path}: the form is an Excel workbook; give a file name ending in .xlsx")
    if path.exists():
        raise InputError(f"{path}: already exists; digipulje does not overwrite it, choose another name")
    buffer = io.BytesIO()
    build_form(lang).save(buffer)
    write_atomically(path, buffer.getvalue())
    return path


def is_form(workbook) -> bool:
    """A workbook written by `build_form`: its first sheet carries the marker in A1."""
    sheet = workbook.worksheets[0]
    first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))
    return bool(first) and first[0] == FORM_MARKER


def parse_form(rows: list[list[object]], file: str, sheet: str | None):
    """The application in a filled form, and its problems, as `(list[Found], list[Problem])`."""
    from applications.spreadsheet import BLANK, Found, build_application, read_cell

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
            row[QUESTION_COLUMN]) else question.label[0]
        label = label.removesuffix(" *")
        field = "note" if question.key.startswith("note:") else question.key
        labels[question.key] = label
        rows_of[question.key] = excel_row
        answer = row[ANSWER_COLUMN] if len(row) > ANSWER_COLUMN else None
        value, trouble = read_cell(answer, question.kind, question.required,
                                   "missing: this question must be answered")
        if trouble:
            problems.append(Problem(file, sheet, excel_row, label, trouble))
            continue
        if value is BLANK:
            continue
        if field == "note":
            notes.append((label, value))
        elif field.startswith("indicator:"):
            _, n, part = field.split(":")
            indicators.setdefault(int(n), {})[part] = value
        else:
            values[field] = value
    for question in QUESTIONS.values():
        if question.required and question.key not in rows_of:
            problems.append(Problem(file, sheet, None, question.label[0],
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
            problems.append(Problem(file, sheet, rows_of.get(key), labels.get(key, QUESTIONS[key].label[0]),
                                    "missing: say what the indicator measures, or clear its other answers"))
    if problems:
        return [], problems
    values.setdefault("id", Path(file).stem)
    app, build_problems = build_application(
        values, notes=tuple(notes), file=file, sheet=sheet, row=None, written=labels, approval_required=True,
        indicators=tuple(Indicator(**answers) for _, answers in sorted(indicators.items())))
    if app is None:
        return [], build_problems
    if app.approval is None:
        problems.append(Problem(file, sheet, rows_of.get("approved_by"), labels.get("approved_by"),
                                "not approved by the department head: the application is incomplete and "
                                "cannot be funded until it is", severity="warning"))
    return [Found(app, file, sheet, rows_of.get("id"), labels.get("id"))], problems

