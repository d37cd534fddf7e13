"""A logged moment (UTC) as a person in Denmark reads it: local time, summer and winter."""

from __future__ import annotations

import datetime as dt

import pytest

from digipulje.reports.dates import format_moment, local_moment


@pytest.mark.parametrize(("at", "lang", "shown"), [
    ("2025-05-07T12:05:00Z", "da", "7. maj 2025 kl. 14.05"),  # summer time: UTC+2
    ("2025-01-15T09:00:00Z", "da", "15. januar 2025 kl. 10.00"),  # winter time: UTC+1
    ("2025-12-31T23:30:00Z", "da", "1. januar 2026 kl. 00.30"),  # the next day, and year, in Denmark
    ("2025-05-07T12:05:00Z", "en", "7 May 2025 at 14:05"),
])
def test_a_logged_moment_is_shown_in_danish_local_time(at, lang, shown):
    assert format_moment(at, lang) == shown


def test_the_memo_is_dated_by_the_day_in_denmark():
    assert local_moment("2025-06-30T22:30:00Z").date() == dt.date(2025, 7, 1)
    assert format_moment("not a time") == "not a time" and format_moment(None) == ""
