"""Kroner and numbers as a Danish or English reader expects them: "kr. 122.500" or "DKK 122,500",
"62,5" or "62.5". The decimal mark is written in one place, `decimal_mark`; an amount is read in
one place, `parse_kroner`."""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator

from digipulje.messages import _


def group_thousands(amount: int, separator: str) -> str:
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", separator)


# The currency amounts are shown in: DKK ("kr. 1.234") but for a participatory-budgeting instance
# in another currency, whose amounts are then written "PLN 1.234" (its ISO code, as in its file).
_CURRENCY_IN_FORCE: contextvars.ContextVar[str] = contextvars.ContextVar("currency", default="DKK")


def current_currency() -> str:
    return _CURRENCY_IN_FORCE.get()


@contextlib.contextmanager
def use_currency(code: str | None) -> Iterator[None]:
    """Amounts shown in `code` (an ISO code such as "PLN") while the block runs; DKK when none."""
    token = _CURRENCY_IN_FORCE.set((code or "").strip().upper() or "DKK")
    try:
        yield
    finally:
        _CURRENCY_IN_FORCE.reset(token)


def currency_word(lang: str = "da") -> str:
    """What stands before an amount in the currency in force: "kr." in Danish, else its ISO code
    ("DKK", "PLN")."""
    currency = current_currency()
    return "kr." if currency == "DKK" and lang == "da" else currency


def money_number_format(lang: str = "da") -> str:
    """An amount's number format in a workbook, as `format_dkk` writes it: '"kr." #,##0',
    '"DKK" #,##0' or '"PLN" #,##0' (Excel groups the thousands as the reader's settings do)."""
    return f'"{currency_word(lang)}" #,##0'


def format_dkk(amount: int, lang: str = "da") -> str:
    """An amount in the currency in force: "kr. 122.500" / "DKK 122,500", or "PLN 122.500"."""
    return f"{currency_word(lang)} {group_thousands(amount, '.' if lang == 'da' else ',')}"


def format_number(amount: int, lang: str = "da") -> str:
    return group_thousands(amount, "." if lang == "da" else ",")


def decimal_mark(text: str, lang: str = "da") -> str:
    """A number Python wrote ("62.5", "3.33 %") with the reader's decimal mark: "62,5" in Danish."""
    return text.replace(".", ",") if lang == "da" else text


def format_score(score: float, lang: str = "da", decimals: int = 1) -> str:
    return decimal_mark(f"{score:.{decimals}f}", lang)


def score_decimals(*scores: float) -> int:
    """The decimals that tell these scores apart: one, or two where one decimal would show two
    different totals alike ("699,0 instead of 699,0")."""
    shown = {f"{s:.1f}" for s in scores}
    return 2 if len(shown) < len(set(scores)) else 1


# --- reading kroner -------------------------------------------------------------------------

MAX_KRONER = 1_000_000_000  # a thousand million kroner: anything larger is a typing error

_CURRENCY = re.compile(r"^(?:kr\.?|dkk)\s*|\s*(?:kr\.?|dkk|,-|\.-)$", re.IGNORECASE)


def parse_kroner(value: object) -> int:
    """Whole kroner from a number or a text such as "kr. 140.000", "140.000,00", "140 000 kr.",
    "3,000,000" or "DKK 140,000.00": the one reading of an amount for the sheets, the options, the
    TOML files and the forms. A text that could mean two things ("140,000": thousands, or 140
    kroner in Danish decimals?) is refused rather than guessed; so is a number with øre.

    A refusal is a `ValueError` whose message says how to write the amount; the reader that called
    raises its own error from it, naming where the value was (the cell, the option, the file's key)."""
    if isinstance(value, bool):
        raise ValueError(_("expected an amount in kroner, found a yes/no value"))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_("expected an amount in kroner, found no number"))
        if not value.is_integer():
            raise ValueError(_("{value} has øre: amounts are whole kroner, write {whole}", value=value,
                                whole=round(value)))
        amount = int(value)
    else:
        amount = _kroner_in_text(str(value))
    shown = amount if isinstance(value, float) else value  # 1e12 from a TOML file: not '1000000000000.0'
    if amount < 0:
        raise ValueError(_("'{value}' is negative: amounts are whole kroner of 0 or more, write it without a minus "
                            "sign", value=shown))
    if amount > MAX_KRONER:
        raise ValueError(_("'{value}' is more than 1.000.000.000 kr.: check the amount", value=shown))
    return amount


def _kroner_in_text(raw: str) -> int:
    text = raw.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-")
    negative = False
    previous = None
    while previous != text:
        previous = text
        text = _CURRENCY.sub("", text).strip()
        if text.startswith("-"):
            negative, text = True, text[1:].strip()
    hint = _("write it as a whole number of kroner, e.g. 140000 or 140.000")
    not_an_amount = ValueError(_("'{value}' is not an amount: {hint}", value=raw, hint=hint))
    if not text or not re.fullmatch(r"[0-9][0-9 .,]*", text):
        raise not_an_amount
    # English grouping, read as Danish: "140,000.00" (decimals say which mark is which) and
    # "3,000,000" (a decimal comma comes once, so two commas group thousands)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d{2}|\d{1,3}(?:,\d{3}){2,}", text):
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    if re.search(r",\d{1,2}$", text):  # Danish decimals: "140.000,00"
        whole, decimals = text.rsplit(",", 1)
        if int(decimals) != 0:
            raise ValueError(_("'{value}' has øre: amounts are whole kroner, {hint}", value=raw, hint=hint))
        text = whole
    groups = re.split(r"[ .]", text)
    if "," in text:
        raise ValueError(_("'{value}' is ambiguous (thousands or decimals?): {hint}", value=raw, hint=hint))
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        raise not_an_amount
    amount = int("".join(groups))
    return -amount if negative else amount
