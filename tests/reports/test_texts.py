"""The reports' words come from the message catalogue: Danish by default, English on request."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from digipulje.applications.problems import Problem
from digipulje.pool.allocation import Status
from digipulje.pool.labels import status_label
from digipulje.reports.labels import heading
from digipulje.reports.memo.text import counted, words
from digipulje.reports.validation import render_validation
from tests.factories import application

REPORTS = Path(__file__).resolve().parents[2] / "reports"


def test_no_report_module_keeps_a_table_of_texts_per_language():
    tables = [f"{path.name}:{n}" for path in sorted(REPORTS.rglob("*.py"))
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
              if re.search(r"""["']da["']\s*:\s*[{(]""", line)]
    assert tables == []


@pytest.mark.parametrize("lang,expected", [
    ("da", ["bevilget", "delvist bevilget", "ikke bevilget", "ikke anbefalet", "afvist", "udtaget", "ufuldstændig"]),
    ("en", ["funded", "partial", "not funded", "not recommended", "rejected", "excluded", "incomplete"]),
])
def test_statuses_read_in_each_language(lang, expected):
    order = [Status.FUNDED, Status.PARTIAL, Status.NOT_FUNDED, Status.NOT_RECOMMENDED, Status.REJECTED,
             Status.EXCLUDED, Status.INCOMPLETE]
    assert [status_label(s, lang) for s in order] == expected


def test_the_same_english_word_keeps_its_two_danish_meanings():
    """"Pool" is the pool (Pulje) and the budget (Puljen); "partial" a status and a mark after an amount."""
    assert (heading("pool", "da"), words("da")["budget"]) == ("Pulje", "Puljen")
    assert (heading("pool", "en"), words("en")["budget"]) == ("Pool", "Pool")
    assert (status_label(Status.PARTIAL, "da"), words("da")["partial_mark"]) == ("delvist bevilget", "delvist")
    assert (status_label(Status.PARTIAL, "en"), words("en")["partial_mark"]) == ("partial", "partial")
    assert (words("da")["reasons"], words("da")["reasons_column"]) == ("Begrundelse", "Begrundelser")


@pytest.mark.parametrize("lang,one,many", [
    ("da", "1 ansøgning", "3 ansøgninger"),
    ("en", "1 application", "3 applications"),
])
def test_counted_nouns_take_their_plural(lang, one, many):
    assert (counted(lang, "application", 1), counted(lang, "application", 3)) == (one, many)


def test_an_unknown_language_shows_the_english_texts():
    assert status_label(Status.NOT_FUNDED, "fr") == "not funded"
    assert words("fr")["title_decision"] == "Decision on the allocation of {pool}"


def _validation(lang: str) -> str:
    problems = [Problem(file="a.xlsx", sheet="Ark1", row=3, column="Beløb", message="not a number"),
                Problem(file="a.xlsx", sheet="Ark1", row=1, column="Noter", message="kept as notes",
                        severity="warning")]
    return render_validation([application("B1", 75000)], problems, lang)


def test_validation_says_what_was_read_in_danish():
    assert _validation("da").splitlines()[0] == "1 ansøgning læst"
    assert _validation("da").splitlines()[2] == "1 fejl, 1 advarsel:"
    assert render_validation([], [], "da") == "0 ansøgninger læst\ningen problemer fundet\n"


def test_validation_says_what_was_read_in_english():
    assert _validation("en").splitlines()[0] == "1 application read"
    assert _validation("en").splitlines()[2] == "1 error, 1 warning:"
    assert render_validation([], [], "en") == "0 applications read\nno problems found\n"


@pytest.mark.parametrize("lang,first", [("da", "2 ansøgninger læst (4 rækker: B1, B2 står mere end én gang)"),
                                        ("en", "2 applications read (4 rows: B1, B2 named more than once)")])
def test_validation_counts_an_application_named_on_two_rows_once(lang, first):
    read = [application("B2", 75000), application("B1", 75000), application("B1", 75000), application("B2", 10)]
    assert render_validation(read, [], lang).splitlines()[0] == first


@pytest.mark.parametrize("lang,last", [("da", "  … og 2 problemer mere"), ("en", "  ... and 2 more problems")])
def test_validation_counts_the_problems_not_shown(lang, last):
    from digipulje.applications.problems import SHOWN

    problems = [Problem(file="a.csv", sheet=None, row=i, column=None, message="bad") for i in range(SHOWN + 2)]
    assert render_validation([], problems, lang).splitlines()[-1] == last
