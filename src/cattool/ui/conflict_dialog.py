"""The conflict dialog: someone else saved the record while you were editing it.

Each field shows their value (now in the database: who changed it and when) and yours,
and the user keeps theirs or uses theirs per field, or all at once ("Keep theirs",
"Use mine"). The choice is saved as one undoable step against the version now stored;
Cancel saves nothing (the page then shows their values). Nothing is overwritten without
being seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.conflicts import ConflictError, choose
from cattool.ui.commands import EditFieldsCommand, push
from cattool.ui.context import WorkspaceContext


def shown(value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return f"{value:%d %b %Y}"
    if isinstance(value, Decimal):
        return f"{value:,}"
    text = " ".join(str(value).split())
    return text if len(text) <= 120 else text[:117] + "…"


def field_label(name: str) -> str:
    return name.replace("_", " ").capitalize()


class ConflictDialog(QDialog):
    """Their value and yours for each field; `mine()` is the set of fields the user keeps
    their own value for."""

    def __init__(
        self,
        parent: QWidget | None,
        conflict: ConflictError,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setWindowTitle("Someone else changed this")
        self.setAccessibleName("Conflict: someone else changed this record")
        layout = QVBoxLayout(self)
        intro = QLabel(str(conflict))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        for column, title in enumerate(("Field", "Their value", "Your value")):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, 0, column)
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        for row, field in enumerate(conflict.fields, start=1):
            label = (labels or {}).get(field.name, field_label(field.name))
            grid.addWidget(QLabel(label), row, 0)
            by = f" ({field.who}, {field.when:%d %b %Y %H:%M})" if field.who and field.when else ""
            theirs = QRadioButton(shown(field.theirs) + by)
            theirs.setAccessibleName(f"{label}: keep their value")
            mine = QRadioButton(shown(field.yours))
            mine.setAccessibleName(f"{label}: use my value")
            if not field.they_changed:
                theirs.setToolTip("They did not change this field: it is as you first saw it.")
            group = QButtonGroup(self)
            group.addButton(theirs)
            group.addButton(mine)
            (mine if not field.they_changed else theirs).setChecked(True)
            grid.addWidget(theirs, row, 1)
            grid.addWidget(mine, row, 2)
            self.choices[field.name] = (theirs, mine)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)

        buttons = QDialogButtonBox()
        self.keep_theirs = self._button(buttons, "&Keep theirs", "Keep all their values")
        self.use_mine = self._button(buttons, "&Use mine", "Save all your values over theirs")
        self.save_choice = self._button(buttons, "&Save my choice", "Save the values chosen")
        self.save_choice.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.keep_theirs.clicked.connect(lambda: self._all(mine=False))
        self.use_mine.clicked.connect(lambda: self._all(mine=True))
        self.save_choice.clicked.connect(self.accept)
        layout.addWidget(buttons, alignment=Qt.AlignmentFlag.AlignRight)

    def _button(self, box: QDialogButtonBox, text: str, tip: str) -> QPushButton:
        widget = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        widget.setToolTip(tip)
        widget.setAccessibleName(text.replace("&", ""))
        return widget

    def _all(self, *, mine: bool) -> None:
        for theirs_button, mine_button in self.choices.values():
            (mine_button if mine else theirs_button).setChecked(True)
        self.accept()

    def mine(self) -> set[str]:
        return {name for name, (_, mine) in self.choices.items() if mine.isChecked()}

    def values_to_save(self) -> dict[str, Any]:
        """The user's own values they chose that differ from what is stored now."""
        return choose(self.conflict, self.mine())


def settle_conflict(
    parent: QWidget | None,
    ctx: WorkspaceContext,
    conflict: ConflictError,
    failure_title: str,
    text: str = "",
    labels: Mapping[str, str] | None = None,
) -> bool:
    """Show a conflict: the dialog when there are values to choose between (True once the
    user has chosen), else (a delete, a record gone, a payment) a plain message."""
    if conflict.yours and not (conflict.deleting or conflict.gone):
        text = text or f"Edit {conflict.entity.replace('_', ' ')}"
        return resolve_conflict(parent, ctx, conflict, text, labels)
    QMessageBox.warning(parent, failure_title, str(conflict))
    return False


def resolve_conflict(
    parent: QWidget | None,
    ctx: WorkspaceContext,
    conflict: ConflictError,
    text: str,
    labels: Mapping[str, str] | None = None,
) -> bool:
    """Ask the user; save their choice as one undoable step. False when they cancel. A
    further change by someone else while the dialog was open is asked about again."""
    while True:
        if conflict.gone:
            return False
        dialog = ConflictDialog(parent, conflict, labels)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        values = dialog.values_to_save()
        if not values:
            return True  # all theirs: nothing to save
        try:
            push(
                ctx,
                EditFieldsCommand(
                    ctx, conflict.entity, conflict.record_id, values, text,
                    expected_version=conflict.current_version,
                    base={f.name: f.theirs for f in conflict.fields},
                ),
            )  # fmt: skip
            return True
        except ConflictError as again:
            conflict = again
