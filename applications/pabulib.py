"""Reading participatory-budgeting instances in Pabulib's `.pb` format (https://pabulib.org/format).

A `.pb` file has three blocks, META, PROJECTS and VOTES, each a `;`-separated table with its own
header. Each project becomes an `Application`:

- `id` is the project id (a string: `BO.D18.59/23` is an id), `title` its name (else its id),
  `department` its first category (else "–");
- the cost, rounded up to a whole unit, is both the request and the smallest grant: a project is
  funded in full or not at all;
- `support` is what the voters gave it: the number of ballots that name it (approval, ordinal,
  choose-1; a project named twice in one ballot counts once) or the sum of its points
  (cumulative, scoring). For this input the allocation maximises the total support.

The budget is META's `budget`, rounded down to a whole unit. `parse_pabulib` works on the text and
knows nothing of files; `read_pabulib` is the thin wrapper that opens one. Every problem is
collected with its line number and column, like a spreadsheet's.
"""

from __future__ import annotations

import csv
import html
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from digipulje.applications.cells import MAX_AMOUNT
from digipulje.applications.model import Application, Assessment, Verdict
from digipulje.applications.problems import ApplicationsError, Problem, one_of, validation_message
from digipulje.messages import _

SECTIONS = ("META", "PROJECTS", "VOTES")
COUNTED_VOTES = ("approval", "ordinal", "choose-1")
POINTS_VOTES = ("cumulative", "scoring")
NO_CATEGORY = "–"
ASSESSMENT = "Put to the vote in participatory budgeting"


@dataclass(frozen=True)
class PabulibInstance:
    """One participatory-budgeting instance: its projects as applications, and its budget."""

    file: str
    meta: dict[str, str]
    budget: int  # META budget rounded down to a whole unit of `currency`
    vote_type: str
    applications: tuple[Application, ...]

    @property
    def currency(self) -> str:
        return self.meta.get("currency", "")

    @property
    def name(self) -> str:
        parts = [self.meta.get(k, "") for k in ("country", "unit", "subunit", "instance")]
        return " / ".join(p for p in parts if p) or Path(self.file).stem


def read_pabulib(path: str | Path) -> PabulibInstance:
    """The instance in one `.pb` file; raises `ApplicationsError` with every problem found."""
    instance, problems = read_pabulib_file(path)
    if instance is None or any(p.severity == "error" for p in problems):
        raise ApplicationsError(problems)
    return instance


def read_pabulib_file(path: str | Path) -> tuple[PabulibInstance | None, list[Problem]]:
    """Like `read_pabulib`, but returns the problems (for readers that collect across files)."""
    from digipulje.applications import safety

    name = str(path)
    limits = safety.pabulib_limits()
    try:
        too_big = safety.check_size(Path(path), limits)
        if too_big:
            return None, [Problem(name, None, None, None, too_big)]
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [Problem(name, None, None, None,
                              _("cannot be read ({error})", error=exc.strerror or type(exc).__name__))]
    too_long = safety.check_lines(raw, limits)
    if too_long:
        return None, [Problem(name, None, None, None, too_long)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(name, None, None, None, _("is not UTF-8 text: a .pb file is UTF-8"))]
    return parse_pabulib(text, name)


def read_currency(path: str | Path) -> str:
    """The currency in META of one `.pb` file ("PLN"), "" when it names none or cannot be read
    (reading the file says what is wrong with it)."""
    lines: list[str] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            if handle.readline().rstrip("\r\n") != "META":
                return ""
            for line in handle:
                if line.rstrip("\r\n") == "PROJECTS":
                    break
                lines.append(line)
    except (OSError, UnicodeDecodeError):
        return ""
    meta = _parse_meta(_records(lines, 2), str(path))[0]
    code = meta.get("currency", "").strip().upper()
    return code if code.isalpha() and len(code) <= 5 else ""


