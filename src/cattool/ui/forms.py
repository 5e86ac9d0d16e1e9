"""Small shared pieces for the case pages: checked inputs, a table of records with
Add/Edit/Remove, a record dialog that stays open until its input is accepted, and a set of
form fields that knows what the user has changed."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cattool.core.errors import InputError
from cattool.ui.models import AnyIndex

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole
GOOD, BAD, MUTED = "#1b5e20", "#b00020", "#5f6368"

# The shape of a UK postcode (outward code, space, inward code); GIR 0AA is Girobank's.
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")


def clean_postcode(text: str) -> str:
    """'l5 7qq' -> 'L5 7QQ'; an empty postcode stays empty; a wrong shape is refused."""
    compact = "".join(text.split()).upper()
    if not compact:
        return ""
    if not _POSTCODE.match(compact):
        raise InputError(
            f"{text.strip()!r} does not look like a UK postcode. "
            "A postcode looks like 'L5 7QQ' or 'SW1A 1AA'."
        )
    return f"{compact[:-3]} {compact[-3:]}"


def parse_count(text: str, what: str) -> int | None:
    """A count typed by a person: '1,200' is 1200, empty is None, anything else refused."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise InputError(
            f"{what}: type a whole number of 0 or more, like 640 (not {text.strip()!r})."
        )
    return int(cleaned)


def percent(part: int | None, whole: int | None) -> int | None:
    """A whole percentage rounded half up, or None when it cannot be worked out."""
    if part is None or not whole:
        return None
    return int(100 * part / whole + 0.5)


def labelled(widget: QWidget, name: str, tip: str = "") -> QWidget:
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
        widget.setAccessibleDescription(tip)
    return widget


def note_label(text: str = "", colour: str = MUTED) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def confirm(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def scrolled(page: QWidget, body: QWidget) -> None:
    """Fill `page` with `body` in a frameless scroll area, so a long form fits a small screen."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)


# ---------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    tip: str = ""
    sort: Callable[[Any], str | int | float] | None = None  # plain values Qt can compare
    right: bool = False
    colour: Callable[[Any], str | None] | None = None


def number_column(header: str, value: Callable[[Any], int | None], tip: str, unit: str = ""):  # type: ignore[no-untyped-def]
    """A right-aligned count or percentage; a missing figure is blank and sorts first."""
    return Column(
        header,
        lambda r: "" if (v := value(r)) is None else f"{v:,}{unit}",
        tip,
        sort=lambda r: -1 if (v := value(r)) is None else v,
        right=True,
    )


class RecordTableModel(QAbstractTableModel):
    """Rows of plain records (read once, detached from the database) shown by columns."""

    def __init__(self, columns: Sequence[Column], key: Callable[[Any], Hashable], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole and column.tip:
            return column.tip
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record, column = self._rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = column.text(record)
            return f"{column.header}: {text}" if text else None
        if role == SORT_ROLE:
            value = column.sort(record) if column.sort else column.text(record).casefold()
            return value
        if role == KEY_ROLE:
            return self._key(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour:
            colour = column.colour(record)
            return QColor(colour) if colour else None
        return None


class RecordList(QWidget):
    """A sortable table of records with Add, Edit and Remove (Enter edits, Delete removes)."""

    addRequested = Signal()
    editRequested = Signal(object)  # the selected record
    removeRequested = Signal(object)

    def __init__(
        self,
        what: str,
        columns: Sequence[Column],
        key: Callable[[Any], Hashable],
        parent: QWidget | None = None,
        *,
        sort_column: int = -1,
    ) -> None:
        """`sort_column` -1 keeps the order the rows are given in until a header is clicked."""
        super().__init__(parent)
        self.what = what
        #: Columns whose cell does something of its own when activated (e.g. send an email).
        self.link_columns: dict[int, Callable[[Any], None]] = {}
        self.model = RecordTableModel(columns, key, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        labelled(self.view, f"{what.capitalize()} list", "Enter edits the selected row.")
        self.view.activated.connect(self._activated)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.installEventFilter(self)  # Delete (or Backspace on a Mac) removes

        self.add_button = QPushButton(f"&Add {what}…")
        self.edit_button = QPushButton("&Edit…")
        self.remove_button = QPushButton("&Remove")
        labelled(self.add_button, f"Add {what}", f"Add a {what}.")
        labelled(self.edit_button, f"Edit {what}", f"Change the selected {what} (or press Enter).")
        labelled(
            self.remove_button, f"Remove {what}", f"Remove the selected {what} (or press Delete)."
        )
        self.add_button.clicked.connect(self.addRequested)
        self.edit_button.clicked.connect(self._edit)
        self.remove_button.clicked.connect(self._remove)
        self.buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.buttons)
        self._update_buttons()

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace the rows, keeping the selected record selected when it is still there."""
        chosen = self.selected()
        key = self.model._key(chosen) if chosen is not None else None
        self.model.set_rows(rows)
        if key is not None:
            self.select_key(key)
        for column in range(self.model.columnCount() - 1):
            self.view.resizeColumnToContents(column)
            width = self.view.columnWidth(column)
            self.view.setColumnWidth(column, min(max(width + 8, 60), 300))
        self._update_buttons()

    def select_key(self, key: Hashable) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(KEY_ROLE) == key:
                self.view.selectRow(row)
                self.view.setCurrentIndex(index)
                return True
        return False

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and _is_remove_key(event):
            self._remove()
            return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        action = self.link_columns.get(index.column())
        record = self.selected()
        if action is not None and record is not None:
            action(record)
        else:
            self._edit()

    def _edit(self) -> None:
        record = self.selected()
        if record is not None:
            self.editRequested.emit(record)

    def _remove(self) -> None:
        record = self.selected()
        if record is not None:
            self.removeRequested.emit(record)

    def _update_buttons(self, *_args: Any) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)


