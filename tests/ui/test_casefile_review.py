"""File → Open case file…: a case file reviewed read-only in the normal workspace, under
a banner saying what the check found; closing goes back to the previous database and
deletes the temporary one. Tampered files are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton
from sqlalchemy.exc import OperationalError
from tests.ui.test_casefile_export_import import (  # noqa: F401 - fixtures
    export_through_dialog,
    group_case,
    in_memory_keyring,
    shown,
)

from cattool.core import queries, services
from cattool.core.casefile import trust
from cattool.core.errors import InputError
from cattool.ui.casefile_keys import organisation_keys
from cattool.ui.casefile_review import READ_ONLY_REASON, TITLE_SUFFIX


@pytest.fixture
def case_file(open_window, ui_store, group_case, tmp_path, monkeypatch, shown) -> Path:  # noqa: F811
    """A signed, unredacted case file of the Red Lion, made through File → Export."""
    window = open_window(ui_store)
    window.select_case(group_case)
    target = tmp_path / "red-lion.cattool"
    export_through_dialog(window, monkeypatch, target, redact=False)
    window.close()
    return target


@pytest.fixture
def own_window(open_window, tmp_path):
    """The adviser's own window, on a database of their own with one case."""
    from tests.ui.conftest import add_case

    from cattool.core.store import open_store

    store = open_store(str(tmp_path / "adviser.sqlite"))
    add_case(store, "Ashby Village Hall", "england-2011")
    window = open_window(store)
    yield window
    store.close()


def open_review(qtbot, window, path: Path) -> None:
    task = window.open_case_file(path)
    assert task is not None
    assert task.wait(30_000)


def test_review_is_read_only_and_closing_returns(
    qtbot,
    own_window,
    case_file,
    shown,  # noqa: F811
) -> None:
    window = own_window
    own_source = window.source
    trust(organisation_keys(window).public_key_file(), "Ashby Group")
    open_review(qtbot, window, case_file)

    session = window.review_session()
    assert session is not None and window.reviewing()
    assert window.windowTitle() == f"cattool — The Red Lion{TITLE_SUFFIX}"
    banner = window.findChild(QPushButton, "closeReviewButton").parent()
    state = banner.label.text()
    assert state.startswith("Reviewing red-lion.cattool (review, read-only).")
    assert "Intact" in state and "Signed by Ashby Group" in state and "known signer" in state
    assert window.source is not own_source and session.folder.is_dir()
    assert window.shown_case_id() == session.case_id
    assert window.workspace.title.text() == "The Red Lion"

    # Every edit control is read-only or disabled, and stays so after a reload.
    page = window.workspace.open_page("asset")
    assert page.name.text() == "The Red Lion"
    open_edits = [
        e.objectName() or type(e.parent()).__name__
        for e in page.findChildren(QLineEdit)
        if not e.isReadOnly()
    ]
    assert not open_edits, open_edits
    assert not page.save_button.isEnabled()
    page.load()
    page.save_button.setEnabled(True)  # as a page does when something is typed
    assert not page.save_button.isEnabled()
    assert not window.workspace.rename_button.isEnabled()
    assert window.findChild(QPushButton, "backButton").isEnabled()
    assert not window.new_case_action.isEnabled()
    assert not window.import_casefile_action.isEnabled()
    assert not window.connect_action.isEnabled()  # no switching database mid-review

    # An edit is refused with a message, nothing reaches the undo stack or the database.
    assert not window.workspace.rename("Renamed")
    assert shown[-1][1] == READ_ONLY_REASON
    page.name.setText("Changed")
    assert not page.save()
    assert window.ctx.undo_stack.count() == 0
    with pytest.raises(InputError, match="read-only"):
        window.ctx.run(lambda s: services.create_case(s, "Sneaky", "england-2011"))
    with pytest.raises(OperationalError, match="readonly"), window.source.store.transaction() as s:
        services.create_case(s, "Sneaky", "england-2011")
    detail = window.ctx.read(lambda s: queries.case_detail(s, session.case_id, window.ctx.today))
    assert detail.name == "The Red Lion"

    window.close_case_file()
    assert not window.reviewing()
    assert window.source is own_source
    assert not session.folder.exists()
    assert window.windowTitle() == "cattool — adviser.sqlite"
    assert window.centralWidget() is window.stack
    assert window.findChild(QPushButton, "closeReviewButton") is None
    assert window.cases_loaded() == 1
    assert window.case_model.case_at(0).name == "Ashby Village Hall"
    assert window.new_case_action.isEnabled()


def test_tampered_file_is_not_opened(qtbot, own_window, case_file, tmp_path, shown) -> None:  # noqa: F811
    bad = tmp_path / "bad.cattool"
    with zipfile.ZipFile(case_file) as source, zipfile.ZipFile(bad, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, data + b" " if name == "case.json" else data)
    own_source = own_window.source
    open_review(qtbot, own_window, bad)
    title, text = shown[-1]
    assert title == "This case file is not opened"
    assert "TAMPERED: case.json" in text
    assert not own_window.reviewing() and own_window.source is own_source


def test_unsigned_file_opens_after_a_warning(
    qtbot,
    open_window,
    ui_store,
    group_case,  # noqa: F811
    own_window,
    tmp_path,
    monkeypatch,
    shown,  # noqa: F811
) -> None:
    window = open_window(ui_store)
    window.select_case(group_case)
    target = tmp_path / "unsigned.cattool"
    export_through_dialog(window, monkeypatch, target, sign=False)
    questions: list[str] = []

    def question(_parent, _title, text, *_rest):  # type: ignore[no-untyped-def]
        questions.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    open_review(qtbot, own_window, target)
    assert "Unsigned" in questions[0] and not own_window.reviewing()

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    open_review(qtbot, own_window, target)
    banner = own_window.findChild(QPushButton, "closeReviewButton").parent()
    assert "Unsigned" in banner.label.text() and "Redacted" in banner.label.text()
    assert own_window.review_session().warns()
    folder = own_window.review_session().folder
    banner.close_button.click()
    assert not own_window.reviewing() and not folder.exists()


def test_closing_the_window_deletes_the_temporary_database(
    qtbot,
    own_window,
    case_file,
    shown,  # noqa: F811
) -> None:
    open_review(qtbot, own_window, case_file)
    folder = own_window.review_session().folder
    own_window.close()
    assert not folder.exists()