def read_budget(path: str | Path) -> int:
    """The budget in META of one `.pb` file (rounded down), without reading its ballots."""
    lines: list[str] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            title = handle.readline().rstrip("\r\n")
            for line in handle:
                if line.rstrip("\r\n") == "PROJECTS":
                    break
                lines.append(line)
    except (OSError, UnicodeDecodeError):
        title = ""
    if title != "META":
        problems = read_pabulib_file(path)[1]  # names what is wrong with the file
        raise ApplicationsError(problems or [Problem(str(path), None, 1, None, _("does not start with META"))])
    meta, meta_lines, problems = _parse_meta(_records(lines, 2), str(path))
    budget = _budget(meta, meta_lines, str(path), problems)
    if budget is None:
        raise ApplicationsError(problems)
    return budget


def parse_pabulib(text: str, file: str) -> tuple[PabulibInstance | None, list[Problem]]:
    """Parse the text of a `.pb` file. `file` names it in problems."""
    blocks, problems = _split_sections(text, file)
    if problems:
        return None, problems
    meta, meta_lines, problems = _parse_meta(blocks["META"], file)
    budget = _budget(meta, meta_lines, file, problems)
    vote_type = meta.get("vote_type", "").strip().lower()
    if vote_type not in COUNTED_VOTES + POINTS_VOTES:
        shown = f"'{vote_type}'" if vote_type else _("missing")
        problems.append(Problem(file, None, meta_lines.get("vote_type"), "vote_type",
                                _("vote type {vote_type} is not known: use one of {known}", vote_type=shown,
                                  known=", ".join(COUNTED_VOTES + POINTS_VOTES))))
    projects, listed, project_problems = _parse_projects(blocks["PROJECTS"], file)
    problems += project_problems
    from digipulje.applications.safety import MAX_ROWS
    from digipulje.base.money import format_number
    from digipulje.messages import current_language

    if len(projects) > MAX_ROWS:  # the same cap as a sheet's rows: a council reads hundreds
        lang = current_language()
        return None, [Problem(file, None, None, None, _(
            "the file has {count} projects, more than the {limit} applications digipulje reads from one file: "
            "split it", count=format_number(len(projects), lang), limit=format_number(MAX_ROWS, lang)))]
    support, vote_problems = _count_support(blocks["VOTES"], file, projects, listed, vote_type)
    problems += vote_problems
    if any(p.severity == "error" for p in problems) or budget is None:
        return None, problems

    applications = []
    for project in projects.values():
        try:
            applications.append(Application(
                id=project.id, title=project.name or project.id, department=project.category,
                requested_dkk=project.cost, min_dkk=project.cost,
                assessment=Assessment(verdict=Verdict.ELIGIBLE, text=ASSESSMENT),
                support=support[project.id],
            ))
        except ValidationError as exc:
            problems += [Problem(file, None, project.line, "cost", validation_message(err))
                         for err in exc.errors()]
    if problems:
        return None, problems
    return PabulibInstance(file, meta, budget, vote_type, tuple(applications)), []


@dataclass(frozen=True)
class _Project:
    id: str
    cost: int
    name: str | None
    category: str
    line: int


# A block is its records, each with the file's 1-based line number.
_Block = list[tuple[int, list[str]]]


def _records(lines: Iterable[str], first_line: int) -> _Block:
    stripped = [line.rstrip("\r\n").rstrip("\r") for line in lines]
    return [(first_line + k, row) for k, row in enumerate(csv.reader(stripped, delimiter=";"))]


