"""Review comments end to end: the adviser opens the group's case file for review,
comments on an event (Comment…), saves a signed review file; the group imports it
(File → Import review file…) and sees it in place: the Review comments panel, the page
list's count, double-click to the page, Resolved as an undoable edit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog
from tests.ui.conftest import add_case
from tests.ui.test_casefile_export_import import (  # noqa: F401 - fixtures
    export_through_dialog,
    in_memory_keyring,
    shown,
)

from cattool.core.casefile.review import verify_review_file
from cattool.core.casefile.review_store import review_comments
from cattool.core.store import open_store
from cattool.ui.review_comments import CommentDialog
from cattool.ui.review_comments_panel import RESOLVED

OWNER_NOTICE = "Council received the owner's notice of intended sale, 2 March 2026"


@pytest.fixture
def group_case(ui_store) -> int:
    """The Red Lion after another case, so its ids differ from a fresh database's."""
    add_case(ui_store, "Filler", "england-2011", ("nomination-submitted", dt.date(2026, 1, 5)))
    return add_case(ui_store, "The Red Lion", "england-2011",
                    ("listed", dt.date(2025, 10, 1)),
                    ("owner-notice-received", dt.date(2026, 3, 2)))  # fmt: skip


@pytest.fixture
def adviser(open_window, tmp_path):
    store = open_store(str(tmp_path / "adviser.sqlite"))
    add_case(store, "Ashby Village Hall", "england-2011")
    window = open_window(store)
    yield window
    store.close()


def comment_with(monkeypatch: pytest.MonkeyPatch, label: str, text: str) -> list[list[str]]:
    """CommentDialog.exec picks the item labelled `label`, types `text`, presses OK;
    returns the choices each dialog offered."""
    offered: list[list[str]] = []

    def exec_(dialog: CommentDialog) -> int:
        choices = [dialog.item_box.itemText(i) for i in range(dialog.item_box.count())]
        offered.append(choices)
        dialog.item_box.setCurrentIndex(choices.index(label))
        assert not dialog.ok_button.isEnabled()  # nothing typed yet
        dialog.text.setPlainText(text)
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(CommentDialog, "exec", exec_)
    return offered


def nav_text(window, key: str) -> str:
    workspace = window.workspace
    return workspace.nav.item(workspace.page_keys().index(key)).text()


