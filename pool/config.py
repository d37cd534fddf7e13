"""Reading the pool file, the overrides file and a baseline allocation (the edges: files in,
validated models out). Errors name the file and the key, and say how to fix it.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from digipulje.applications.cells import MAX_AMOUNT
from digipulje.applications.problems import validation_message
from digipulje.base.errors import InputError
from digipulje.base.money import parse_kroner
from digipulje.messages import _
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override


def load_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(_("{file}: file not found", file=path))
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(_("{file}: not UTF-8 text: save the file as UTF-8", file=path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(_("{file}: not valid TOML: {error}", file=path, error=exc)) from None
    except ValueError:  # Python refuses an integer of more than 4,300 digits
        raise InputError(_("{file}: a number in the file has thousands of digits, more than any amount or weight "
                           "digipulje reads: check the file", file=path)) from None


def validation_lines(path: Path | str, exc: ValidationError, within: str | None = None,
                      unknown: str | None = None) -> list[str]:
    """One line per problem: the file, the part of it (`within`, e.g. an override), the key, what is
    wrong; `unknown` is said of a setting that does not exist."""
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"])
        message = ((unknown or _("unknown setting: check the spelling (see the README for the pool file)"))
                   if err["type"] == "extra_forbidden" else validation_message(err))
        where = str(path)
        for part in (within, key):
            if part:
                where = _("{location}: {message}", location=where, message=part)
        lines.append(_("{location}: {message}", location=where, message=message))
    return lines


def kroner_as_written(table: Any, key: str, where: str, lines: list[str]) -> Any:
    """`table` with its amount `key` read by `parse_kroner` when written as text ("300.000") or as a
    decimal number (300000.0; 300000.5 is refused: øre); whole numbers and other values are left to
    the model. A refusal is added to `lines`, naming `where` and the key."""
    if not isinstance(table, dict) or not isinstance(table.get(key), (str, float)):
        return table
    try:
        return {**table, key: parse_kroner(table[key])}
    except ValueError as error:
        location = _("{location}: {message}", location=where, message=key)
        lines.append(_("{location}: {message}", location=location, message=str(error)))
        return table


def parse_pool(data: dict[str, Any], source: str = "<pool>") -> Pool:
    lines: list[str] = []
    data = kroner_as_written(data, "budget_dkk", source, lines)
    if isinstance(data, dict) and "rules" in data:
        data = {**data, "rules": kroner_as_written(data["rules"], "min_grant_dkk", f"{source}: rules", lines)}
    if lines:
        raise InputError(*lines)
    try:
        return Pool.model_validate(data)
    except ValidationError as exc:
        raise InputError(*validation_lines(Path(source), exc)) from None


def read_pool(path: str | Path | None) -> Pool:
    """The pool in a TOML file, or the default pool when no file is given."""
    if path is None:
        return Pool()
    path = Path(path)
    return parse_pool(_without_columns(load_toml(path)), str(path))


# A pool file may hold the round's column mapping as a `[columns]` table (the same table as a
# --columns file), so that it is given once for the round: the readers of applications take it
# (`applications.columns.read_pool_columns`); it is no term of the pool itself.
def _without_columns(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "columns"}


def read_overrides(path: str | Path | None) -> list[Override]:
    """Overrides from a TOML file with one `[[override]]` table per override."""
    overrides, lines = read_overrides_and_problems(path)
    if lines:
        raise InputError(*lines)
    return overrides


def read_overrides_and_problems(path: str | Path | None) -> tuple[list[Override], list[str]]:
    """The overrides of the file that could be read, and a line for each that could not: a shell
    then checks the ones read against the round too, and says every problem at once. A file that
    is not an overrides file at all raises."""
    if path is None:
        return [], []
    path = Path(path)
    data = load_toml(path)
    unknown = sorted(set(data) - {"override"})
    if unknown:
        raise InputError(*(_("{file}: unknown table '{table}': write each override as [[override]]", file=path, table=u)
                           for u in unknown))
    entries = data.get("override", [])
    if not isinstance(entries, list):
        raise InputError(_("{file}: write each override as [[override]] (an array of tables)", file=path))
    overrides, lines = [], []
    for number, entry in enumerate(entries, start=1):
        within = _("{location}: {message}", location=path, message=_("override {number}", number=number))
        written = len(lines)
        entry = kroner_as_written(entry, "amount_dkk", within, lines)
        if len(lines) > written:
            continue
        try:
            override = Override.model_validate(entry)
        except ValidationError as exc:
            lines += validation_lines(path, exc, within=_("override {number}", number=number))
            continue
        if override.amount_dkk is not None and override.amount_dkk > MAX_AMOUNT:
            lines.append(_("{location}: {message}", location=within, message=_(
                "{location}: {message}", location="amount_dkk",
                message=_("'{value}' is more than 1.000.000.000 kr.: check the amount", value=override.amount_dkk))))
            continue
        overrides.append(override)
    return overrides, lines


def read_baseline(path: str | Path | None) -> dict[str, int] | None:
    """The granted amounts of an allocation written by `digipulje allocate --format json`."""
    if path is None:
        return None
    path = Path(path)
    if not path.is_file():
        raise InputError(_("{file}: file not found", file=path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data["applications"]
        baseline = {str(r["id"]): r["granted_dkk"] for r in rows}
    except (ValueError, KeyError, TypeError):
        raise InputError(_("{file}: not an allocation: use the JSON written by 'digipulje allocate --format json'",
                           file=path)) from None
    bad = [k for k, v in baseline.items() if not isinstance(v, int) or isinstance(v, bool) or v < 0]
    if bad:
        raise InputError(*(_("{file}: granted_dkk of '{application}' is not a whole number of kroner",
                             file=path, application=k) for k in bad))
    return baseline

