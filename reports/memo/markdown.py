"""The memo as Markdown (CommonMark with GitHub tables), for pasting into a case system or a wiki.

All text is escaped: a title or an assessment from a department's sheet can never turn into a
link, an image, HTML or a broken table. The budget curve, which Markdown cannot draw, is given as
its table of points.
"""

from __future__ import annotations

import re

from digipulje.reports.memo.document import Bars, Block, Curve, Facts, Items, Memo, Paragraph, Quote, Section, Table
from digipulje.reports.untrusted import safe_text

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# What would start a list, a heading or a quote when the text begins a line.
_BLOCK_START = re.compile(r"^(\d+)([.)])(\s)|^([-+#]+)(?=\s|$)")


def escape(text: str) -> str:
    """Plain text as Markdown that shows exactly that text, on one line, inside a line."""
    return _INLINE.sub(r"\\\1", " ".join(str(text).split()))


def escape_line(text: str) -> str:
    """Plain text that begins a line (a paragraph, a list item): it must not start a block."""
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}{m[3]}" if m[1] else f"\\{m[4]}", escape(text), count=1)


def _paragraphs(text: str) -> list[str]:
    return [escape_line(p) for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


def _table(t: Table) -> list[str]:
    def row(cells) -> str:
        return "| " + " | ".join(escape(c) if c else "" for c in cells) + " |"

    lines = []
    if t.caption:
        lines += [f"**{escape(t.caption)}**", ""]
    lines.append(row(t.header))
    lines.append("|" + "|".join("---:" if n else "---" for n in t.numeric) + "|")
    lines += [row(r) for r in t.rows]
    if t.total is not None:
        lines.append("| " + " | ".join(f"**{escape(c)}**" if c else "" for c in t.total) + " |")
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return ["\n\n".join(_paragraphs(block.text))]
    if isinstance(block, Facts):
        return [f"- **{escape(label)}:** {escape(value)}" for label, value in block.rows]
    if isinstance(block, Items):
        lines = [f"**{escape(block.label)}**", ""] if block.label else []
        return lines + [f"{n}. {escape_line(item)}" if block.ordered else f"- {escape_line(item)}"
                        for n, item in enumerate(block.items, start=1)]
    if isinstance(block, Quote):
        quoted = "\n>\n".join(f"> {p}" for p in _paragraphs(block.text))
        return [f"**{escape(block.label)}:**", "", quoted]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Curve):
        return _table(block.table)
    raise TypeError(f"no Markdown for {type(block).__name__}")


def _section(section: Section, level: int) -> list[str]:
    out = [f"{'#' * level} {escape(section.title)}", ""]
    for block in section.blocks:
        if isinstance(block, Bars):
            continue  # a chart: the grants table above holds its numbers
        out += _block(block)
        out.append("")
    for sub in section.subsections:
        out += _section(sub, level + 1)
    return out


def render_markdown(memo: Memo) -> str:
    out = [f"# {escape(memo.title)}", ""]
    out += _block(memo.header)
    out.append("")
    for section in memo.sections:
        out += _section(section, 2)
    return safe_text("\n".join(out).rstrip("\n") + "\n")  # control characters from files shown escaped