def _split_sections(text: str, file: str) -> tuple[dict[str, _Block], list[Problem]]:
    lines = text.split("\n")
    starts: dict[str, int] = {}
    problems: list[Problem] = []
    for index, line in enumerate(lines):
        title = line.rstrip("\r")
        if title in SECTIONS:
            if title in starts:
                problems.append(Problem(file, None, index + 1, None,
                                        _("a second {section} section: a .pb file has one of each", section=title)))
            starts[title] = index
    missing = [s for s in SECTIONS if s not in starts]
    if missing:
        problems.append(Problem(file, None, None, None,
                                _("no {sections} section: a .pb file has the sections META, PROJECTS and VOTES, "
                                  "each title alone on its line", sections=one_of(missing))))
        return {}, problems
    order = sorted(SECTIONS, key=starts.__getitem__)
    if order != list(SECTIONS):
        problems.append(Problem(file, None, None, None,
                                _("the sections are out of order: a .pb file has META, then PROJECTS, then VOTES")))
    if problems:
        return {}, problems
    blocks = {}
    for k, section in enumerate(SECTIONS):
        begin = starts[section] + 1
        end = starts[SECTIONS[k + 1]] if k + 1 < len(SECTIONS) else len(lines)
        body = [line for line in lines[begin:end]]
        while body and not body[-1].strip():  # the final newline, or trailing blank lines
            body.pop()
        blocks[section] = _records(body, begin + 1)
    return blocks, []


def _header(block: _Block, file: str, section: str, required: tuple[str, ...]) -> tuple[dict[str, int], list[Problem]]:
    if not block:
        return {}, [Problem(file, None, None, None,
                            _("the {section} section is empty: it needs a header line", section=section))]
    line, header = block[0]
    columns = {name.strip().lower(): k for k, name in enumerate(header)}
    problems = [Problem(file, None, line, None,
                        _("the {section} header has no '{column}' column (it reads '{header}')",
                          section=section, column=name, header=";".join(header)))
                for name in required if name not in columns]
    return columns, problems


def _parse_meta(block: _Block, file: str) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """META as key -> value, and key -> line number (for problems)."""
    columns, problems = _header(block, file, "META", ("key", "value"))
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    if problems:
        return meta, lines, problems
    for line, row in block[1:]:
        key = _cell(row, columns["key"]).strip()
        if key:
            meta[key] = _cell(row, columns["value"]).strip()
            lines[key] = line
    return meta, lines, problems


def _budget(meta: dict[str, str], lines: dict[str, int], file: str, problems: list[Problem]) -> int | None:
    if problems:
        return None
    written = meta.get("budget", "")
    if not written:
        problems.append(Problem(file, None, lines.get("budget"), "budget",
                                _("META has no budget: add a line 'budget;<amount>'")))
        return None
    amount = _number(written)
    if amount is None or amount < 0:
        problems.append(Problem(file, None, lines["budget"], "budget",
                                _("'{value}' is not an amount: write it with digits and a '.' for decimals, "
                                  "e.g. 250000 or 757327.73", value=written)))
        return None
    if amount > MAX_AMOUNT:
        problems.append(Problem(file, None, lines["budget"], "budget",
                                _("the budget '{value}' {too_large}", value=written, too_large=_too_costly())))
        return None
    return math.floor(amount)


# Points are counted exactly by the solvers only up to about 2^53; beyond 10^15 a .pb file is
# damaged or not meant for this. Costs and budgets are amounts, with the bound of every amount
# digipulje reads (a sheet's cell, --budget, a pool file): 10^9, above the largest real budgets.
MAX_NUMBER = 10**15


def _too_large() -> str:
    return _("is more than 10^15 (1,000,000,000,000,000), more than digipulje counts exactly: check the file")


