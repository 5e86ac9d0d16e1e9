"""What the conflict tests share: a colleague's own Store on the test's database, their
edits, the stored values, and an auto-answer for the (modal) conflict dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton
from tests.ui.conftest import TODAY

from cattool.core import editing, services
from cattool.core.store import Store, open_store
from cattool.ui.conflict_dialog import ConflictDialog


@pytest.fixture
def bea_store(ui_store: Store) -> Iterator[Store]:
    """A colleague: their own Store (own connections) on the same database."""
    store = open_store(ui_store.url.render_as_string(hide_password=False))
    yield store
    store.close()


@pytest.fixture
def case_id(ui_store: Store) -> int:
    """The Red Lion, an empty case on the test's database."""
    with ui_store.transaction() as s:
        case = services.create_case(s, "The Red Lion", "england-2011").created_id
        assert case is not None
        return case


def bea_edits(store: Store, entity: str, record_id: int, **fields: Any) -> None:
    """The colleague saves some fields (the record's version moves on)."""
    with store.transaction() as s:
        editing.update_fields(s, entity, record_id, fields, today=TODAY)


def stored(store: Store, entity: str, record_id: int, name: str) -> Any:
    with store.session() as s:
        return editing.record_fields(s, entity, record_id)[name]


def when_dialog(act: Callable[[ConflictDialog], None], seen: list[str]) -> None:
    """Answer the conflict dialog when it opens (a record dialog may be open under it),
    noting what it shows in `seen`."""
    tries = [200]

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            tries[0] -= 1
            if tries[0]:
                QTimer.singleShot(10, answer)
            return
        seen.extend(w.text() for w in dialog.findChildren(QLabel))
        seen.extend(w.text() for w in dialog.findChildren(QRadioButton))
        act(dialog)

    QTimer.singleShot(0, answer)
