from __future__ import annotations

import datetime as dt

import pytest

MEETING = dt.date(2025, 5, 7)


@pytest.fixture(scope="session")
def case_2025(example):
    """The 2025 round: the council's recommendation and the chiefs' decision of 7 May 2025."""
    from digipulje.meeting.memo import memo_case

    return memo_case(example.applications, example.pool, example.overrides, memo_date=MEETING)


@pytest.fixture(scope="session")
def recommendation_2025(example):
    """The 2025 round before the meeting: the recommendation only."""
    from digipulje.meeting.memo import memo_case

    return memo_case(example.applications, example.pool, memo_date=dt.date(2025, 4, 28))


@pytest.fixture(scope="session")
def scenario_file_2025(tmp_path_factory):
    """The 2025 example's files and a scenario file beside them: the base (the council's
    recommendation), a pool of 400,000 kr and the chiefs' exclusion of A4."""
    from digipulje.pool.example import export_example
    from tests.scenarios.conftest import SCENARIOS_2025

    folder = tmp_path_factory.mktemp("round-2025")
    export_example(folder)
    (folder / "scenarier.toml").write_text(SCENARIOS_2025, encoding="utf-8")
    return folder / "scenarier.toml"