def _too_costly() -> str:
    return _("is more than 10^9 (1,000,000,000), the largest amount digipulje reads (as in a sheet, a pool file "
             "or --budget): check the file")


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _parse_projects(block: _Block, file: str) -> tuple[dict[str, _Project], set[str], list[Problem]]:
    """The valid projects, and every id listed (a ballot naming a listed but broken one is no new problem)."""
    columns, problems = _header(block, file, "PROJECTS", ("project_id", "cost"))
    projects: dict[str, _Project] = {}
    listed: set[str] = set()
    if problems:
        return projects, listed, problems
    for line, row in block[1:]:
        project_id = _cell(row, columns["project_id"]).strip()
        if not project_id:
            problems.append(Problem(file, None, line, "project_id", _("missing: every project needs an id")))
            continue
        listed.add(project_id)
        if project_id in projects:
            problems.append(Problem(file, None, line, "project_id",
                                    _("project id '{id}' is used more than once (first on line {line}): "
                                      "ids must be unique", id=project_id, line=projects[project_id].line)))
            continue
        written = _cell(row, columns["cost"])
        cost = _number(written)
        if cost is None or cost <= 0:
            problems.append(Problem(file, None, line, "cost",
                                    _("'{value}' is not a cost: write a positive amount with digits and a '.' "
                                      "for decimals, e.g. 4000 or 4000.50", value=written)))
            continue
        if cost > MAX_AMOUNT:
            problems.append(Problem(file, None, line, "cost", _("the cost '{value}' {too_large}",
                                                                  value=written.strip(), too_large=_too_costly())))
            continue
        name = html.unescape(_cell(row, columns.get("name")).strip()) or None
        categories = [c.strip() for c in html.unescape(_cell(row, columns.get("category"))).split(",")]
        category = next((c for c in categories if c), NO_CATEGORY)
        projects[project_id] = _Project(project_id, math.ceil(cost), name, category, line)
    if not projects and not problems:
        problems.append(Problem(file, None, None, None, _("the PROJECTS section lists no project")))
    return projects, listed, problems


def _count_support(block: _Block, file: str, projects: dict[str, _Project], listed: set[str],
                   vote_type: str) -> tuple[dict[str, int], list[Problem]]:
    columns, problems = _header(block, file, "VOTES", ("vote",))
    support = dict.fromkeys(projects, 0)
    if problems:
        return support, problems
    with_points = vote_type in POINTS_VOTES
    if with_points and "points" not in columns:
        return support, [Problem(file, None, block[0][0], None,
                                 _("the VOTES header has no 'points' column, which {vote_type} ballots need",
                                   vote_type=vote_type))]
    for line, row in block[1:]:
        if not any(cell.strip() for cell in row):
            continue
        named = [p.strip() for p in _cell(row, columns["vote"]).split(",") if p.strip()]
        unknown = sorted({p for p in named if p not in listed})
        if unknown:
            problems.append(Problem(file, None, line, "vote",
                                    _("the ballot names {names}, not a project in the PROJECTS section",
                                      names=", ".join(repr(u) for u in unknown))))
            continue
        if any(p not in projects for p in named):  # a broken project, reported where it is listed
            continue
        if not with_points:
            for project_id in set(named):
                support[project_id] += 1
            continue
        written = _cell(row, columns["points"])
        points = [p.strip() for p in written.split(",") if p.strip()]
        if len(points) != len(named):
            problems.append(Problem(file, None, line, "points",
                                    _("{points} points for {projects} projects: give one number per project named "
                                      "in 'vote', in the same order", points=len(points), projects=len(named))))
            continue
        numbers = [_number(p) for p in points]
        if any(n is None or n < 0 or n != int(n) for n in numbers):
            problems.append(Problem(file, None, line, "points",
                                    _("'{value}' are not whole numbers of points of 0 or more", value=written)))
            continue
        if any(n > MAX_NUMBER for n in numbers):  # type: ignore[operator]
            problems.append(Problem(file, None, line, "points", _("the points '{value}': one {too_large}",
                                                                    value=written, too_large=_too_large())))
            continue
        for project_id, number in zip(named, numbers):
            support[project_id] += int(number)  # type: ignore[arg-type]
    problems += [Problem(file, None, projects[p].line, "points",
                         _("the points given to project '{project}' add up to {total:,}, which {too_large}",
                           project=p, total=total, too_large=_too_large()))
                 for p, total in support.items() if total > MAX_NUMBER]
    return support, problems
