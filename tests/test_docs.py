"""The README is a front door: small, with the two set-up commands, and every link in it and in
docs/ leads to a file and heading that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))


def slug(heading: str) -> str:
    """The anchor a Markdown renderer (GitHub's) gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}


def links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [t for t in re.findall(r"\]\(([^)\s]+)\)", text) if not re.match(r"[a-z]+:", t)]


def test_the_readme_is_a_front_door():
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 12 * 1024
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/digipulje demo\n" in text
    assert 'python3 -m venv .venv && .venv/bin/pip install ".[test]" && .venv/bin/python -m pytest\n' in text


def test_every_link_leads_to_a_file_and_a_heading():
    broken = []
    for page in [README, *DOCS]:
        for target in links(page):
            file, _, anchor = target.partition("#")
            path = (page.parent / file).resolve() if file else page
            if not path.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and anchor not in anchors(path):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert broken == []


def test_every_page_of_the_reference_is_linked_from_the_readme():
    linked = {(ROOT / t.partition("#")[0]).resolve() for t in links(README)}
    assert [d.name for d in DOCS if d.resolve() not in linked] == []


def test_the_pool_file_and_scenarios_are_found_where_the_errors_send_a_reader():
    """Errors say "see the README for the pool file" and "see the README, 'Scenarios and alternatives'"."""
    text = README.read_text(encoding="utf-8")
    assert "[the pool file](docs/allocate.md#the-pool-file)" in text
    assert "[Scenarios and alternatives](docs/scenarios.md)" in text


def test_fixed_amounts_do_not_count_against_max_partial_grants_as_the_docs_say(example):
    """docs/allocate.md says it, and the engine does it: with no partial grant allowed, two amounts the
    chiefs fix below the request both hold."""
    from digipulje.pool import allocate
    from digipulje.pool.overrides import Override

    text = " ".join((ROOT / "docs" / "allocate.md").read_text(encoding="utf-8").split())
    assert "A fixed amount below the request does not count against `max_partial_grants`" in text
    assert "more fixed grants below their request than `max_partial_grants`" not in text
    pool = example.pool.model_copy(update={"rules": example.pool.rules.model_copy(update={"max_partial_grants": 0})})
    fixed = [Override(application="A1", action="fix", amount_dkk=100_000, reason="r", decided_by="Chefforum"),
             Override(application="A3", action="fix", amount_dkk=50_000, reason="r", decided_by="Chefforum")]
    granted = allocate(example.applications, pool, fixed).granted_by_id()
    assert (granted["A1"], granted["A3"]) == (100_000, 50_000)
    requested = {a.id: a.requested_dkk for a in example.applications}
    assert [i for i, kr in granted.items() if 0 < kr < requested[i] and i not in ("A1", "A3")] == []
