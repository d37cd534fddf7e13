from __future__ import annotations

import pytest

SCENARIOS_2025 = """\
[base]
name = "Indstilling"
applications = ["ansoegninger-2025.xlsx"]
pool = "pulje-2025.toml"

[[scenario]]
name = "Pulje 400.000"
budget_dkk = 400000

[[scenario]]
name = "A4 udtaget"
[[scenario.override]]
application = "A4"
action = "exclude"
reason = "Webintegration til IST Tjenestetid udgår"
decided_by = "Chefforum"
date = 2025-05-07
"""


@pytest.fixture
def round_2025(tmp_path):
    """The 2025 example's files and a scenario file beside them, in a fresh folder."""
    from digipulje.pool.example import export_example

    export_example(tmp_path)
    (tmp_path / "scenarier.toml").write_text(SCENARIOS_2025, encoding="utf-8")
    return tmp_path
