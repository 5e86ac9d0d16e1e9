"""File → Connect to shared database…: the dialog's checks, the URL it gives back (never
with the password), and the window switching to the server or keeping its database."""

from __future__ import annotations

from typing import Any

import keyring
import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy.engine import make_url
from tests.conftest import ON_POSTGRES
from tests.ui.test_workspace import FAKES

from cattool.core.secrets import database_password, memory_keyring
from cattool.core.store import Store
from cattool.ui import settings
from cattool.ui.shared_database_dialog import SharedDatabaseDialog


@pytest.fixture
def dialog(qtbot) -> SharedDatabaseDialog:
    shown = SharedDatabaseDialog()
    qtbot.addWidget(shown)
    return shown


def _connect_button(dialog: SharedDatabaseDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _fill(dialog: SharedDatabaseDialog, host="db.example.org", port=5433, database="trust",
          user="alice") -> None:  # fmt: skip
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.database.setText(database)
    dialog.user.setText(user)


def test_nothing_to_connect_to_until_host_database_and_user_are_given(
    dialog: SharedDatabaseDialog,
) -> None:
    assert not _connect_button(dialog).isEnabled()
    assert dialog.error.text() == ""  # no scolding before anything is typed
    dialog.host.setText("db.example.org")
    assert dialog.error.text() == "Give the name of the database on the server."
    dialog.database.setText("trust")
    assert dialog.error.text() == "Give your user name on the server."
    assert not _connect_button(dialog).isEnabled()
    dialog.user.setText("alice")
    assert dialog.error.text() == ""
    assert _connect_button(dialog).isEnabled()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("host", "db example.org", "not a host name"),
        ("host", "db/x", "not a host name"),
        ("database", "trust; drop", "not a database name"),
        ("user", "alice smith", "not a user name"),
    ],
)
def test_bad_details_are_explained_and_block_connecting(
    dialog: SharedDatabaseDialog, field: str, value: str, message: str
) -> None:
    _fill(dialog)
    getattr(dialog, field).setText(value)
    assert message in dialog.error.text()
    assert not _connect_button(dialog).isEnabled()
    dialog.accept()  # Enter pressed anyway: still refused, still open
    assert dialog.result() != SharedDatabaseDialog.DialogCode.Accepted
    assert message in dialog.error.text()


def test_the_connection_url_never_holds_the_password(dialog: SharedDatabaseDialog) -> None:
    _fill(dialog)
    dialog.password.setText("s3cret")
    dialog.tls.setCurrentIndex(dialog.tls.findData("verify-full"))
    chosen = dialog.connection()
    assert chosen.url == "postgresql+psycopg://alice@db.example.org:5433/trust?sslmode=verify-full"
    assert "s3cret" not in chosen.url
    assert chosen.password == "s3cret"
    assert not chosen.remember and not chosen.read_only
    dialog.remember.setChecked(True)
    dialog.read_only.setChecked(True)
    assert dialog.connection().remember and dialog.connection().read_only
    dialog.password.clear()
    assert not dialog.connection().remember  # nothing to remember


def test_the_last_server_fills_the_form(qtbot) -> None:
    dialog = SharedDatabaseDialog(
        None, "postgresql+psycopg://bob@server.local:6543/cases?sslmode=require"
    )
    qtbot.addWidget(dialog)
    assert (dialog.host.text(), dialog.port.value()) == ("server.local", 6543)
    assert (dialog.database.text(), dialog.user.text()) == ("cases", "bob")
    assert dialog.tls.currentData() == "require"
    assert dialog.password.text() == ""
    assert _connect_button(dialog).isEnabled()


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch):
    """answer(fill): the dialog, when shown, is filled by `fill` and accepted."""

    def install(fill) -> None:  # type: ignore[no-untyped-def]
        def exec_(self: SharedDatabaseDialog) -> int:
            fill(self)
            return SharedDatabaseDialog.DialogCode.Accepted

        monkeypatch.setattr(SharedDatabaseDialog, "exec", exec_)

    return install


@pytest.fixture
def memory() -> Any:
    previous = keyring.get_keyring()
    backend = memory_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_an_unreachable_server_keeps_the_current_database(
    qtbot, ui_store: Store, open_window, answer, memory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warnings.append(text))
    window = open_window(ui_store, page_classes=FAKES)
    title = window.windowTitle()

    def fill(dialog: SharedDatabaseDialog) -> None:
        _fill(dialog, host="127.0.0.1", port=1)
        dialog.password.setText("s3cret")
        dialog.remember.setChecked(True)

    answer(fill)
    window.connect_action.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=20_000)
    assert "Cannot connect to postgresql+psycopg://alice@127.0.0.1:1/trust" in warnings[0]
    assert "s3cret" not in warnings[0]
    qtbot.waitUntil(window.connect_action.isEnabled)
    assert window.windowTitle() == title
    assert memory.values == {}  # a password that did not work is not remembered
    assert not any("127.0.0.1:1" in r for r in settings.recent_databases())


@pytest.mark.skipif(not ON_POSTGRES, reason="needs CATTOOL_TEST_POSTGRES_URL")
def test_connecting_to_the_shared_database_switches_and_remembers_safely(
    qtbot, ui_store: Store, new_database, open_window, make_case, answer, memory: Any
) -> None:
    server = make_url(str(new_database("shared")))
    from cattool.core.store import open_store

    shared = open_store(server.render_as_string(hide_password=False))
    make_case(shared, "The Crown", "england-2011")
    shared.close()
    window = open_window(ui_store, page_classes=FAKES)

    def fill(dialog: SharedDatabaseDialog) -> None:
        _fill(dialog, host=server.host, port=server.port, database=server.database,
              user=server.username)  # fmt: skip
        dialog.password.setText("typed")  # the test server trusts loopback: any will do
        dialog.remember.setChecked(True)
        dialog.read_only.setChecked(True)

    answer(fill)
    with qtbot.waitSignal(window.databaseOpened, timeout=20_000):
        window.connect_action.trigger()
    qtbot.waitUntil(window.dashboard.is_loaded)
    name = f"{server.database} on 127.0.0.1 (read-only)"
    assert window.windowTitle() == f"cattool — {name}"
    assert window.database_label.text() == f"Database: {name}"
    assert window.cases_loaded() == 1
    remembered = settings.recent_databases()[0]
    assert remembered.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    assert "typed" not in remembered
    assert database_password(make_url(remembered)) == "typed"
