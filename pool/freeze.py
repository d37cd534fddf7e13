"""Freezing a round: the weights, scales and rules are fixed before the applications are scored.

Criteria applied equally must be fixed in advance: nobody should be able to tune a weight after
seeing which applications it favours. `digipulje pool freeze POOL.toml` records a fingerprint of
the round's terms — the principle weights, the anchored scales and the rules — in a small JSON
file beside the pool file, `POOL.frozen.json` (for `pulje-2025.toml`: `pulje-2025.frozen.json`):

    {
      "about": "...",
      "rounds": {
        "2025": {"frozen_on": "2025-03-01", "fingerprint": "sha256:...",
                 "terms": {"weights": {...}, "scales": {...}, "rules": {...}}}
      }
    }

Allocating with a pool file whose terms differ from its frozen round is allowed — that is how a
scenario tries other weights — but the difference is shown and the result is labelled a
scenario. The budget is not a term of the round: trying another budget is not a change of rules.
A frozen round is never re-frozen with other terms; to unfreeze one deliberately, remove its
entry from the file.

The pure part works on plain data (`freeze_round`, `differences`); `read_frozen` and
`frozen_json` are the edges.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digipulje.base.errors import InputError
from digipulje.pool.allocation import FrozenRoundNote
from digipulje.messages import _
from digipulje.pool.model import Pool
from digipulje.scoring.scales import scales_for_fingerprint

ABOUT = ("Rounds of this pool whose weights, scales and rules are frozen (digipulje pool freeze). "
         "Do not edit; to unfreeze a round deliberately, remove its entry.")


def frozen_path(pool_path: str | Path) -> Path:
    """Where the frozen rounds of a pool file are recorded: beside it, `<stem>.frozen.json`."""
    pool_path = Path(pool_path)
    return pool_path.with_name(pool_path.stem + ".frozen.json")


def round_key(pool: Pool, source: str | None = None) -> str:
    if pool.round:
        return pool.round
    if pool.year is not None:
        return str(pool.year)
    raise InputError(_("{file}: the pool has no 'round' or 'year': add one (e.g. round = \"2026\") so the round "
                       "can be frozen", file=source or _("the pool")))


def round_terms(pool: Pool) -> dict[str, Any]:
    """The terms that are frozen: weights, scales and rules, as plain data."""
    return {
        "weights": pool.weights.model_dump(mode="json"),
        "scales": scales_for_fingerprint(),
        "rules": pool.rules.model_dump(mode="json"),
    }


def terms_fingerprint(terms: dict[str, Any]) -> str:
    blob = json.dumps(terms, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FrozenRound:
    round: str
    frozen_on: str
    fingerprint: str
    terms: dict[str, Any]


def frozen_rounds(record: dict[str, Any] | None) -> dict[str, FrozenRound]:
    if not record:
        return {}
    return {
        key: FrozenRound(key, entry.get("frozen_on", ""), entry["fingerprint"], entry["terms"])
        for key, entry in record.get("rounds", {}).items()
    }


def freeze_round(pool: Pool, record: dict[str, Any] | None, today: dt.date, source: str = "the pool"
                 ) -> tuple[dict[str, Any], bool]:
    """The record with this round frozen, and whether it is new (False: frozen already, same terms).

    Raises `InputError` when the round is frozen already with other terms, naming each difference.
    """
    key = round_key(pool, source)
    terms = round_terms(pool)
    fingerprint = terms_fingerprint(terms)
    existing = frozen_rounds(record).get(key)
    if existing is not None:
        if existing.fingerprint == fingerprint:
            return record or {}, False
        raise InputError(
            _("{file}: round {round} was frozen on {date} with other terms; a frozen round is not changed (remove "
              "its entry from the frozen file to unfreeze it deliberately):", file=source, round=key,
              date=existing.frozen_on),
            *(f"  {line}" for line in differences(existing.terms, terms)),
        )
    rounds = dict((record or {}).get("rounds", {}))
    rounds[key] = {"frozen_on": today.isoformat(), "fingerprint": fingerprint, "terms": terms}
    return {"about": ABOUT, "rounds": dict(sorted(rounds.items()))}, True


def check_frozen(pool: Pool, record: dict[str, Any] | None) -> tuple[FrozenRound | None, list[str]]:
    """The frozen round this pool belongs to (if any) and how its terms now differ from it."""
    key = pool.round or (str(pool.year) if pool.year is not None else None)
    frozen = frozen_rounds(record).get(key) if key else None
    if frozen is None:
        return None, []
    terms = round_terms(pool)
    if terms_fingerprint(terms) == frozen.fingerprint:
        return frozen, []
    return frozen, differences(frozen.terms, terms)


def frozen_round_note(pool: Pool, record: dict[str, Any] | None) -> FrozenRoundNote | None:
    """For an allocation's JSON: the frozen round this pool belongs to and whether the allocation
    is a scenario (the terms changed since freezing); None when the round is not frozen."""
    frozen, changed = check_frozen(pool, record)
    if frozen is None:
        return None
    return FrozenRoundNote(round=frozen.round, frozen_on=frozen.frozen_on, fingerprint=frozen.fingerprint,
                           scenario=bool(changed), differences=tuple(changed))


def scenario_warnings(pool: Pool, record: dict[str, Any] | None, source: str) -> list[str]:
    """Warnings for a pool whose terms differ from its frozen round: the result is a scenario."""
    frozen, changed = check_frozen(pool, record)
    if frozen is None or not changed:
        return []
    return [_("{file}: round {round} was frozen on {date} with other weights, scales or rules; this allocation "
              "is a scenario, not the round's:", file=source, round=frozen.round, date=frozen.frozen_on),
            *(f"  {line}" for line in changed)]


def differences(frozen: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """One line per changed setting: "weights.citizen: 1.0 when frozen, now 2.0"."""
    before, after = _flatten(frozen), _flatten(now)
    lines = []
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key, _MISSING), after.get(key, _MISSING)
        if was != now:
            lines.append(_("{key}: {was} when frozen, now {now}", key=key, was=_show(was), now=_show(now)))
    return lines


def read_frozen(path: str | Path) -> dict[str, Any] | None:
    """The frozen-rounds record at `path`, or None when there is none yet."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        for entry in record["rounds"].values():
            entry["fingerprint"], entry["terms"]  # noqa: B018 - a record without them is not one
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InputError(_("{file}: not a record of frozen rounds: it is written by 'digipulje pool freeze'; "
                           "restore it from a backup or remove it", file=path)) from None
    return record


def frozen_json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


_MISSING = object()


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(value, list):  # each item on its own, so an added rule shows as one line
        return {f"{prefix}[{i}]": v for i, v in enumerate(value)}
    return {prefix: value}


def _show(value: Any) -> str:
    if value is _MISSING:
        return _("(none)")
    if isinstance(value, str):
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
