"""Reading KITOS, the municipalities' shared overview of IT systems, as the screening needs it.

KITOS (OS2's open-source IT-system overview) registers one *system usage* per IT system the
municipality uses: which units use it, who delivers it, its life cycle, its KLE tasks and when
the registration was last changed. Two exports are read:

- the Excel export of the system-usage overview ("IT Systemer i <kommune>"), with the column
  headers exactly as KITOS writes them in Danish: "IT System", "Lokal System ID",
  "IT-System (UUID)", "Ansv. organisationsenhed", "Relevante organisationsenheder",
  "Leverandør", "Rettighedshaver", "Livscyklus", "KLE ID", "KLE navn", "DataType",
  "Sidst redigeret: Dato" (and a few more, see `USAGE_COLUMNS`);
- the JSON that API v2 returns for `GET /api/v2/it-system-usages`: an array of usages with
  `systemContext`, `general` (local id, expected users, validity with `lifeCycleStatus`),
  `organizationUsage` (`responsibleOrganizationUnit`, `usingOrganizationUnits`),
  `localKLEDeviations`, `gdpr.dataSensitivityLevels` and `lastModified`.

A KITOS export is as untrusted as a department's spreadsheet: it is size-limited, every problem
is collected with its file, sheet, row and column (or JSON item and field), and the reader
raises `KitosError` with all of them; it never changes the file. `parse_rows` and
`parse_api_json` work on data already in memory; `read_kitos` is the thin wrapper for a path.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError

from digipulje.applications import cells, safety
from digipulje.applications.columns import normalise_header
from digipulje.applications.model import Frozen
from digipulje.applications.problems import Problem, problem_lines, validation_message
from digipulje.messages import _
from digipulje.base.errors import InputError

MAX_FILE_BYTES = safety.MAX_KITOS_BYTES  # a large municipality's full export is a few MB
MAX_USAGES = 20_000
HEADER_SEARCH_ROWS = 20


class LifeCycle(str, Enum):
    """The life-cycle status of a system usage, as KITOS names it (API v2 `lifeCycleStatus`)."""

    PHASING_IN = "phasing_in"
    OPERATIONAL = "operational"
    PHASING_OUT = "phasing_out"
    NOT_IN_USE = "not_in_use"


class Sensitivity(str, Enum):
    """The most sensitive kind of personal data a system holds (KITOS "DataType")."""

    NONE = "none"
    PERSONAL = "personal"
    SENSITIVE = "sensitive"
    CRIMINAL = "criminal"


LIFE_CYCLE_NAMES: dict[LifeCycle, tuple[str, str]] = {  # (as KITOS writes it in Danish, English)
    LifeCycle.PHASING_IN: ("Under indfasning", "being phased in"),
    LifeCycle.OPERATIONAL: ("I drift", "in operation"),
    LifeCycle.PHASING_OUT: ("Under udfasning", "being phased out"),
    LifeCycle.NOT_IN_USE: ("Ikke i drift", "not in use"),
}

SENSITIVITY_NAMES: dict[Sensitivity, tuple[str, str]] = {
    Sensitivity.NONE: ("Ingen personoplysninger", "no personal data"),
    Sensitivity.PERSONAL: ("Almindelige personoplysninger", "ordinary personal data"),
    Sensitivity.SENSITIVE: ("Følsomme personoplysninger", "sensitive personal data"),
    Sensitivity.CRIMINAL: ("Straffedomme og lovovertrædelser", "criminal convictions and offences"),
}

_API_LIFE_CYCLE = {"phasingin": LifeCycle.PHASING_IN, "operational": LifeCycle.OPERATIONAL,
                   "phasingout": LifeCycle.PHASING_OUT, "notinuse": LifeCycle.NOT_IN_USE}
_API_SENSITIVITY = {"none": Sensitivity.NONE, "persondata": Sensitivity.PERSONAL,
                    "sensitivedata": Sensitivity.SENSITIVE, "legaldata": Sensitivity.CRIMINAL}


class UserCount(Frozen):
    """The expected number of users, an interval as KITOS records it ("10-49", "100+")."""

    lower: Annotated[int, Field(ge=0, strict=True)]
    upper: Annotated[int, Field(ge=0, strict=True)] | None = None

    def text(self) -> str:
        if self.upper is None:
            return f"{self.lower}+"
        return str(self.lower) if self.upper == self.lower else f"{self.lower}–{self.upper}"


class SystemUsage(Frozen):
    """One IT system the municipality uses, as registered in KITOS.

    `row` is where the usage was read (the Excel row, or the 1-based item of the JSON array), so
    a hint can point the council to the line in the export it came from.
    """

    system_name: Annotated[str, Field(min_length=1)]
    local_id: str | None = None
    system_uuid: str | None = None
    usage_uuid: str | None = None
    local_call_name: str | None = None
    previous_name: str | None = None
    responsible_unit: str | None = None
    relevant_units: tuple[str, ...] = ()
    supplier: str | None = None
    rights_holder: str | None = None
    life_cycle: LifeCycle | None = None
    kle_codes: tuple[str, ...] = ()
    kle_names: tuple[str, ...] = ()
    users: UserCount | None = None
    sensitivity: tuple[Sensitivity, ...] = ()
    last_changed: dt.date | None = None
    row: int | None = None

    def units(self) -> tuple[str, ...]:
        """Every unit using the system: the responsible unit first, then the others by name."""
        others = sorted({u for u in self.relevant_units if u != self.responsible_unit}, key=str.casefold)
        return ((self.responsible_unit,) if self.responsible_unit else ()) + tuple(others)


@dataclass(frozen=True)
class KitosExport:
    """The usages read from one export, and warnings about what it cannot tell (missing columns)."""

    file: str
    usages: tuple[SystemUsage, ...]
    warnings: tuple[Problem, ...] = ()


class KitosError(InputError):
    """A KITOS export that cannot be read as it is; `problems` holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(*problem_lines(errors))


