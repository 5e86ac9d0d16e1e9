"""The dashboard's case filters (search, regime, stage, state) as a proxy model.

Apart from the case list model because filtering is its own concern: the proxy reads the
model's rows directly and hands sorting back to it, so neither is slow with many cases.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy

from cattool.core.rules.stage import STAGES
from cattool.ui.case_list_model import CaseTableModel
from cattool.ui.models import RAG_WORDS, AnyIndex, rag_icon
from cattool.ui.view_helpers import plural, select_row


class CaseFilterProxy(QSortFilterProxyModel):
    """The dashboard's filters: search text (name or reference), regime, stage, state.

    Sorting is passed to CaseTableModel, which does it quickly; filtering reads the
    model's rows directly rather than through `data()`.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._regime = ""
        self._stage = ""
        self._rag = ""
        self._model: CaseTableModel | None = None
        # Not re-filtered on every source change: a whole-column change (the funds raised,
        # read after every load) made the proxy call filterAcceptsRow 5,000 times, each a
        # wait for the interpreter while a worker computes: 50-150 ms stalls. A changed
        # row is re-filtered below, and only while a filter is on.
        self.setDynamicSortFilter(False)
        self._refilter_pending = False
        #: Each source row's verdict under the current filters, worked out in one pass
        #: when first asked for (None: not yet, or the rows have changed since): the
        #: proxy's 5,000 filterAcceptsRow calls then each only look one up.
        self._accepted: list[bool] | None = None

    def set_filters(
        self,
        *,
        search: str | None = None,
        regime: str | None = None,
        stage: str | None = None,
        rag: str | None = None,
    ) -> None:
        """Change some filters (None leaves one as it is; "" switches it off)."""
        new = (
            self._search if search is None else search.strip().casefold(),
            self._regime if regime is None else regime,
            self._stage if stage is None else stage,
            self._rag if rag is None else rag,
        )
        if new == (self._search, self._regime, self._stage, self._rag):
            return
        model = self.sourceModel()
        if (new[2] or new[3]) and isinstance(model, CaseTableModel):
            model.ensure_all()  # in one go, not row by row inside the filter
        self.beginFilterChange()
        self._search, self._regime, self._stage, self._rag = new
        self._accepted = None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setFilterFixedString(self, pattern: str) -> None:  # type: ignore[override]
        """The search text (kept for callers of the plain proxy API)."""
        self.set_filters(search=pattern)

    def filters(self) -> dict[str, str]:
        return {"search": self._search, "regime": self._regime, "stage": self._stage,
                "rag": self._rag}  # fmt: skip

    def is_filtered(self) -> bool:
        return any((self._search, self._regime, self._stage, self._rag))

    def setSourceModel(self, model: Any) -> None:
        if self._model is not None:
            self._model.dataChanged.disconnect(self._rows_changed)
            for signal in self._structure_signals(self._model):
                signal.disconnect(self._forget_verdicts)
        super().setSourceModel(model)
        self._model = model if isinstance(model, CaseTableModel) else None
        self._accepted = None
        if self._model is not None:
            self._model.dataChanged.connect(self._rows_changed)
            for signal in self._structure_signals(self._model):
                signal.connect(self._forget_verdicts)

    @staticmethod
    def _structure_signals(model: CaseTableModel) -> tuple[Any, ...]:
        """What the model emits before its rows move, come or go (before the proxy asks
        filterAcceptsRow about the new rows, so no stale verdict is used)."""
        return (model.modelAboutToBeReset, model.layoutAboutToBeChanged,
                model.rowsAboutToBeInserted, model.rowsAboutToBeRemoved)  # fmt: skip

    def _forget_verdicts(self, *_args: object) -> None:
        self._accepted = None

    def _rows_changed(self, top_left: AnyIndex, bottom_right: AnyIndex, *_roles: object) -> None:
        """Cases changed (an edit): filter again if a filter is on (once for a batch,
        `refilter_now` or the next turn). The funds column filters nothing."""
        raised = CaseTableModel.RAISED
        if not self.is_filtered() or top_left.column() == bottom_right.column() == raised:
            return
        self._accepted = None  # a changed case may pass the filters now, or not
        if not self._refilter_pending:
            self._refilter_pending = True
            QTimer.singleShot(0, self, self.refilter_now)

    def refilter_now(self) -> None:
        """Apply the filters to changed cases at once (after an edit, before the counts)."""
        if self._refilter_pending:
            self._refilter_pending = False
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def multiData(self, index: AnyIndex, roleDataSpan: Any) -> None:
        """All roles of a cell in one call (QSortFilterProxyModel would ask one by one)."""
        if self._model is None:
            super().multiData(index, roleDataSpan)
        elif index.isValid():
            source = self.mapToSource(index)
            self._model.fill_roles(source.row(), source.column(), roleDataSpan)

    def filterAcceptsRow(self, source_row: int, _source_parent: AnyIndex) -> bool:
        if not (self._search or self._regime or self._stage or self._rag):
            return True
        accepted = self._accepted
        if accepted is None:
            model = self._model
            assert model is not None, "the dashboard's filters need a CaseTableModel"
            filters = (self._search, self._regime, self._stage, self._rag)
            accepted = self._accepted = model.accepted_rows(*filters)
        return accepted[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if column >= 0 and source is not None:
            source.sort(column, order)


class DashboardFilters:
    """The dashboard's filter row (search, stage, regime, state) and what it does: part
    of `Dashboard`, kept here beside the proxy it drives."""

    _filtering = False  # inside a filter change: the counts are updated once, after it

    def _build_filters(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText("Search cases by name or reference…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.search.setToolTip("Type part of a case's name or reference (Ctrl+F)")
        self.search.textChanged.connect(lambda text: self._filter(search=text))
        self.search.returnPressed.connect(self._focus_table)
        self.search.installEventFilter(self)

        self.stage_filter = self._combo("stageFilter", "Filter by stage", "All stages")
        for key, label in STAGES.items():
            self.stage_filter.addItem(label, key)
        self.stage_filter.currentIndexChanged.connect(
            lambda _i: self._filter(stage=self.stage_filter.currentData() or "")
        )
        self.regime_filter = self._combo("regimeFilter", "Filter by regime", "All regimes")
        self.regime_filter.currentIndexChanged.connect(
            lambda _i: self._filter(regime=self.regime_filter.currentData() or "")
        )
        self.state_filter = self._combo("stateFilter", "Filter by state", "Any state")
        for rag in ("red", "amber", "green"):
            self.state_filter.addItem(rag_icon(rag), rag.capitalize(), rag)
            self.state_filter.setItemData(
                self.state_filter.count() - 1, RAG_WORDS[rag], Qt.ItemDataRole.ToolTipRole
            )
        self.state_filter.currentIndexChanged.connect(
            lambda _i: self._filter(rag=self.state_filter.currentData() or "")
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")
        self.count_label.setAccessibleName("Cases shown")

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("x" * 18))
        filters.addWidget(self.search, 4)
        filters.addWidget(self.stage_filter, 2)
        filters.addWidget(self.regime_filter, 1)
        filters.addWidget(self.state_filter, 2)
        filters.addSpacing(8)
        filters.addWidget(self.count_label)
        return filters

    def _combo(self, name: str, accessible: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        combo.addItem(everything, "")
        # Narrow enough for a small laptop; the list that drops down shows whole names.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(9)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        return combo

    def _refresh_regime_filter(self) -> None:
        chosen = self.regime_filter.currentData() or ""
        names = self.loader.regime_full_names
        self.regime_filter.blockSignals(True)
        self.regime_filter.clear()
        self.regime_filter.addItem("All regimes", "")
        for regime_id in sorted(names, key=lambda r: names[r]):
            short = self.loader.regime_names.get(regime_id, regime_id)
            self.regime_filter.addItem(short, regime_id)
            self.regime_filter.setItemData(
                self.regime_filter.count() - 1, names[regime_id], Qt.ItemDataRole.ToolTipRole
            )
        self.regime_filter.setCurrentIndex(max(0, self.regime_filter.findData(chosen)))
        self.regime_filter.blockSignals(False)
        if (self.regime_filter.currentData() or "") != chosen:
            self._filter(regime="")

    def _filter(self, **changes: str) -> None:
        # One count update for the whole change: the proxy reports every range of rows
        # it hides or shows (thousands for a stage filter), each a status-bar update.
        self._filtering = True
        try:
            self.case_proxy.set_filters(**changes)
        finally:
            self._filtering = False
        self._on_rows_changed()
        if self.case_proxy.rowCount():
            current = self.case_view.currentIndex()
            if not current.isValid():
                select_row(self.case_view, self.case_proxy.index(0, 0))
            else:
                self.case_view.scrollTo(current)

    def set_filters(
        self, *, search: str | None = None, stage: str | None = None,
        regime: str | None = None, state: str | None = None,
    ) -> None:  # fmt: skip
        """Set filters as a user would (the widgets change; None leaves one alone)."""
        if search is not None:
            self.search.setText(search)
        for combo, value in (
            (self.stage_filter, stage),
            (self.regime_filter, regime),
            (self.state_filter, state),
        ):
            if value is not None:
                found = combo.findData(value)
                if found < 0:
                    raise ValueError(f"no filter choice {value!r} in {combo.objectName()}")
                combo.setCurrentIndex(found)

    def clear_filters(self) -> None:
        self.set_filters(search="", stage="", regime="", state="")
        self._focus_table()

    def _on_proxy_rows(self, *_args: object) -> None:
        """Rows shown or hidden: the counts follow, once per filter change."""
        if not self._filtering:
            self._on_rows_changed()

    def _on_rows_changed(self, *_args: object) -> None:
        total, shown = self.case_model.rowCount(), self.case_proxy.rowCount()
        if self.case_proxy.is_filtered():
            self.count_label.setText(f"{shown:,} of {plural(total, 'case')}")
        else:
            self.count_label.setText(plural(total, "case"))
        self.table_stack.setCurrentWidget(self.no_match if total and not shown else self.case_view)
        self.countsChanged.emit()
