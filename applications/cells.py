"""Reading one cell as what its column holds. Each parser returns a value or raises `CellError`
with a message that says what is wrong and how to write it instead.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from digipulje.applications.model import BottomLine, Verdict
from digipulje.applications.principles import BOTTOM_LINES
from digipulje.base.errors import InputError
from digipulje.base.money import MAX_KRONER, parse_kroner
from digipulje.messages import _


class CellError(InputError, ValueError):
    """One cell that cannot be read as what its column holds; the message says how to write it."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class FormulaWithoutValue:
    """A formula cell Excel never saved a value for (the file was written by another program).

    digipulje never calculates formulas, so such a cell cannot be read: it is a problem naming
    the cell, not a blank.
    """

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return self.formula

    def __repr__(self) -> str:
        return f"FormulaWithoutValue({self.formula!r})"


MAX_AMOUNT = MAX_KRONER  # a thousand million kroner: anything larger is a typing error


def parse_amount(value: object) -> int:
    """Whole kroner read by `base.money.parse_kroner`, refused as a cell (`CellError`)."""
    try:
        return parse_kroner(value)
    except ValueError as error:
        raise CellError(str(error)) from None


def parse_rating(value: object) -> int:
    if isinstance(value, bool):
        raise CellError(_("expected a rating 0–4, found a yes/no value"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
        value = int(value.strip())
    if not isinstance(value, int) or not 0 <= value <= 4:
        raise CellError(_("'{value}' is not a rating: write a whole number from 0 to 4", value=value))
    return value


_YES = {"ja", "j", "x", "yes", "y", "true", "sand", "1"}
_NO = {"nej", "n", "no", "false", "falsk", "0"}


def parse_flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(_("'{value}' is not yes or no: write Ja or Nej", value=value))


_MONTHS = {m: i + 1 for i, m in enumerate(
    ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
     "oktober", "november", "december"])}


EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object) -> dt.date:
    """A date cell, an Excel date number (as CSV exports may hold), or "1.12.2025", "2025-12-01",
    "1. december 2025"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    not_a_date = CellError(_("'{value}' is not a date: write it as 2025-12-01 or 1.12.2025", value=value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value == value and 1 <= value < 2_958_466 and value == int(value):
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise not_a_date
    text = str(value).strip().casefold()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = map(int, m.groups())
    elif m := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text):
        d, mo, y = map(int, m.groups())
    elif m := re.fullmatch(r"(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})", text):
        d, y = int(m.group(1)), int(m.group(3))
        mo = next((n for name, n in _MONTHS.items() if name.startswith(m.group(2)) and len(m.group(2)) >= 3), 0)
    else:
        raise not_a_date
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise not_a_date from None


_VERDICTS = {
    Verdict.ELIGIBLE: {"eligible", "støttes", "stottes", "anbefales", "indstilles", "ja", "yes",
                       "recommended", "godkendt",
                       "vurderet", "assessed"},
    Verdict.NOT_RECOMMENDED: {"notrecommended", "ikkeanbefalet", "anbefalesikke", "ikkeindstillet",
                              "nej", "no", "støttesikke"},
    Verdict.REJECTED: {"rejected", "afvist", "administrativtafvist", "adminafvist",
                       "administrativelyrejected"},
}


def parse_verdict(value: object) -> Verdict:
    key = "".join(ch for ch in str(value).casefold() if ch.isalnum())
    for verdict, words in _VERDICTS.items():
        if key in words:
            return verdict
    raise CellError(_("'{value}' is not an assessment: write Støttes, Ikke anbefalet or Afvist "
                      "(eligible, not recommended, rejected)", value=value))


def parse_list(value: object) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[;,\n]", str(value)) if part.strip())


KLE_NUMBER = re.compile(r"\d{2}(?:\.\d{2}){0,2}")  # KL's subject classification: 27.24.00, or a group 27.24


def parse_kle_codes(value: object) -> tuple[str, ...]:
    """KLE numbers such as "27.24.00", several separated by commas, semicolons or new lines.

    A date, or a number that has lost a digit (27.2 for 27.20), is refused rather than guessed:
    Excel turns "27.10" into a date or a number unless the cell is formatted as text.
    """
    if isinstance(value, (dt.date, dt.datetime)):
        raise CellError(_("found a date, not a KLE number: Excel turns numbers such as 27.10 into dates; "
                          "format the cell as text and write 27.10.00"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = parse_text(value)
        if not KLE_NUMBER.fullmatch(text):
            raise CellError(_("found the number {number}, not a KLE number: format the cell as text and write "
                              "it with two digits per level, such as 27.20.00", number=text))
        return (text,)
    codes = []
    for part in re.split(r"[;,\n]", str(value)):
        code = part.strip()
        if not code:
            continue
        if not KLE_NUMBER.fullmatch(code):
            raise CellError(_("'{code}' is not a KLE number: write it as 27.24.00 (or 27.24 for a group)", code=code))
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def parse_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    return str(value).strip()


def parse_quantity(value: object, hint: str | None = None) -> Decimal:
    """An indicator's value (days, hours, per cent ...) as an exact decimal: a number cell, or a
    text such as "12", "2,5", "2.5", "1.500,5", "1 500". A text that could mean two things
    ("1,500" or "1.500": thousands, or one and a half?) is refused rather than guessed. `hint` ends
    the message of a value that is not a number."""
    if hint is None:
        hint = _("write the number alone, e.g. 12 or 2,5 (the unit has its own question)")
    if isinstance(value, bool):
        raise CellError(_("expected a number, found a yes/no value: {hint}", hint=hint))
    no_number = CellError(_("expected a number, found no number: {hint}", hint=hint))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise no_number
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))  # as Excel shows it
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise no_number
        return value
    raw = str(value)
    text = raw.strip().replace("\u00a0", " ").replace("\u2212", "-")
    sign, digits = ("-", text[1:].strip()) if text.startswith("-") else ("", text)
    if re.fullmatch(r"[1-9]\d{0,2}[.,]\d{3}", digits):  # "0,500" is not ambiguous: no thousands start with 0
        raise CellError(_("'{value}' is ambiguous (thousands or decimals?): write it without a thousands "
                          "separator and with a decimal comma, e.g. 1500 or 1,5", value=raw))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", digits):
        number = digits.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):  # Danish: 1.500.000 or 1.500,5
        number = digits.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):  # English: 1,500,000 or 1,500.5
        number = digits.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", digits):  # 1 500 or 1 500,5
        number = digits.replace(" ", "").replace(",", ".")
    else:
        raise CellError(_("'{value}' is not a number: {hint}", value=raw, hint=hint))
    return Decimal(sign + number)


def parse_bottom_line(value: object) -> BottomLine:
    """One of KL's three bottom lines, in Danish or English: the names and headers of the
    criteria of principle 2 ("Borger", "borgerne", "Citizens")."""
    key = str(value).strip().casefold()
    for line in BOTTOM_LINES:
        if key in {w.casefold() for w in (line.name("da"), line.name("en"), *line.headers)}:
            return BottomLine(line.key)
    raise CellError(_("'{value}' is not a bottom line: write {danish} ({english})", value=value,
                      danish=or_words([c.name("da") for c in BOTTOM_LINES]),
                      english=", ".join(c.word("en") for c in BOTTOM_LINES)))


def or_words(words: list[str]) -> str:
    """"Borger, Medarbejder or Kommune" (the "or" in the language in force)."""
    if len(words) <= 1:
        return "".join(words)
    return _("{words} or {last}", words=", ".join(words[:-1]), last=words[-1])
