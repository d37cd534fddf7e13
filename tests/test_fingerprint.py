"""A round's fingerprint is SHA-256 of one canonical JSON document of its inputs. It is assembled
from parts made once per process; the document must stay byte for byte the plain one, or every
stored round's fingerprint would change."""

import hashlib
import json

from hypothesis import given, settings, strategies as st

from digipulje.applications.assessments import AssessorRating
from digipulje.applications.model import Indicator
from digipulje.pool.model import Pool
from digipulje.pool.allocating import fingerprint
from digipulje.pool.overrides import Action, Override
from tests.factories import application
from tests.limits import hard_limit


def plain(applications, pool, overrides, baseline, assessments=()):
    rated = sorted((r.application, r.criterion, r.assessor, r.department, r.rating) for r in assessments)
    payload = {
        "applications": [a.model_dump(mode="json") for a in sorted(applications, key=lambda a: a.id)],
        "pool": pool.model_dump(mode="json"),
        "overrides": [o.model_dump(mode="json") for o in overrides],
        "baseline": None if baseline is None else dict(sorted(baseline.items())),
    }
    if rated:
        payload["assessments"] = [list(r) for r in rated]
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def test_the_fingerprint_is_the_plain_documents_hash(example):
    apps, pool = example.applications, example.pool
    overrides = [Override(application="A4", action=Action.EXCLUDE, reason="udgår", decided_by="Chefforum"),
                 Override(application="A1", action=Action.FIX, amount_dkk=135_000, reason="ø", decided_by="CF")]
    baseline = {"A1": 140_000, "A3": 50_000}
    rating = AssessorRating(application="A1", criterion="citizen", assessor="Åse", department="Kultur", rating=3)
    for args in [(apps, pool, (), None), (apps, pool, overrides, baseline),
                 (list(reversed(apps)), pool, overrides, None, [rating])]:
        assert fingerprint(*args) == plain(*args)
        assert fingerprint(*args) == plain(*args)  # made again from the parts remembered
    assert fingerprint(apps, pool, (), None) != fingerprint(apps, pool, overrides, None)


_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)  # any text a cell holds


@settings(max_examples=150, deadline=None)
@given(titles=st.lists(_text, min_size=1, max_size=4), notes=st.lists(st.tuples(_text, _text), max_size=2),
       quantities=st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=3), max_size=2),
       support=st.none() | st.integers(0, 2**70))
def test_the_fingerprint_is_the_plain_documents_hash_for_any_text(titles, notes, quantities, support):
    """Quotes, backslashes, control characters, letters beyond ASCII, decimals written as text and
    support beyond 64 bits: each application's part is written by a faster encoder than the plain
    document's, and must be the same bytes."""
    apps = [application(f"A{i}", 10_000 + i, department=title, notes=tuple(notes), contact=title + "\x00\n\"\\",
                        indicators=tuple(Indicator(name=f"{title} {k}", baseline=q) for k, q in enumerate(quantities)),
                        support=support)
            for i, title in enumerate(titles)]
    with hard_limit():
        assert fingerprint(apps, Pool(), (), None) == plain(apps, Pool(), (), None)