def _is_remove_key(event: QEvent) -> bool:
    """Delete, or Backspace (a Mac keyboard's delete key)."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return False
    return event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace


# ---------------------------------------------------------------------------- dialogs


class RecordDialog(QDialog):
    """A form in a dialog. Save calls `submit()`; the dialog closes only when it succeeds,
    so a refused entry stays on screen to be corrected."""

    def __init__(self, parent: QWidget, title: str, submit: Callable[[], bool]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._submit = submit
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def accept(self) -> None:
        if self._submit():
            super().accept()


# ---------------------------------------------------------------------------- field sets


class SaveBar(QHBoxLayout):
    """Save and Discard for a form saved as one undoable step, and a note of its state."""

    def __init__(self, what: str, save: Callable[[], Any], discard: Callable[[], Any]) -> None:
        super().__init__()
        self.save_button = labelled(
            QPushButton(f"&Save {what} details"),
            f"Save {what} details",
            f"Save the changes to the {what} (you can undo this).",
        )
        self.save_button.setDefault(True)
        self.discard_button = labelled(
            QPushButton("D&iscard changes"),
            "Discard changes",
            "Put the form back as it was last saved.",
        )
        self.save_button.clicked.connect(save)
        self.discard_button.clicked.connect(discard)
        self.state = note_label()
        self.addWidget(self.save_button)
        self.addWidget(self.discard_button)
        self.addWidget(self.state, 1)

    def show_state(self, changed: bool, can_save: bool, nothing_saved: str | None) -> None:
        """`nothing_saved` is the note while no record exists yet (None: there is one)."""
        self.save_button.setEnabled(changed and can_save)
        self.discard_button.setEnabled(changed)
        if changed:
            self.state.setText("Unsaved changes.")
        elif nothing_saved is not None:
            self.state.setText(nothing_saved)
        else:
            self.state.setText("All changes saved.")


def _value(widget: QWidget) -> Any:
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentText().strip() if widget.isEditable() else widget.currentData()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(type(widget).__name__)


def _set(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        if widget.isEditable():
            widget.setCurrentIndex(widget.findText(value or ""))
            widget.setEditText(value or "")
        else:
            found = widget.findData(value)
            widget.setCurrentIndex(max(found, 0))
    elif isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != (value or ""):
            widget.setPlainText(value or "")
    elif isinstance(widget, QLineEdit) and widget.text() != (value or ""):
        widget.setText(value or "")


class FieldSet(QObject):
    """Named form widgets with the stored values they started from: says what is changed,
    and a reload keeps the user's unsaved edits while taking in new stored values."""

    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self.stored: dict[str, Any] = {}

    def add(self, name: str, widget: QWidget) -> QWidget:
        self.widgets[name] = widget
        if isinstance(widget, QCheckBox):
            widget.toggled.connect(self.edited)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(self.edited)
        else:
            widget.textChanged.connect(self.edited)  # type: ignore[attr-defined]
        return widget

    def values(self) -> dict[str, Any]:
        return {name: _value(widget) for name, widget in self.widgets.items()}

    def changed(self) -> dict[str, Any]:
        return {k: v for k, v in self.values().items() if v != self.stored.get(k, _blank(v))}

    def labels(self) -> dict[str, str]:
        """What each field is called on screen (its accessible name), e.g. in a conflict."""
        return {name: w.accessibleName() or name for name, w in self.widgets.items()}

    def load(self, stored: dict[str, Any], *, keep_edits: bool = True) -> None:
        """Take in the stored values; with `keep_edits`, a field the user has changed
        keeps its unsaved text, every other field shows the stored value."""
        previous, now = self.stored, self.values()
        self.stored = {}
        for name, widget in self.widgets.items():
            value = stored.get(name)
            self.stored[name] = _blank(now[name]) if value is None else value
            untouched = now[name] == previous.get(name, _blank(now[name]))
            if untouched or not keep_edits:
                _set(widget, self.stored[name])
        self.edited.emit()

    def show_values(self, values: dict[str, Any]) -> None:
        """Put (cleaned) values into the widgets without changing what is stored."""
        for name, value in values.items():
            _set(self.widgets[name], value)

    def discard(self) -> None:
        for name, widget in self.widgets.items():
            _set(widget, self.stored.get(name))
        self.edited.emit()


def _blank(value: Any) -> Any:
    return False if isinstance(value, bool) else ""
