"""The memo as one self-contained HTML file: styles inline, no script, no external resource.

It is laid out for A4: on screen the page is an A4 sheet with its print margins, and printed
(or saved as PDF from a browser) the same content fills the printable width. Long words wrap
rather than push a table past the margin. All text is escaped.
"""

from __future__ import annotations

import re
from html import escape

from digipulje.reports.chart import allocation_chart_svg
from digipulje.reports.memo.document import Bars, Block, Curve, Facts, Items, Memo, Paragraph, Quote, Section, Table
from digipulje.reports.curve import budget_curve_svg
from digipulje.reports.untrusted import safe_text

STYLE = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 210mm; padding: 15mm; color: #111;
       font: 10pt/1.4 "Liberation Sans", Arial, Helvetica, sans-serif; overflow-wrap: break-word; }
.long { overflow-wrap: anywhere; }
h1 { font-size: 16pt; margin: 0 0 3mm; }
h2 { font-size: 13pt; margin: 8mm 0 2mm; padding-bottom: 1mm; border-bottom: 1px solid #999;
     break-after: avoid; }
h3 { font-size: 11pt; margin: 6mm 0 2mm; break-after: avoid; }
p { margin: 2mm 0; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 9pt; }
th, td { border-bottom: 1px solid #ccc; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead th { background: #eee; }
.num { text-align: right; }
td.num { white-space: nowrap; }
tfoot td { font-weight: bold; border-top: 1.5px solid #333; }
tfoot td:first-child { white-space: nowrap; }
caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.5mm 4mm; margin: 2mm 0 4mm; }
dt { font-weight: bold; }
dd { margin: 0; }
.label { font-weight: bold; margin: 3mm 0 1mm; }
ul, ol { margin: 1mm 0 3mm; padding-left: 6mm; }
blockquote { margin: 1mm 0 3mm; padding: 1mm 4mm; border-left: 3px solid #999; background: #f6f6f6; }
section.application { break-inside: avoid-page; }
figure { margin: 2mm 0 4mm; }
figcaption { font-weight: bold; padding-bottom: 1mm; }
svg.chart { width: 100%; height: auto; }
@media print { body { padding: 0; max-width: none; } }
""".strip()


def _text(text: str) -> str:
    return escape(" ".join(str(text).split()))


def _paragraphs(text: str) -> list[str]:
    return [_text(p) for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


LONG_WORD = 24  # a word longer than this may break anywhere, so no table is pushed past the margin


def _cell(tag: str, text: str, numeric: bool) -> str:
    css = "num" if numeric else "long" if any(len(word) > LONG_WORD for word in str(text).split()) else ""
    return f'<{tag} class="{css}">{_text(text)}</{tag}>' if css else f"<{tag}>{_text(text)}</{tag}>"


def _table(t: Table) -> str:
    def cells(tag: str, row: tuple[str, ...]) -> str:
        return "".join(_cell(tag, c, n) for c, n in zip(row, t.numeric))

    out = ["<table>"]
    if t.caption:
        out.append(f"<caption>{_text(t.caption)}</caption>")
    out.append(f"<thead><tr>{cells('th', t.header)}</tr></thead>")
    out.append("<tbody>" + "".join(f"<tr>{cells('td', r)}</tr>" for r in t.rows) + "</tbody>")
    if t.total is not None:
        out.append(f"<tfoot><tr>{cells('td', t.total)}</tr></tfoot>")
    out.append("</table>")
    return "".join(out)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return "".join(f"<p>{p}</p>" for p in _paragraphs(block.text))
    if isinstance(block, Facts):
        rows = "".join(f"<dt>{_text(label)}</dt><dd>{_text(value)}</dd>" for label, value in block.rows)
        return f'<dl class="facts">{rows}</dl>'
    if isinstance(block, Items):
        tag = "ol" if block.ordered else "ul"
        label = f'<p class="label">{_text(block.label)}</p>' if block.label else ""
        return f"{label}<{tag}>" + "".join(f"<li>{_text(i)}</li>" for i in block.items) + f"</{tag}>"
    if isinstance(block, Quote):
        body = "".join(f"<p>{p}</p>" for p in _paragraphs(block.text))
        return f'<p class="label">{_text(block.label)}:</p><blockquote>{body}</blockquote>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Curve):
        svg = budget_curve_svg(block.points, block.lang, {block.current_label: block.current_budget_dkk},
                               title=block.title, heading=False, x_label=block.x_label, y_label=block.y_label)
        return f"<figure><figcaption>{_text(block.title)}</figcaption>{svg}</figure>"
    if isinstance(block, Bars):
        svg = allocation_chart_svg(block.bars, block.budget_dkk, block.lang)
        return f'<figure class="allocation"><figcaption>{_text(block.title)}</figcaption>{svg}</figure>'
    raise TypeError(f"no HTML for {type(block).__name__}")


def _section(section: Section, level: int) -> str:
    anchor = f' id="{escape(section.anchor)}"' if section.anchor else ""
    css = ' class="application"' if level == 3 else ""
    out = [f"<section{anchor}{css}>", f"<h{level}>{_text(section.title)}</h{level}>"]
    out += [_block(b) for b in section.blocks]
    out += [_section(s, level + 1) for s in section.subsections]
    out.append("</section>")
    return "\n".join(out)


def render_html(memo: Memo) -> str:
    """The memo as HTML; a control character from a file shows escaped (`safe_text`), never raw."""
    body = "\n".join(_section(s, 2) for s in memo.sections)
    return safe_text(
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(memo.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_text(memo.title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<main>\n"
        f"<header>\n<h1>{_text(memo.title)}</h1>\n{_block(memo.header)}\n</header>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )
