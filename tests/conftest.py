from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, max_examples=40,
                          suppress_health_check=[HealthCheck.too_slow])
# A longer search for the properties, e.g. before a release: HYPOTHESIS_PROFILE=thorough pytest
settings.register_profile("thorough", deadline=None, max_examples=1000,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def example():
    from digipulje.pool.example import load_example

    return load_example()


@pytest.fixture
def english(monkeypatch):
    """Messages in English, for a test of an English text (the texts staff meet most are asserted in
    Danish, the default, in tests/test_danish_errors.py)."""
    monkeypatch.setenv("DIGIPULJE_LANG", "en")


@pytest.fixture
def danish(english, monkeypatch):
    """Everything in Danish, the default, in a test module that otherwise runs in English
    (set up after `english`, so it wins)."""
    monkeypatch.delenv("DIGIPULJE_LANG", raising=False)
