"""Edit → Your name…: the name the audit trail records for this person's changes.

Kept in QSettings and handed to the core (changes.set_current_user), so every service
call, on the UI thread or a worker, records it. Empty means the default: CATTOOL_USER if
set, else the operating-system login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.errors import InputError
from cattool.core.who import (
    USER_NAME_LIMIT,
    clean_user_name,
    current_user,
    default_user,
    set_current_user,
)
from cattool.ui import settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu


def apply_saved_user_name() -> str:
    """Give the core the saved name (or the default if none, or if it is unusable)."""
    try:
        set_current_user(settings.user_name() or None)
    except InputError:
        set_current_user(None)
    return current_user()


def save_user_name(name: str) -> str:
    """Validate, keep and apply `name` ('' resets to the default); returns who is recorded.
    Bad input raises InputError and changes nothing."""
    cleaned = clean_user_name(name) if name.strip() else ""
    settings.remember_user_name(cleaned)
    set_current_user(cleaned or None)
    return current_user()


class YourNameDialog(QDialog):
    """One field: the name changes are recorded under, with the default said."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your name")
        self.default = default_user()  # what is recorded with no name given
        self.name_edit = QLineEdit(settings.user_name())
        self.name_edit.setMaxLength(USER_NAME_LIMIT)
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setPlaceholderText(self.default)
        explain = QLabel(
            "The case history records this name against every change you make, and the "
            "deadline-control log shows it against changes to deadline dates. Leave it empty "
            f"to use your login name, {self.default}."
        )
        explain.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setAccessibleName("Problem with the name")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.reset_button = QPushButton("Use my &login name")
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_button.clicked.connect(self.name_edit.clear)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        try:
            save_user_name(self.name_edit.text())
        except InputError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


def add_user_name_action(parent: QWidget, menu: QMenu) -> QAction:
    """Edit → Your name…, and the saved name handed to the core now."""
    apply_saved_user_name()
    action = QAction("Your &name…", parent)
    action.setToolTip("The name the case history records against your changes.")
    action.triggered.connect(lambda: YourNameDialog(parent).exec())
    menu.addSeparator()
    menu.addAction(action)
    return action
