"""Same input, same round: the order of files and rows never changes what is stored."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from digipulje.pool.allocating import fingerprint
from digipulje.rounds.rounds import SourceFile, import_applications, open_round, read_round
from digipulje.rounds.store import RoundStore


@settings(max_examples=15)
@given(data=st.data())
def test_row_and_file_order_never_change_the_stored_round(example, tmp_path_factory, data):
    apps = data.draw(st.permutations(example.applications))
    cut = data.draw(st.integers(0, len(apps)))
    sources = [SourceFile("a.xlsx", "sha256:a", 1, tuple(apps[:cut])), SourceFile("b.xlsx", "sha256:b", 1, tuple(apps[cut:]))]
    db = tmp_path_factory.mktemp("order") / "digipulje.db"
    with RoundStore.create(db) as ws:
        open_round(ws, "2025", example.pool, "ITP")
        events = import_applications(ws, "2025", [s for s in sources if s.applications], "ITP")
        state = read_round(ws, "2025")
    assert [a["id"] for a in events[0].payload["applications"]] == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]
    assert [(e.kind.value, e.payload["application"]) for e in events[1:]] == [
        ("assessment", "A1"), ("assessment", "A2"), ("assessment", "A3"), ("assessment", "A4"),
        ("assessment", "A5"), ("assessment", "A6"), ("rejection", "A7")]
    assert fingerprint(state.applications.values(), state.pool, (), None) == \
        fingerprint(example.applications, example.pool, (), None)
