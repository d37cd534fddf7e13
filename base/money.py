"""Kroner as a Danish or English reader expects them: "kr. 122.500" or "DKK 122,500"."""

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


def format_score(score: float, lang: str = "da") -> str:
    text = f"{score:.1f}"
    return text.replace(".", ",") if lang == "da" else text
