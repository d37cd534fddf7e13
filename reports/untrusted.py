"""Text from files, made safe to show: no control character reaches a terminal or a report raw.

Titles, departments, reasons and cell values come from departments' files, which are untrusted.
An escape sequence (ESC, CSI, OSC: clear the screen, set the window title, fake a prompt), another
control character (a carriage return that overwrites the line) or a bidirectional override
(U+202E and its kin, which make a line read backwards) would act on whoever reads the output.
`safe_text` shows each such character as its escape instead: ESC becomes the four characters
``\\x1b``, U+202E becomes ``\\u202e``. Line breaks stay (and a carriage return right before one,
as CSV ends its lines); spaces of every kind, the soft hyphen and the zero-width (non-)joiners
stay, since they neither control a terminal nor reorder text.

Escapes other than ``\\xNN`` (used only for C0 controls, which JSON always escapes itself) are
JSON's own ``\\uXXXX``, so JSON stays valid JSON after `safe_text`, meaning the same text.

Every shell passes what it prints or writes through `safe_text`: the command line's streams,
the text files it writes, the Markdown and HTML memo, and every spreadsheet cell (`safe_cell`).
"""

from __future__ import annotations

import unicodedata

# Format characters that neither reorder text nor control a terminal: soft hyphen, ZWNJ, ZWJ.
_HARMLESS_FORMAT = frozenset("\u00ad\u200c\u200d")


def _unsafe(ch: str) -> bool:
    if ch.isprintable() or ch in _HARMLESS_FORMAT:
        return False
    return unicodedata.category(ch) != "Zs"  # no-break and other spaces are printable in effect


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # as JSON writes it: a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _safe_line(line: str) -> str:
    if line.isprintable():
        return line
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in line)


def safe_text(text: str) -> str:
    """`text` with every control, escape and bidirectional-override character shown escaped."""
    lines = text.split("\n")
    last = len(lines) - 1
    out = []
    for index, line in enumerate(lines):
        if index < last and line.endswith("\r"):  # CRLF line ends (CSV) stay line ends
            out.append(_safe_line(line[:-1]) + "\r")
        else:
            out.append(_safe_line(line))
    return "\n".join(out)


def is_safe(text: str) -> bool:
    """True when `safe_text` would leave `text` as it is."""
    return safe_text(text) == text
