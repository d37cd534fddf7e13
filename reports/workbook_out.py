"""An allocation as an Excel workbook: one row per application with its grant, status and reasons.

Titles, departments and reasons come from untrusted sheets. A text that Excel would take for a
formula (it starts with =, +, -, @, a tab or a carriage return) is written as a text cell with
Excel's quote prefix: Excel shows it as the text it is and never calculates it.
"""

from __future__ import annotations

import io

from digipulje.base.money import money_number_format
from digipulje.messages import gettext
from digipulje.pool.allocation import Allocation
from digipulje.reports.export import FORMULA_STARTS
from digipulje.pool.labels import status_label
from digipulje.reports.labels import heading
from digipulje.reports.untrusted import safe_text
from digipulje.pool.explain import reasons_deciding_first


def set_text(cell, text: str) -> None:
    """Puts `text` in `cell` as text, whatever it starts with; control characters show escaped."""
    text = safe_text(text)
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def render_workbook(allocation: Allocation, lang: str = "da") -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    h = lambda key: heading(key, lang)  # noqa: E731
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = h("allocation")
    money = money_number_format(lang)
    minimum = gettext("Smallest grant", lang=lang)
    headers = [h("id"), h("title"), h("department"), h("requested"), minimum, h("granted"), h("status"),
               h("score"), h("reasons")]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for d in allocation.decisions:
        row = sheet.max_row + 1
        texts = {1: d.id, 2: d.title, 3: d.department, 7: status_label(d.status, lang),
                 9: "\n".join(r.text(lang) for r in reasons_deciding_first(d))}
        for column, text in texts.items():
            set_text(sheet.cell(row=row, column=column), text)
        for column, amount in ((4, d.requested_dkk), (5, d.min_dkk), (6, d.granted_dkk)):
            cell = sheet.cell(row=row, column=column, value=amount)
            cell.number_format = money
        sheet.cell(row=row, column=8, value=round(d.score, 2)).number_format = "0.00"
        sheet.cell(row=row, column=9).alignment = Alignment(wrap_text=True, vertical="top")
    total = sheet.max_row + 1
    set_text(sheet.cell(row=total, column=1), h("total"))
    sheet.cell(row=total, column=1).font = Font(bold=True)
    for column, amount in ((4, sum(d.requested_dkk for d in allocation.decisions)), (6, allocation.granted_dkk)):
        cell = sheet.cell(row=total, column=column, value=amount)  # values, not formulas: the file is read as saved
        cell.number_format = money
        cell.font = Font(bold=True)
    budget = total + 1
    set_text(sheet.cell(row=budget, column=1), h("pool"))
    sheet.cell(row=budget, column=6, value=allocation.budget_dkk).number_format = money
    for letter, width in zip("ABCDEFGHI", (8, 40, 28, 14, 16, 14, 18, 8, 90)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