def test_comment_save_import_resolve_undo(
    qtbot,
    open_window,
    ui_store,
    group_case,
    adviser,
    tmp_path,
    monkeypatch,
    shown,  # noqa: F811
) -> None:
    group = open_window(ui_store)
    group.select_case(group_case)
    case_file = tmp_path / "red-lion.cattool"
    export_through_dialog(group, monkeypatch, case_file, redact=False)

    # The adviser: open for review, comment on the event, save the review file.
    task = adviser.open_case_file(case_file)
    assert task is not None and task.wait(30_000)
    assert adviser.reviewing()
    events = adviser.workspace.open_page("events")
    listed = next(r for r in range(events.model.rowCount())
                  if events.model.row_at(r).kind == "listed")  # fmt: skip
    events.table.selectRow(listed)
    chosen: list[str] = []
    monkeypatch.setattr(CommentDialog, "exec", lambda d: chosen.append(d.item_box.currentText()))
    assert not adviser.comment_on_item()  # cancelled: nothing added
    assert chosen == ["Event: Entered on the list of assets of community value, 1 October 2025"]
    offered = comment_with(monkeypatch, f"Event: {OWNER_NOTICE}", "Is the date right?")
    assert adviser.comment_on_item()
    assert offered[0][0] == "The case as a whole"
    assert f"Event: {OWNER_NOTICE}" in offered[0] and len(offered[0]) == 3
    assert nav_text(adviser, "events") == "Events and correspondence (1)"
    panel = adviser._draft_panel
    assert panel.list.count() == 1 and "Is the date right?" in panel.list.item(0).text()
    assert "not saved yet" in panel.heading.text()
    banner = adviser._review_frame.banner
    assert banner.save_button.isEnabled() and banner.comment_button.isEnabled()
    assert adviser._review_draft.path.is_file()  # the side file, in the data folder
    # Read-only still: the comment went nowhere near the review database.
    assert adviser.ctx.undo_stack.count() == 0
    # Also on the workspace's context menu, and Ctrl+Alt+M.
    assert adviser.comment_action in adviser.workspace.actions()
    assert adviser.comment_action.shortcut().toString() == "Ctrl+Alt+M"

    review_path = tmp_path / "jo.cattool-review"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Jo Adviser", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(review_path), ""))
    assert adviser.save_review_file() == review_path
    report = verify_review_file(review_path)
    assert report.intact and report.signature is not None
    note = report.notes[0]
    assert note.item.table == "event" and note.item.page == "events"
    with ui_store.session() as s:  # the group's id, not the review database's
        from sqlalchemy import select

        from cattool.core.model import Event

        notice = Event.kind == "owner-notice-received"
        event_id = s.scalar(select(Event.id).where(Event.case_id == group_case, notice))
    assert note.item.id == event_id == 3  # in the review database it was 2
    adviser.close_case_file()
    assert not adviser.reviewing()

    # The group: import it, see it in place.
    assert group.import_review_action.isEnabled()
    assert group.import_review_action in group.menuBar().actions()[0].menu().actions()
    result = group.import_review_file(review_path)
    assert result is not None and result.added == 1
    assert group.shown_case_id() == group_case
    dock = group.findChild(QDockWidget, "reviewCommentsDock")
    assert dock is not None and dock.isVisible()
    tree = group.comments_panel().tree
    assert tree.topLevelItemCount() == 1
    row = tree.topLevelItem(0)
    assert row.text(0) == f"Event: {OWNER_NOTICE}" and row.text(1) == "Jo Adviser"
    assert row.text(3) == "Is the date right?"
    assert row.checkState(RESOLVED) == Qt.CheckState.Unchecked
    assert nav_text(group, "events") == "Events and correspondence (1)"

    group.workspace.open_page("asset")
    group.comments_panel()._go_to(row)  # double-click
    page = group.workspace.current_page()
    assert type(page).__name__ == "EventsPage" and page.selected().id == event_id

    row.setCheckState(RESOLVED, Qt.CheckState.Checked)
    assert nav_text(group, "events") == "Events and correspondence"
    with ui_store.session() as s:
        assert review_comments(s, group_case)[0].resolved
    assert group.ctx.undo_stack.count() == 1
    group.ctx.undo_stack.undo()
    with ui_store.session() as s:
        assert not review_comments(s, group_case)[0].resolved
    assert nav_text(group, "events") == "Events and correspondence (1)"
    row = group.comments_panel().tree.topLevelItem(0)
    assert row.checkState(RESOLVED) == Qt.CheckState.Unchecked

    again = group.import_review_file(review_path)  # twice: nothing doubled
    assert again is not None and again.added == 0 and again.already == 1
    assert group.comments_panel().tree.topLevelItemCount() == 1


def test_unsaved_comments_are_kept_and_come_back(
    qtbot,
    open_window,
    ui_store,
    group_case,
    adviser,
    tmp_path,
    monkeypatch,
    shown,  # noqa: F811
) -> None:
    group = open_window(ui_store)
    group.select_case(group_case)
    case_file = tmp_path / "red-lion.cattool"
    export_through_dialog(group, monkeypatch, case_file, redact=False)
    task = adviser.open_case_file(case_file)
    assert task is not None and task.wait(30_000)
    comment_with(monkeypatch, "The case as a whole", "Overall fine.")
    assert adviser.comment_on_item()
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def no(_parent, _title, text, *_rest):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    adviser.close_case_file()
    assert adviser.reviewing() and "not in a review file yet" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    adviser.close_case_file()
    assert not adviser.reviewing()

    task = adviser.open_case_file(case_file)  # the same file again: the comment is back
    assert task is not None and task.wait(30_000)
    draft = adviser._review_draft
    assert draft.restored == 1 and draft.unsaved
    assert [n.text for n in draft.notes] == ["Overall fine."]
    assert adviser._draft_panel.list.count() == 1
    assert adviser._review_frame.banner.save_button.isEnabled()
    assert nav_text(adviser, "overview") == "Overview (1)"
    adviser.close_case_file()


def test_a_tampered_review_file_is_not_imported(
    qtbot,
    open_window,
    ui_store,
    group_case,
    tmp_path,
    shown,  # noqa: F811
) -> None:
    bad = tmp_path / "bad.cattool-review"
    bad.write_bytes(b"not a zip")
    group = open_window(ui_store)
    assert group.import_review_file(Path(bad)) is None
    assert shown[-1][0] == "The review file is not imported"
    assert "not a cattool review file" in shown[-1][1]
