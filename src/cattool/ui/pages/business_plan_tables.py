"""The business plan's derived tables (read-only, rebuilt from the report after every
edit): the 5-year income and expenditure account, the cash flow from year 0, and the
sensitivity scenarios with their effect on each year. Nothing here is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from cattool.core.money.business_plan import BusinessPlanReport
from cattool.core.money.format import ZERO, format_money
from cattool.core.money.plan_lines import COST_CATEGORIES, INCOME_CATEGORIES, PLAN_YEARS
from cattool.ui.pages.money_fields import good_bad

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

# (label, values, bold, colour the sign): one row of a table.
Row = tuple[str, Sequence[Decimal | str], bool, bool]


def pounds(amount: Decimal) -> str:
    """Whole pounds for a table ('£12,400', '-£3,000')."""
    return format_money(amount, pence=False)


def signed(amount: Decimal) -> str:
    """A change: '+£1,200', '-£3,000', '£0'."""
    return f"+{pounds(amount)}" if amount > 0 else pounds(amount)


def year_headers(report: BusinessPlanReport, *, with_zero: bool = False) -> list[str]:
    """'Year 1\\n2026-27' when the plan's start is known, else 'Year 1'."""
    starts: list[dt.date | None] = list(report.year_starts)
    headers = []
    if with_zero:
        headers.append("Year 0\nbuying" if starts[0] else "Year 0: buying")
    for year, start in zip(PLAN_YEARS, starts, strict=True):
        span = f"\n{start.year}-{str(start.year + 1)[-2:]}" if start else ""
        headers.append(f"Year {year}{span}")
    return headers


class ReportTable(QTableWidget):
    """A read-only table of figures: rows of a label and amounts, totals in bold, deficits
    in red. Keyboard users can move through it cell by cell (each cell is announced)."""

    def __init__(self, name: str, tip: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setToolTip(tip)
        self.setAccessibleDescription(tip)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def show_rows(self, headers: Sequence[str], rows: Sequence[Row]) -> None:
        self.clear()
        self.setColumnCount(len(headers) + 1)
        self.setHorizontalHeaderLabels(["", *headers])
        self.setRowCount(len(rows))
        bad = QColor(good_bad(False))
        for r, (label, values, bold, colour) in enumerate(rows):
            first = QTableWidgetItem(label)
            if bold:
                font = QFont(first.font())
                font.setBold(True)
                first.setFont(font)
            self.setItem(r, 0, first)
            for c, value in enumerate(values, start=1):
                text = value if isinstance(value, str) else pounds(value)
                item = QTableWidgetItem(text)
                item.setTextAlignment(RIGHT)
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole, f"{label}, {headers[c - 1]}: {text}"
                )
                if bold:
                    item.setFont(first.font())
                negative = value < 0 if isinstance(value, Decimal) else text.startswith("-")
                if colour and negative:
                    item.setForeground(bad)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
        # Every row on show: the page scrolls, never the table.
        header = self.horizontalHeader().sizeHint().height()
        scrollbar = self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(
            header + self.verticalHeader().length() + scrollbar + 2 * self.frameWidth()
        )


def account_rows(report: BusinessPlanReport) -> list[Row]:
    """Income by category, total, costs by category, total, surplus: years 1-5 and total."""
    account = report.account

    def category_rows(categories: dict[str, str], kind: str) -> list[Row]:
        rows: list[Row] = []
        for key, name in categories.items():
            values = [getattr(y, kind)[key] for y in account.years]
            if any(values):
                rows.append((f"   {name}", [*values, sum(values, ZERO)], False, False))
        return rows

    def totals(attribute: str) -> list[Decimal]:
        values = [getattr(y, attribute) for y in account.years]
        return [*values, sum(values, ZERO)]

    surplus = [y.surplus for y in account.years]
    return [
        ("Income", [""] * 6, True, False),
        *category_rows(INCOME_CATEGORIES, "income"),
        ("Total income", totals("total_income"), True, False),
        ("Running costs", [""] * 6, True, False),
        *category_rows(COST_CATEGORIES, "costs"),
        ("Total running costs", totals("total_costs"), True, False),
        ("Surplus (deficit if below £0)", [*surplus, account.total_surplus], True, True),
    ]


def cash_rows(report: BusinessPlanReport) -> list[Row]:
    """Opening cash, capital in and out (year 0), income, costs, closing cash: years 0-5."""
    years = report.cash.years
    return [
        ("Cash at the start", [y.opening for y in years], False, True),
        ("Capital in (funding)", [y.capital_in for y in years], False, False),
        ("Capital out (buying and works)", [-y.capital_out for y in years], False, False),
        ("Income", [y.income for y in years], False, False),
        ("Running costs", [-y.costs for y in years], False, False),
        ("Cash at the end", [y.closing for y in years], True, True),
    ]


def scenario_rows(report: BusinessPlanReport) -> list[Row]:
    """Each scenario's change to each year's surplus, over five years, and lowest cash."""
    base = [y.surplus for y in report.account.years]
    rows: list[Row] = []
    for result in report.scenarios:
        if not result.applies:
            rows.append(
                (
                    result.scenario.title,
                    ["no effect"] * 5 + ["", pounds(result.lowest)],
                    False,
                    True,
                )
            )
            continue
        changes = [y.surplus - b for y, b in zip(result.account.years, base, strict=True)]
        rows.append(
            (result.scenario.title, [*map(signed, changes), signed(result.surplus_change),
             pounds(result.lowest)], False, True)
        )  # fmt: skip
    return rows


def scenario_headers() -> list[str]:
    return [*(f"Year {y}" for y in PLAN_YEARS), "5 years", "Lowest cash"]
