"""The case list's model: every case with its regime, stage and next deadline.

Its own module because it is the one model built for thousands of rows: rows arrive
before their summaries and are worked out as they are first drawn (see CaseTableModel).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt

from cattool.core.dates import format_date_short
from cattool.core.portfolio import CaseRow, CaseSummary
from cattool.ui.models import (
    _ACCESSIBLE,
    _DECORATION,
    _DISPLAY,
    _ROOT,
    _TOOLTIP,
    ID_ROLE,
    RAG_WORDS,
    SORT_ROLE,
    AnyIndex,
    TableModel,
    _RagIcons,
    days_text,
    deadline_label,
    release_later,
)

if TYPE_CHECKING:
    from cattool.core.money.raised import FundsRaised

CaseLike = CaseRow | CaseSummary  # what a case row needs before and after its summary
Fill = Callable[[list[CaseLike]], list[CaseSummary]]


class CaseTableModel(TableModel):
    """Every case with its regime, stage and next deadline, from `portfolio.summarise`.

    Rows can arrive before their summaries (`set_cases`): the name and regime are known
    at once, and a row's stage and deadlines are worked out by the `fill` callback the
    first time anything asks for them, together with the rows after it (a screenful at a
    time). So a view paints its first rows after computing only those, and the rest can
    be filled later with `add_summaries` without telling the views (nothing has shown
    them yet). Sorting or filtering by a derived column fills every row first.
    """

    CASE, REGIME, STAGE, NEXT, DAYS, RAISED = range(6)
    HEADERS = ("Case", "Regime", "Stage", "Next deadline", "Days left", "Raised")
    COLUMNS = len(HEADERS)
    DERIVED = frozenset({STAGE, NEXT, DAYS})
    PREFETCH = 64  # rows filled together: a screenful and some

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cases: list[CaseLike] = []
        self._summaries: list[CaseSummary | None] = []
        self._missing = 0
        self._fill: Fill | None = None
        self._regime_names: Mapping[str, str] = {}
        self._display: list[tuple[str, str, str, str, str] | None] = []
        self._search_keys: list[str] | None = None
        self._row_of: dict[int, int] | None = None
        self._sorted: tuple[int, Qt.SortOrder] | None = None
        self._funds: dict[int, FundsRaised] = {}

    # ------------------------------------------------------------------ filling

    def set_funds(
        self, funds: Mapping[int, FundsRaised], case_ids: Iterable[int] | None = None
    ) -> None:
        """Funds raised by case id: all of them, or only `case_ids`' (others kept)."""
        if case_ids is None:
            self._funds = dict(funds)
            if self._cases:
                last = len(self._cases) - 1
                self.dataChanged.emit(self.index(0, self.RAISED), self.index(last, self.RAISED))
        else:  # only the changed rows: a whole-column signal made the filter re-test them all
            for case_id in case_ids:
                found = funds.get(case_id)
                if found is None:
                    self._funds.pop(case_id, None)
                else:
                    self._funds[case_id] = found
                row = self.row_for_case(case_id)
                if row is not None:
                    cell = self.index(row, self.RAISED)
                    self.dataChanged.emit(cell, cell)
        if self._sorted is not None and self._sorted[0] == self.RAISED:
            self.sort(*self._sorted)

    def funds_for(self, case_id: int) -> FundsRaised | None:
        return self._funds.get(case_id)

    def set_rows(
        self, rows: Sequence[CaseSummary], regime_names: Mapping[str, str] | None = None
    ) -> None:
        """Replace all cases with finished summaries; `regime_names`: ids to short names."""
        self._reset(list(rows), list(rows), regime_names, None)

    def set_cases(
        self,
        cases: Sequence[CaseLike],
        regime_names: Mapping[str, str] | None = None,
        fill: Fill | None = None,
        known: Sequence[CaseSummary] = (),
    ) -> None:
        """Replace all cases; their summaries come from `fill(cases)` when first needed,
        apart from `known` ones (worked out already, e.g. the first screen's)."""
        by_id = {summary.id: summary for summary in known}
        self._reset(list(cases), [by_id.get(case.id) for case in cases], regime_names, fill)

    def _reset(
        self,
        cases: list[CaseLike],
        summaries: list[CaseSummary | None],
        regime_names: Mapping[str, str] | None,
        fill: Fill | None,
    ) -> None:
        self.beginResetModel()
        # The old rows are freed over the next turns of the event loop (see release_later).
        release_later(self._cases, self._summaries, self._display, self._search_keys, self._row_of)
        self._cases = cases
        self._summaries = summaries
        self._missing = summaries.count(None)
        self._fill = fill
        if regime_names is not None:
            self._regime_names = dict(regime_names)
        self._display = [None] * len(cases)
        self._search_keys = None
        self._row_of = None
        self.endResetModel()
        if self._sorted is not None and (not self._missing or self._sorted[0] not in self.DERIVED):
            self.sort(*self._sorted)

    def sort_order(self) -> tuple[int, Qt.SortOrder] | None:
        """The last column and order sorted by (None: the database's name order)."""
        return self._sorted

    def add_summaries(self, summaries: Iterable[CaseSummary]) -> None:
        """Fill rows still waiting for their summaries (others are left as they are).

        Silent: a row without a summary has never been drawn, sorted or filtered on.
        """
        row_of = self._rows_by_id()
        for summary in summaries:
            row = row_of.get(summary.id)
            if row is not None and self._summaries[row] is None:
                self._summaries[row] = summary
                self._missing -= 1

    def add_regime_names(self, regime_names: Mapping[str, str]) -> None:
        """Short names for regimes seen since `set_cases` (a new case's, say)."""
        self._regime_names = {**self._regime_names, **regime_names}

    def has_summary(self, row: int) -> bool:
        return self._summaries[row] is not None

    def missing_count(self) -> int:
        """How many rows have no summary yet."""
        return self._missing

    def missing_cases(self) -> list[CaseLike]:
        return [c for c, s in zip(self._cases, self._summaries, strict=True) if s is None]

    def ensure_all(self) -> None:
        """Work out every summary still missing (before a sort or filter that needs them)."""
        if self._missing and self._fill is not None:
            self._fill_cases(self.missing_cases())

    def _fill_cases(self, cases: list[CaseLike]) -> None:
        assert self._fill is not None
        self.add_summaries(self._fill(cases))

    def _fill_from(self, row: int) -> CaseSummary:
        """Fill `row` and the next rows without summaries (a screenful), return `row`'s."""
        if self._fill is None:
            raise LookupError(f"row {row} has no summary and nothing can work it out")
        end = min(len(self._cases), row + self.PREFETCH)
        wanted = [self._cases[r] for r in range(row, end) if self._summaries[r] is None]
        if len(wanted) < self.PREFETCH // 2:  # near the end: take rows above too
            start = max(0, row - self.PREFETCH)
            wanted += [self._cases[r] for r in range(start, row) if self._summaries[r] is None]
        self._fill_cases(wanted)
        summary = self._summaries[row]
        assert summary is not None, f"no summary for case {self._cases[row].id}"
        return summary

    def update_cases(self, summaries: Sequence[CaseSummary], removed: Iterable[int] = ()) -> None:
        """Replace or add these cases' rows and drop `removed` ones, telling the views."""
        for case_id in removed:
            row = self.row_for_case(case_id)
            if row is None:
                continue
            self.beginRemoveRows(QModelIndex(), row, row)
            if self._summaries[row] is None:
                self._missing -= 1
            for column in (self._cases, self._summaries, self._display):
                del column[row]
            if self._search_keys is not None:
                del self._search_keys[row]
            self._row_of = None
            self.endRemoveRows()
        reorder = False  # only a new or renamed case can be out of order
        for summary in summaries:
            row = self.row_for_case(summary.id)
            if row is None:
                reorder = True
                row = len(self._cases)
                self.beginInsertRows(QModelIndex(), row, row)
                self._cases.append(summary)
                self._summaries.append(summary)
                self._display.append(None)
                if self._search_keys is not None:
                    self._search_keys.append(_search_key(summary))
                self._row_of = None
                self.endInsertRows()
                continue
            if self._summaries[row] is None:
                self._missing -= 1
            reorder |= self._cases[row].name != summary.name
            self._cases[row] = summary
            self._summaries[row] = summary
            self._display[row] = None
            if self._search_keys is not None:
                self._search_keys[row] = _search_key(summary)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        if summaries and self._sorted is not None:
            self.sort(*self._sorted)  # a new or renamed case goes where the order says
        elif reorder:  # (checking 5,000 rows' order took an edit 10-20 ms)
            self._sort_by_name()

    def _sort_by_name(self) -> None:
        if any(self._key_name(r) > self._key_name(r + 1) for r in range(len(self._cases) - 1)):
            self._reorder(sorted(range(len(self._cases)), key=self._key_name))

    def _key_name(self, row: int) -> tuple[str, int]:
        case = self._cases[row]
        return (case.name, case.id)

    # ------------------------------------------------------------------ reading

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cases)

    def case_at(self, row: int) -> CaseLike:
        """The case's id, name, reference and regime (never computes anything)."""
        return self._cases[row]

    def summary_at(self, row: int) -> CaseSummary:
        return self._summaries[row] or self._fill_from(row)

    def summaries(self) -> list[CaseSummary]:
        """Every row's summary (fills the missing ones first)."""
        self.ensure_all()
        return [s for s in self._summaries if s is not None]

    def row_for_case(self, case_id: int) -> int | None:
        return self._rows_by_id().get(case_id)

    def _rows_by_id(self) -> dict[int, int]:
        if self._row_of is None:
            self._row_of = {case.id: row for row, case in enumerate(self._cases)}
        return self._row_of

    def regime_name(self, regime_id: str) -> str:
        return self._regime_names.get(regime_id, regime_id)

    def accepts(self, row: int, search: str, regime: str, stage: str, rag: str) -> bool:
        """Whether `row` passes the dashboard's filters (empty strings let everything by).

        `search` must already be case-folded; it matches the name or the reference.
        """
        if search:
            if self._search_keys is None:
                self._search_keys = [_search_key(case) for case in self._cases]
            if search not in self._search_keys[row]:
                return False
        if regime and self._cases[row].regime != regime:
            return False
        if stage or rag:
            summary = self.summary_at(row)
            if stage and summary.stage != stage:
                return False
            if rag and summary.rag != rag:
                return False
        return True

    def accepted_rows(self, search: str, regime: str, stage: str, rag: str) -> list[bool]:
        """`accepts` for every row, in row order, in one pass."""
        return [self.accepts(row, search, regime, stage, rag) for row in range(len(self._cases))]

    def _strings(self, row: int) -> tuple[str, str, str, str, str]:
        cached = self._display[row]
        if cached is None:
            summary = self.summary_at(row)
            upcoming = summary.next_deadline
            if upcoming is not None and upcoming.date is not None:
                next_text = f"{format_date_short(upcoming.date)} · {deadline_label(upcoming)}"
                left = days_text(upcoming.days_left)
            else:
                next_text = left = "—"
            cached = self._display[row] = (
                summary.name,
                self.regime_name(summary.regime),
                summary.stage_label,
                next_text,
                left,
            )
        return cached

    def _sort_key(self, row: int, column: int) -> Any:
        """Ordering for `column`: names alphabetically, deadlines soonest first (none last)."""
        case = self._cases[row]
        name = case.name.casefold()
        if column == self.CASE:
            return (name, case.id)
        if column == self.REGIME:
            return (self.regime_name(case.regime).casefold(), name)
        if column == self.RAISED:  # the smallest share first; cases without money last
            funds = self._funds.get(case.id)
            share = funds.share if funds is not None else None
            return (share is None, share or 0.0, name)
        summary = self.summary_at(row)
        if column == self.STAGE:
            return (summary.stage_label.casefold(), name)
        upcoming = summary.next_deadline
        date = upcoming.date if upcoming is not None else None
        return (date is None, date or dt.date.max, name)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in one Python call (a proxy's sort would call `data()` n·log n times).

        Selections and other persistent indexes follow their rows.
        """
        if not 0 <= column < len(self.HEADERS):
            return
        self._sorted = (column, order)
        if not self._cases:
            return
        if column in self.DERIVED:
            self.ensure_all()
        keys = [self._sort_key(r, column) for r in range(len(self._cases))]
        descending = order == Qt.SortOrder.DescendingOrder
        self._reorder(sorted(range(len(keys)), key=keys.__getitem__, reverse=descending))

    def _reorder(self, new_order: list[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        new_row = {old: new for new, old in enumerate(new_order)}
        self._cases = [self._cases[old] for old in new_order]
        self._summaries = [self._summaries[old] for old in new_order]
        self._display = [self._display[old] for old in new_order]
        if self._search_keys is not None:
            self._search_keys = [self._search_keys[old] for old in new_order]
        self._row_of = None
        before = self.persistentIndexList()
        after = [self.index(new_row[index.row()], index.column()) for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # Painting asks for about eight roles per cell. `multiData` answers them in one call
    # (the proxy below passes it on), and `index` skips QAbstractTableModel's check, which
    # would call rowCount() and columnCount() back in Python for every cell: together the
    # difference between a frame inside 16 ms and one well over it with 5,000 cases.

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._cases) and 0 <= column < self.COLUMNS):
            return QModelIndex()
        return self.createIndex(row, column)

    def multiData(self, index: AnyIndex, roleDataSpan: Any) -> None:
        if index.isValid():
            self.fill_roles(index.row(), index.column(), roleDataSpan)

    def fill_roles(self, row: int, column: int, span: Any) -> None:
        """Answer every role asked for in a QModelRoleDataSpan for one cell."""
        for i in range(len(span)):
            item = span[i]
            value = self.value(row, column, item.role())
            if value is None:
                item.clearData()  # views reuse the span: never leave the last cell's value
            else:
                item.setData(value)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        return self.value(index.row(), index.column(), role)

    def value(self, row: int, column: int, role: int) -> Any:
        """What `data()` returns for the cell at (row, column)."""
        if column == self.RAISED:
            return self._raised_value(row, role)
        if role == _DISPLAY:
            if column == self.CASE:
                return self._cases[row].name
            if column == self.REGIME:
                return self.regime_name(self._cases[row].regime)
            return self._strings(row)[column]
        if role == ID_ROLE:
            return self._cases[row].id
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if column == self.DAYS:
            summary = self.summary_at(row)
            if summary.next_deadline is None:
                if role in (_TOOLTIP, _ACCESSIBLE):
                    return "No open deadline"
                return None
            if role == _DECORATION:
                return _RagIcons.get(summary.rag)
            if role in (_TOOLTIP, _ACCESSIBLE):
                return f"{RAG_WORDS.get(summary.rag, summary.rag)}: {self._strings(row)[4]}"
        elif role == _TOOLTIP:
            case = self._cases[row]
            if column == self.CASE:
                return f"{case.name} (ref. {case.reference})" if case.reference else case.name
            if column == self.REGIME:
                return self.regime_name(case.regime)
            return self._strings(row)[column]  # the whole text where a column elides it
        return None

    def _raised_value(self, row: int, role: int) -> Any:
        if role == ID_ROLE:
            return self._cases[row].id
        if role == SORT_ROLE:
            return self._sort_key(row, self.RAISED)
        funds = self._funds.get(self._cases[row].id)
        if role == _DISPLAY:
            return funds.text() if funds is not None else "—"
        if role in (_TOOLTIP, _ACCESSIBLE):
            return funds.sentence() if funds is not None else "No money entered yet"
        return None


def _search_key(case: CaseLike) -> str:
    return f"{case.name}\n{case.reference or ''}".casefold()