@dataclass(frozen=True)
class JsonProblem(Problem):
    """A problem in the JSON export: `row` is the 1-based item of the array, `column` the field."""

    def location(self) -> str:
        where = self.file
        if self.row is not None:
            where = _("{location}, item {item}", location=where, item=self.row)
        if self.column:
            where = _("{location}, field '{field}'", location=where, field=self.column)
        return where


# --- cell parsers ------------------------------------------------------------------------------

_KLE = cells.KLE_NUMBER
parse_kle_codes = cells.parse_kle_codes  # the same rule as the applications' KLE column


def parse_life_cycle(value: object) -> LifeCycle:
    key = normalise_header(str(value))
    for status, (danish, english) in LIFE_CYCLE_NAMES.items():
        if key in (normalise_header(danish), normalise_header(english)):
            return status
    if key in _API_LIFE_CYCLE:
        return _API_LIFE_CYCLE[key]
    names = ", ".join(danish for danish, _ in LIFE_CYCLE_NAMES.values())
    raise cells.CellError(_("'{value}' is not a KITOS life-cycle status: write one of {names}", value=value, names=names))


def parse_sensitivity(value: object) -> tuple[Sensitivity, ...]:
    found = []
    for part in re.split(r"[;,\n]", str(value)):
        key = normalise_header(part)
        if not key:
            continue
        level = _API_SENSITIVITY.get(key) or next(
            (s for s, (da, en) in SENSITIVITY_NAMES.items() if key in (normalise_header(da), normalise_header(en))),
            None)
        if level is None:
            names = ", ".join(da for da, _ in SENSITIVITY_NAMES.values())
            raise cells.CellError(_("'{value}' is not a KITOS data type: write one of {names}",
                                    value=part.strip(), names=names))
        found.append(level)
    return tuple(sorted(set(found), key=list(Sensitivity).index))


def parse_user_count(value: object) -> UserCount:
    """"10-49", "10–50", "100+", ">100", "<10" or a plain number."""
    if isinstance(value, bool):
        raise cells.CellError(_("expected a number of users, found a yes/no value"))
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, int) and value >= 0:
        return UserCount(lower=value, upper=value)
    text = str(value).strip().replace(" ", "").replace("–", "-").replace(".", "")
    if m := re.fullmatch(r"(\d+)-(\d+)", text):
        lower, upper = int(m.group(1)), int(m.group(2))
        if lower <= upper:
            return UserCount(lower=lower, upper=upper)
    elif m := re.fullmatch(r"(?:(\d+)\+|>(\d+)|over(\d+))", text.casefold()):
        return UserCount(lower=int(next(g for g in m.groups() if g)))
    elif m := re.fullmatch(r"(?:<(\d+)|under(\d+))", text.casefold()):
        return UserCount(lower=0, upper=max(0, int(next(g for g in m.groups() if g)) - 1))
    elif text.isdigit():
        return UserCount(lower=int(text), upper=int(text))
    raise cells.CellError(_("'{value}' is not a number of users: write 25, 10-49 or 100+", value=value))


