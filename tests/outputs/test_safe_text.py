"""Text from files never reaches an output raw: control characters, escape sequences (ESC, CSI,
OSC) and bidirectional overrides show escaped on the terminal and in every file written."""

from __future__ import annotations

import csv
import json
import unicodedata

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.reports.untrusted import safe_text
from tests.limits import hard_limit

runner = CliRunner()

HARMLESS = {"\n", "\u00ad", "\u200c", "\u200d"}
DANGEROUS = ["\x1b", "\x1b]0;vinduestitel\x07", "\x1b]8;;http://x\x1b\\", "\x1b[2J", "\x1b[1A", "\x9b2J", "\r",
             "\x07", "\x08", "\x7f", "\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
             "\u061c", "\u2028", "\u2029", "\ufeff", "\U000e0001"]


def raw(text: str) -> set[str]:
    """The characters in `text` that act on a terminal or reorder a line (CRLF line ends aside)."""
    text = text.replace("\r\n", "\n")
    return {c for c in text if c not in HARMLESS and unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp", "Cs"}}



hostile = st.lists(st.one_of(st.sampled_from(DANGEROUS), st.characters(codec="utf-8", exclude_categories=["Cs"])),
                   min_size=1, max_size=10).map("".join).filter(lambda t: raw(t))


@settings(max_examples=300)
@given(text=st.text() | hostile)
def test_safe_text_leaves_nothing_raw_and_keeps_line_ends_and_json(text):
    shown = safe_text(text)
    assert raw(shown) <= {"\r"} and "\r" not in shown.replace("\r\n", "")
    assert shown.count("\n") == text.count("\n")
    assert json.loads(safe_text(json.dumps(text, ensure_ascii=False))) == text
    if all(c.isprintable() or c in HARMLESS or unicodedata.category(c) == "Zs" for c in text):
        assert shown == text  # letters, marks, symbols and spaces of every script stay as they are


def write_sheet(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["ID", "Titel", "Afdeling", "Ansøgt beløb", "Borgere", "Medarbejdere", "Kommunen",
                         "Evidens", "Tværgående"])
        writer.writerows(rows)


def outputs(folder, sheet) -> dict[str, str]:
    """Every text output of a round: terminal table, JSON and CSV on stdout, and the files written."""
    texts = {}
    for fmt in ("table", "json", "csv"):
        result = runner.invoke(app, ["allocate", str(sheet), "--format", fmt])
        assert result.exit_code == 0, result.output
        texts[f"terminal {fmt}"], texts[f"terminal {fmt} (stderr)"] = result.stdout, result.stderr
    for name in ("tildeling.csv", "tildeling.txt"):
        fmt = "csv" if name.endswith(".csv") else "table"
        assert runner.invoke(app, ["allocate", str(sheet), "--format", fmt, "--out", str(folder / name)]).exit_code == 0
        texts[name] = (folder / name).read_text(encoding="utf-8-sig")
    assert runner.invoke(app, ["allocate", str(sheet), "--out", str(folder / "tildeling.xlsx")]).exit_code == 0
    book = openpyxl.load_workbook(folder / "tildeling.xlsx")
    texts["tildeling.xlsx"] = "\n".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row
                                        if c.value is not None)
    for name in ("memo.md", "memo.html"):
        result = runner.invoke(app, ["report", str(sheet), "--out", str(folder / name), "--date", "2025-05-07"])
        assert result.exit_code == 0, result.output
        texts[name] = (folder / name).read_text(encoding="utf-8")
    result = runner.invoke(app, ["validate", str(sheet)])
    texts["validate"] = result.stdout + result.stderr
    return texts


in_a_csv = hostile.filter(lambda t: "\x00" not in t)  # a NUL byte makes the file "not a text file": refused


@settings(max_examples=6)
@given(title=in_a_csv, department=in_a_csv)
def test_no_control_character_from_a_sheet_reaches_any_output_raw(tmp_path_factory, title, department):
    folder = tmp_path_factory.mktemp("fjendtlig")
    sheet = folder / "ansoegninger.csv"
    write_sheet(sheet, [["A1", f"Titel {title} slut", f"Afd {department} slut", "100000", 3, 3, 3, 3, 3],
                        ["A2", "Almindelig titel", "Ældre", "50000", 2, 2, 2, 2, 2]])
    with hard_limit(60):
        texts = outputs(folder, sheet)
    for name, text in texts.items():
        assert not raw(text), (name, sorted(raw(text)))
    assert json.loads(texts["terminal json"])  # escaped as JSON escapes it: still valid JSON


def test_escape_sequences_in_a_title_show_escaped_everywhere(tmp_path):
    sheet = tmp_path / "ansoegninger.csv"
    write_sheet(sheet, [["A1", "Ti\x1b]0;pwn\x07tel\u202e", "Afd\x1b[2J", "100000", 3, 3, 3, 3, 3]])
    with hard_limit(60):
        texts = outputs(tmp_path, sheet)
    assert "Ti\\x1b]0;pwn\\x07tel\\u202e" in texts["terminal table"]
    assert "Afd\\x1b[2J" in texts["terminal table"]
    assert json.loads(texts["terminal json"])["applications"][0]["title"] == "Ti\x1b]0;pwn\x07tel\u202e"
    for name in ("terminal csv", "tildeling.csv", "tildeling.txt", "tildeling.xlsx", "memo.html"):
        assert "Ti\\x1b]0;pwn\\x07tel\\u202e" in texts[name], name
    assert "Ti\\x1b\\]0;pwn\\x07tel\\u202e" in texts["memo.md"]  # and Markdown's own escape of ]
