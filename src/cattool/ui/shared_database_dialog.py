"""File → Connect to shared database…: where a team's PostgreSQL server is, who you are
on it, how the connection is secured, and whether to connect read-only.

The password is used to connect and kept only if "Remember" is ticked, and then only in
the OS keyring (cattool.core.secrets), never in settings; the URL this dialog gives back
never holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432
#: libpq's sslmode values, the safest that works everywhere first.
TLS_MODES = (
    ("prefer", "Prefer TLS (use it when the server offers it)"),
    ("require", "Require TLS (encrypted; server not verified)"),
    ("verify-full", "Verify the server (TLS with certificate and host name checked)"),
    ("verify-ca", "Verify the certificate authority only"),
    ("disable", "No TLS (only on a trusted local network)"),
)
_NAME = re.compile(r"^[A-Za-z0-9_.$-]+$")
_HOST = re.compile(r"^[A-Za-z0-9_.:%\[\]-]+$")


@dataclass(frozen=True)
class SharedConnection:
    """What the dialog gives back: a URL without a password, and how to use it."""

    url: str
    password: str
    remember: bool
    read_only: bool


def connection_url(host: str, port: int, database: str, user: str, sslmode: str) -> str:
    """postgresql+psycopg://user@host:port/database?sslmode=… (never a password)."""
    from sqlalchemy.engine import URL

    url = URL.create(DRIVER, user, None, host, port, database, {"sslmode": sslmode})
    return url.render_as_string(hide_password=False)


def validation_errors(host: str, port: int, database: str, user: str) -> list[str]:
    """What is wrong with the connection details, in plain words (empty: all fine)."""
    errors = []
    if not host:
        errors.append("Give the server's host name or address.")
    elif not _HOST.match(host):
        errors.append(f"{host!r} is not a host name or address (no spaces or slashes).")
    if not 1 <= port <= 65535:
        errors.append("The port is a number from 1 to 65535 (PostgreSQL's usual is 5432).")
    if not database:
        errors.append("Give the name of the database on the server.")
    elif not _NAME.match(database):
        errors.append(f"{database!r} is not a database name (letters, digits, _ . - $).")
    if not user:
        errors.append("Give your user name on the server.")
    elif not _NAME.match(user):
        errors.append(f"{user!r} is not a user name (letters, digits, _ . - $).")
    return errors


class SharedDatabaseDialog(QDialog):
    """Host, port, database, user, password (remember?), TLS mode, read-only."""

    def __init__(self, parent: QWidget | None = None, initial: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to shared database")
        self.host = QLineEdit()
        self.host.setPlaceholderText("db.example.org")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setPlaceholderText("cattool")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("&Remember the password (in the system keyring)")
        self.tls = QComboBox()
        for mode, label in TLS_MODES:
            self.tls.addItem(label, mode)
        self.read_only = QCheckBox("Read-&only (look, but change nothing)")
        self.read_only.setToolTip(
            "For trustees and advisers: the server refuses every change on this connection."
        )
        self.error = QLabel()
        self.error.setObjectName("connectionError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        for label, widget in (
            ("&Host:", self.host),
            ("&Port:", self.port),
            ("&Database:", self.database),
            ("&User:", self.user),
            ("Pass&word:", self.password),
            ("", self.remember),
            ("&Security:", self.tls),
            ("", self.read_only),
        ):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", "").rstrip(":") or widget.text())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Connect")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if initial:
            self._fill(initial)
            from cattool.ui.settings import opened_read_only

            self.read_only.setChecked(opened_read_only(initial))  # as it was last opened
        for edit in (self.host, self.database, self.user):
            edit.textChanged.connect(self._check)
        self.port.valueChanged.connect(self._check)
        self._check()

    def _fill(self, url_text: str) -> None:
        """Start from a server connection used before (a URL without a password)."""
        from sqlalchemy.engine import make_url

        try:
            url = make_url(url_text)
        except Exception:  # a stale settings entry (ArgumentError): start empty
            return
        self.host.setText(url.host or "")
        self.port.setValue(url.port or DEFAULT_PORT)
        self.database.setText(url.database or "")
        self.user.setText(url.username or "")
        index = self.tls.findData(url.query.get("sslmode", "prefer"))
        self.tls.setCurrentIndex(max(index, 0))

    def errors(self) -> list[str]:
        return validation_errors(
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
        )

    def _check(self) -> None:
        errors = self.errors()
        started = any(e.text().strip() for e in (self.host, self.database, self.user))
        self.error.setText(errors[0] if errors and started else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not errors)

    def accept(self) -> None:
        errors = self.errors()
        if errors:  # Enter pressed with the button disabled: say what is missing
            self.error.setText(errors[0])
            return
        super().accept()

    def connection(self) -> SharedConnection:
        """The chosen connection (call after the dialog was accepted)."""
        url = connection_url(
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
            self.tls.currentData(),
        )
        return SharedConnection(
            url=url,
            password=self.password.text(),
            remember=self.remember.isChecked() and bool(self.password.text()),
            read_only=self.read_only.isChecked(),
        )