_TIME_PART = re.compile(r"^(\S+?)(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$")


def parse_changed(value: object) -> dt.date:
    """A date, also with a time of day as KITOS writes it ("05-03-2024 10:15", ISO with "T...Z")."""
    if isinstance(value, str) and (m := _TIME_PART.match(value.strip())):
        value = m.group(1)
    return cells.parse_date(value)


def parse_unit_list(value: object) -> tuple[str, ...]:
    """KITOS joins unit names with ", "; semicolons and line breaks are read as separators too."""
    text = str(value)
    parts = re.split(r"[;\n]", text) if re.search(r"[;\n]", text) else text.split(", ")
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


# --- the Excel export --------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageColumn:
    field: str
    parse: Callable[[object], Any]
    headers: tuple[str, ...]  # the first is how KITOS writes it today


USAGE_COLUMNS: tuple[UsageColumn, ...] = (
    UsageColumn("system_name", cells.parse_text, ("IT System", "IT-system", "Systemnavn", "System")),
    UsageColumn("local_id", cells.parse_text, ("Lokal System ID", "Lokalt system-ID", "Lokal ID")),
    UsageColumn("system_uuid", cells.parse_text, ("IT-System (UUID)", "UUID", "System UUID")),
    UsageColumn("local_call_name", cells.parse_text, ("Lokal kaldenavn", "Lokalt kaldenavn")),
    UsageColumn("previous_name", cells.parse_text, ("Tidligere systemnavn",)),
    UsageColumn("responsible_unit", cells.parse_text, ("Ansv. organisationsenhed", "Ansvarlig organisationsenhed",
                                                       "Ansvarlig enhed")),
    UsageColumn("relevant_units", parse_unit_list, ("Relevante organisationsenheder", "Relevante enheder",
                                                    "Anvendt af")),
    UsageColumn("supplier", cells.parse_text, ("Leverandør",)),
    UsageColumn("rights_holder", cells.parse_text, ("Rettighedshaver",)),
    UsageColumn("life_cycle", parse_life_cycle, ("Livscyklus",)),
    UsageColumn("kle_codes", parse_kle_codes, ("KLE ID", "KLE-ID", "KLE nr", "KLE-nummer")),
    UsageColumn("kle_names", parse_unit_list, ("KLE navn", "KLE-navn")),
    UsageColumn("users", parse_user_count, ("Antal brugere", "Forventet antal brugere")),
    UsageColumn("sensitivity", parse_sensitivity, ("DataType", "Datatype", "Følsomhed")),
    UsageColumn("last_changed", parse_changed, ("Sidst redigeret: Dato", "Sidst ændret", "Sidst redigeret")),
)

_HEADER_INDEX = {normalise_header(h): c for c in USAGE_COLUMNS for h in c.headers}
_NAME_COLUMN = USAGE_COLUMNS[0]
_FIELD_HEADER = {c.field: c.headers[0] for c in USAGE_COLUMNS}

# Columns without which some hints cannot be given; their absence is said, never passed over.
_WANTED: dict[str, Callable[[], str]] = {
    "kle_codes": lambda: _("KLE numbers cannot be compared with the applications'"),
    "last_changed": lambda: _("it cannot be seen whether a registration is up to date"),
    "relevant_units": lambda: _("only the responsible unit of each system is known"),
}


