"""Kroner and numbers as a Danish or English reader expects them: "kr. 122.500" or "DKK 122,500",
"62,5" or "62.5". The decimal mark is written in one place, `decimal_mark`."""

from __future__ import annotations


def group_thousands(amount: int, separator: str) -> str:
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", separator)


def format_dkk(amount: int, lang: str = "da") -> str:
    if lang == "da":
        return f"kr. {group_thousands(amount, '.')}"
    return f"DKK {group_thousands(amount, ',')}"


def format_number(amount: int, lang: str = "da") -> str:
    return group_thousands(amount, "." if lang == "da" else ",")


def decimal_mark(text: str, lang: str = "da") -> str:
    """A number Python wrote ("62.5", "3.33 %") with the reader's decimal mark: "62,5" in Danish."""
    return text.replace(".", ",") if lang == "da" else text


def format_score(score: float, lang: str = "da") -> str:
    return decimal_mark(f"{score:.1f}", lang)
