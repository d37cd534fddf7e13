"""The decision memo: what it is written about, its words, the document, and the document as a file.

    case       the case a memo or workbook is written about: the recommendation and the decision
    text       the words of the memo and the workbook, from the message catalogue
    document   the memo as a document: sections of paragraphs, facts, lists, tables and a chart
    html       the document as one self-contained HTML file
    markdown   the document as Markdown, for a case system or a wiki

`reports.formats` picks the memo or the workbook a file name asks for.
"""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "Bars", "Block", "Curve", "Facts", "Items", "Memo", "Paragraph", "Quote", "Section", "Table", "build_memo",
    "format_change", "format_percent",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "document": ("Bars", "Block", "Curve", "Facts", "Items", "Memo", "Paragraph", "Quote", "Section", "Table",
                 "build_memo", "format_change", "format_percent"),
})