def parse_rows(rows: list[list[object]], file: str, sheet: str | None) -> KitosExport:
    """The usages in the rows of an exported overview; raises `KitosError` with every problem."""
    header_at = _find_header(rows)
    if header_at is None:
        raise KitosError([Problem(file, sheet, None, None,
                                  _("no KITOS header row found in the first {rows} rows: export the overview "
                                    "'IT Systemer' from KITOS to Excel; the sheet needs the column 'IT System'",
                                    rows=HEADER_SEARCH_ROWS))])
    columns: dict[int, UsageColumn] = {}
    written: dict[str, str] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(rows[header_at]):
        if cells.is_blank(cell):
            continue
        column = _HEADER_INDEX.get(normalise_header(str(cell)))
        if column is None:
            continue  # KITOS exports many columns the screening does not need
        if column.field in written:
            problems.append(Problem(file, sheet, header_at + 1, str(cell).strip(),
                                    _("two columns mean the same ('{other}' too): keep one",
                                      other=written[column.field])))
            continue
        columns[index] = column
        written[column.field] = str(cell).strip()
    if problems:
        raise KitosError(problems)

    usages: list[SystemUsage] = []
    data_rows = [(n, row) for n, row in enumerate(rows[header_at + 1:], start=header_at + 2)
                 if not all(cells.is_blank(v) for v in row)]
    if len(data_rows) > MAX_USAGES:
        raise KitosError([Problem(file, sheet, None, None,
                                  _("{count} rows is more than the {limit} system usages a KITOS export is "
                                    "expected to hold: is this the right file?", count=len(data_rows),
                                    limit=MAX_USAGES))])
    for excel_row, row in data_rows:
        usage, row_problems = _parse_row(row, excel_row, columns, written, file, sheet)
        problems += row_problems
        if usage is not None:
            usages.append(usage)
    if problems:
        raise KitosError(problems)
    usages = _rejoin_unit_names(usages)
    warnings = tuple(Problem(file, sheet, header_at + 1, None,
                             _("no column '{column}': {why} (show the column in KITOS before exporting)",
                               column=_FIELD_HEADER[field], why=why()), severity="warning")
                     for field, why in _WANTED.items() if field not in written)
    return KitosExport(file, tuple(usages), warnings)


def _rejoin_unit_names(usages: list[SystemUsage]) -> list[SystemUsage]:
    """Put back together unit names that hold ", " and were split as two relevant units.

    KITOS joins the relevant units with ", ", so "Ældre, Social & Sundhed" arrives as two parts.
    A name that is some usage's responsible unit is known to be one name and is rejoined.
    """
    known = {u.responsible_unit for u in usages if u.responsible_unit and ", " in u.responsible_unit}
    if not known:
        return usages
    longest = max(name.count(", ") for name in known) + 1
    rejoined = []
    for usage in usages:
        parts, units, i = list(usage.relevant_units), [], 0
        while i < len(parts):
            for size in range(min(longest, len(parts) - i), 0, -1):
                candidate = ", ".join(parts[i:i + size])
                if size == 1 or candidate in known:
                    units.append(candidate)
                    i += size
                    break
        rejoined.append(usage.model_copy(update={"relevant_units": tuple(dict.fromkeys(units))}))
    return rejoined


def _find_header(rows: list[list[object]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = {_HEADER_INDEX[k].field for k in (normalise_header(str(c)) for c in row if not cells.is_blank(c))
                  if k in _HEADER_INDEX}
        if _NAME_COLUMN.field in fields:
            return index
    return None


def _parse_row(row: list[object], excel_row: int, columns: dict[int, UsageColumn], written: dict[str, str],
               file: str, sheet: str | None) -> tuple[SystemUsage | None, list[Problem]]:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for index, column in columns.items():
        cell = row[index] if index < len(row) else None
        if cells.is_blank(cell):
            if column is _NAME_COLUMN:
                problems.append(Problem(file, sheet, excel_row, written[column.field],
                                        _("missing: every system usage needs the system's name")))
            continue
        try:
            values[column.field] = column.parse(cell)
        except cells.CellError as exc:
            problems.append(Problem(file, sheet, excel_row, written[column.field], str(exc)))
    if problems:
        return None, problems
    try:
        return SystemUsage(**values, row=excel_row), []
    except ValidationError as exc:
        return None, [Problem(file, sheet, excel_row, written.get(str(err["loc"][0])) if err["loc"] else None,
                              validation_message(err)) for err in exc.errors()]


# --- the API v2 JSON ---------------------------------------------------------------------------


def parse_api_json(text: str, file: str) -> KitosExport:
    """The usages in the JSON of `GET /api/v2/it-system-usages` (pages joined into one array).

    Field names are read case-insensitively, so both the API's camelCase and PascalCase do.
    """
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        message = (_("not valid JSON (line {line}, column {column}): save the API's answer as it is",
                     line=exc.lineno, column=exc.colno) if isinstance(exc, json.JSONDecodeError)
                   else _("not valid JSON: save the API's answer as it is"))
        raise KitosError([JsonProblem(file, None, None, None, message)]) from None
    except ValueError:  # Python refuses an integer of more than 4,300 digits
        raise KitosError([JsonProblem(file, None, None, None,
                                      _("a number in the file has thousands of digits, which no KITOS export holds: "
                                        "save the API's answer as it is"))]) from None
    if not isinstance(data, list):
        raise KitosError([JsonProblem(file, None, None, None,
                                      _("expected a JSON array of system usages, as GET /api/v2/it-system-usages "
                                        "returns it"))])
    if len(data) > MAX_USAGES:
        raise KitosError([JsonProblem(file, None, None, None,
                                      _("{count} items is more than the {limit} system usages a KITOS export is "
                                        "expected to hold: is this the right file?", count=len(data),
                                        limit=MAX_USAGES))])
    usages: list[SystemUsage] = []
    problems: list[Problem] = []
    for number, item in enumerate(data, start=1):
        usage, item_problems = _parse_item(item, number, file)
        problems += item_problems
        if usage is not None:
            usages.append(usage)
    if problems:
        raise KitosError(problems)
    return KitosExport(file, tuple(usages), ())


class _Item:
    """Case-insensitive access to one JSON object, recording a problem per bad field."""

    def __init__(self, data: dict, path: str, number: int, file: str, problems: list[Problem]) -> None:
        self.data = {str(k).casefold(): v for k, v in data.items()}
        self.path, self.number, self.file, self.problems = path, number, file, problems

    def field(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def problem(self, name: str, message: str) -> None:
        self.problems.append(JsonProblem(self.file, None, self.number, self.field(name), message))

    def get(self, name: str) -> Any:
        return self.data.get(name.casefold())

    def obj(self, name: str) -> _Item | None:
        value = self.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(name, _("expected an object, found {kind}", kind=_json_kind(value)))
            return None
        return _Item(value, self.field(name), self.number, self.file, self.problems)

    def text(self, name: str) -> str | None:
        value = self.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.problem(name, _("expected a text, found {kind}", kind=_json_kind(value)))
            return None
        return str(value).strip()

    def name_of(self, name: str) -> str | None:
        """The `name` of an identity-name pair ({"uuid": ..., "name": ...})."""
        pair = self.obj(name)
        return pair.text("name") if pair is not None else None

    def names_of(self, name: str) -> tuple[str, ...]:
        value = self.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(name, _("expected an array, found {kind}", kind=_json_kind(value)))
            return ()
        names = []
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                self.problem(f"{name}[{index}]", _("expected an object with a name, found {kind}", kind=_json_kind(entry)))
                continue
            found = _Item(entry, self.field(f"{name}[{index}]"), self.number, self.file, self.problems).text("name")
            if found:
                names.append(found)
        return tuple(dict.fromkeys(names))

    def parsed(self, name: str, parse: Callable[[object], Any]) -> Any:
        value = self.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse(value)
        except cells.CellError as exc:
            self.problem(name, str(exc))
            return None


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    kinds = {bool: lambda: "true/false", int: lambda: _("a number"), float: lambda: _("a number"),
             str: lambda: _("a text"), list: lambda: _("an array"), dict: lambda: _("an object")}
    kind = kinds.get(type(value))
    return kind() if kind else type(value).__name__


def _parse_item(data: object, number: int, file: str) -> tuple[SystemUsage | None, list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return None, [JsonProblem(file, None, number, None,
                                  _("expected a system usage (an object), found {kind}", kind=_json_kind(data)))]
    item = _Item(data, "", number, file, problems)
    system = item.obj("systemContext")
    name = system.text("name") if system is not None else None
    if name is None and not problems:
        problems.append(JsonProblem(file, None, number, "systemContext.name",
                                    _("missing: every system usage needs the system's name")))
    general = item.obj("general")
    organisation = item.obj("organizationUsage")
    kle = item.obj("localKLEDeviations")
    gdpr = item.obj("gdpr")
    validity = general.obj("validity") if general is not None else None
    users = general.obj("numberOfExpectedUsers") if general is not None else None
    values: dict[str, Any] = {
        "system_name": name,
        "usage_uuid": item.text("uuid"),
        "system_uuid": system.text("uuid") if system is not None else None,
        "last_changed": item.parsed("lastModified", parse_changed),
    }
    if general is not None:
        values["local_id"] = general.text("localSystemId")
        values["local_call_name"] = general.text("localCallName")
    if validity is not None:
        values["life_cycle"] = validity.parsed("lifeCycleStatus", _parse_api_life_cycle)
    if users is not None:
        values["users"] = _api_user_count(users)
    if organisation is not None:
        values["responsible_unit"] = organisation.name_of("responsibleOrganizationUnit")
        values["relevant_units"] = organisation.names_of("usingOrganizationUnits")
    if kle is not None:
        added = kle.names_of("addedKLE")
        for index, code in enumerate(added):
            if not _KLE.fullmatch(code):
                kle.problem(f"addedKLE[{index}].name", _("'{code}' is not a KLE number such as 27.24.00", code=code))
        values["kle_codes"] = tuple(c for c in added if _KLE.fullmatch(c))
    if gdpr is not None:
        levels = gdpr.get("dataSensitivityLevels")
        if levels is not None and not isinstance(levels, list):
            gdpr.problem("dataSensitivityLevels", _("expected an array, found {kind}", kind=_json_kind(levels)))
        elif levels:
            values["sensitivity"] = gdpr.parsed("dataSensitivityLevels", lambda v: parse_sensitivity(
                ";".join(str(x) for x in v)))
    if problems:
        return None, problems
    try:
        return SystemUsage(**{k: v for k, v in values.items() if v is not None}, row=number), []
    except ValidationError as exc:
        return None, [JsonProblem(file, None, number, None, validation_message(err))
                      for err in exc.errors()]


def _parse_api_life_cycle(value: object) -> LifeCycle | None:
    if normalise_header(str(value)) == "undecided":
        return None  # KITOS's "not decided": the same as no status
    return parse_life_cycle(value)


def _api_user_count(users: _Item) -> UserCount | None:
    lower, upper = users.get("lowerBound"), users.get("upperBound")
    for name, value in (("lowerBound", lower), ("upperBound", upper)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            users.problem(name, _("expected a whole number of users of 0 or more, found {value}", value=repr(value)))
            return None
    if lower is None:
        return None
    if upper is not None and upper < lower:
        users.problem("upperBound", _("the upper bound {upper} is below the lower bound {lower}", upper=upper, lower=lower))
        return None
    return UserCount(lower=lower, upper=upper)


# --- files -------------------------------------------------------------------------------------


def read_kitos(path: str | Path) -> KitosExport:
    """The usages in a KITOS export (.xlsx from the overview, or .json from API v2)."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise KitosError([Problem(name, None, None, None, _("file not found"))])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise KitosError([Problem(name, None, None, None,
                                  _("the file is {size:,} bytes, more than the {limit:,} a KITOS export is "
                                    "expected to be: is this the right file?", size=size, limit=MAX_FILE_BYTES))])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".json":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise KitosError([JsonProblem(name, None, None, None,
                                          _("the file is not UTF-8 text: save the API's answer as UTF-8"))]) from None
        return parse_api_json(text, name)
    if suffix == ".xls":
        raise KitosError([Problem(name, None, None, None,
                                  _("the old .xls format is not read: open it in Excel and save it as .xlsx"))])
    raise KitosError([Problem(name, None, None, None,
                              _("cannot read '{suffix}' files as a KITOS export: use the Excel export (.xlsx) or "
                                "the API's JSON (.json)", suffix=suffix or _("no extension")))])


def _read_xlsx(path: Path) -> KitosExport:
    import openpyxl

    unsafe = safety.check_workbook(path, safety.kitos_limits()) or safety.check_xml_parser()
    if unsafe:
        raise KitosError([Problem(str(path), None, None, None, unsafe)])
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise KitosError([Problem(str(path), None, None, None,
                                  _("not a readable Excel workbook ({kind}): open it in Excel and save it again",
                                    kind=type(exc).__name__))]) from None
    try:
        from digipulje.applications.form import first_visible_sheet

        sheet = first_visible_sheet(workbook)  # never a sheet Excel hides, read without a word
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_USAGES + HEADER_SEARCH_ROWS:
                break  # parse_rows says the file is too long
        long_cell = safety.first_long_cell(rows, safety.kitos_limits())
        if long_cell is not None:
            r, c, message = long_cell
            raise KitosError([Problem(str(path), sheet.title, r + 1, _column_letter(c), message)])
        return parse_rows(rows, str(path), sheet.title)
    finally:
        workbook.close()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
