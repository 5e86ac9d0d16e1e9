"""Background work (cattool.ui.worker): the work runs on another thread, its result or error
comes back on the UI thread, the window shows that something is happening meanwhile, and
a failed database write leaves the database as it was."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox
from sqlalchemy import func, select

from cattool.core import services
from cattool.core.errors import InputError
from cattool.core.model import Case
from cattool.core.store import Store, open_store
from cattool.ui import worker
from cattool.ui.worker import busy_bar, busy_dialog, run_in_background


@pytest.fixture
def window(qtbot) -> QMainWindow:
    main = QMainWindow()
    qtbot.addWidget(main)
    main.statusBar()  # as every cattool window has
    main.show()
    return main


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []

    def warning(_parent, title, text, *_args, **_kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


def case_count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


def test_the_result_comes_back_on_the_ui_thread(qtbot, window: QMainWindow) -> None:
    ui_thread = threading.get_ident()
    ran_on: list[int] = []
    got: list[tuple[int, int]] = []

    def work() -> int:
        ran_on.append(threading.get_ident())
        return 42

    task = run_in_background(
        window, "Counting", work, lambda r: got.append((r, threading.get_ident()))
    )
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert ran_on and ran_on[0] != ui_thread
    assert task.worker_thread == ran_on[0]
    assert got == [(42, ui_thread)]
    assert task.is_done() and task.succeeded() and task.result == 42 and task.error is None


def test_an_error_comes_back_on_the_ui_thread(qtbot, window: QMainWindow) -> None:
    ui_thread = threading.get_ident()
    done: list[object] = []
    errors: list[tuple[Exception, int]] = []

    def work() -> None:
        raise OSError("the disk is full")

    task = run_in_background(
        window, "Saving", work, done.append, lambda exc: errors.append((exc, threading.get_ident()))
    )
    qtbot.waitUntil(task.is_done, timeout=5000)
    assert done == []
    assert len(errors) == 1
    exc, thread = errors[0]
    assert isinstance(exc, OSError) and str(exc) == "the disk is full"
    assert thread == ui_thread
    assert not task.succeeded() and task.error is exc


def test_the_progress_shows_while_working_and_goes_away(
    qtbot, window: QMainWindow, request: pytest.FixtureRequest
) -> None:
    release = threading.Event()
    task = run_in_background(
        window, "Opening big.sqlite", lambda: release.wait(10), lambda _r: None
    )
    request.addfinalizer(release.set)  # never left waiting if an assertion fails
    status = window.statusBar()
    assert status.currentMessage() == "Opening big.sqlite…"
    bar = busy_bar(window)
    assert bar is not None and bar.isVisible()
    assert (bar.minimum(), bar.maximum()) == (0, 0)  # busy, not a made-up percentage
    assert busy_dialog(window) is None  # not for quick work
    qtbot.waitUntil(lambda: busy_dialog(window) is not None, timeout=3000)  # after ~400 ms
    dialog = busy_dialog(window)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.isModal()
    assert (dialog.minimum(), dialog.maximum()) == (0, 0)
    assert dialog.labelText() == "Opening big.sqlite…"

    release.set()
    qtbot.waitUntil(task.is_done, timeout=5000)
    assert busy_dialog(window) is None
    assert not bar.isVisible()
    assert status.currentMessage() == ""


def test_quick_work_shows_no_dialog(qtbot, window: QMainWindow) -> None:
    task = run_in_background(window, "Quick", lambda: 1, lambda _r: None)
    qtbot.waitUntil(task.is_done, timeout=5000)
    qtbot.wait(worker.DIALOG_DELAY_MS + 100)
    assert busy_dialog(window) is None


def test_an_input_error_shows_its_message_and_changes_nothing(
    qtbot, window: QMainWindow, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    store = open_store(str(tmp_path / "w.sqlite"))
    try:

        def work() -> None:
            with store.transaction() as session:  # its own session, on the worker thread
                services.create_case(session, "The Red Lion", "england-2011")
                raise InputError("The reference ACV/1 is already used by The Crown.")

        done: list[object] = []
        task = run_in_background(window, "Creating the case", work, done.append)
        qtbot.waitUntil(task.is_done, timeout=10_000)
        assert done == []
        assert warnings == [
            ("Creating the case did not work", "The reference ACV/1 is already used by The Crown.")
        ]
        assert isinstance(task.error, InputError)
        assert case_count(store) == 0  # rolled back
    finally:
        store.close()


def test_database_work_on_two_threads_in_a_row(qtbot, window: QMainWindow, tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "w.sqlite"))  # opened on the UI thread, pooled
    try:
        with store.session() as session:  # a connection first used on this thread
            session.scalar(select(func.count()).select_from(Case))
        ids: list[int] = []

        def add(name: str):  # type: ignore[no-untyped-def]
            def work() -> int:
                with store.transaction() as session:
                    created = services.create_case(session, name, "england-2011").created_id
                    assert created is not None
                    return created

            return work

        first = run_in_background(window, "First", add("The Red Lion"), ids.append)
        second = run_in_background(window, "Second", add("The Crown"), ids.append)
        qtbot.waitUntil(lambda: first.is_done() and second.is_done(), timeout=10_000)
        assert first.succeeded() and second.succeeded()
        assert sorted(ids) == sorted({first.result, second.result})
        assert case_count(store) == 2
        assert busy_bar(window) is not None and not busy_bar(window).isVisible()
        # and the UI thread can still use the pool afterwards
        assert case_count(store) == 2
    finally:
        store.close()


def test_two_tasks_one_after_the_other_both_complete(qtbot, window: QMainWindow) -> None:
    results: list[str] = []
    first = run_in_background(window, "One", lambda: "one", results.append)
    qtbot.waitUntil(first.is_done, timeout=5000)
    second = run_in_background(window, "Two", lambda: "two", results.append)
    qtbot.waitUntil(second.is_done, timeout=5000)
    assert results == ["one", "two"]
    assert first.succeeded() and second.succeeded()
    assert window.statusBar().currentMessage() == ""


def test_an_error_while_showing_the_result_goes_to_on_error(qtbot, window: QMainWindow) -> None:
    errors: list[Exception] = []

    def show(_result: int) -> None:
        raise InputError("That database holds no cases table.")

    task = run_in_background(window, "Opening", lambda: 1, show, errors.append)
    qtbot.waitUntil(task.is_done, timeout=5000)
    assert [str(e) for e in errors] == ["That database holds no cases table."]
    assert not task.succeeded()


def test_a_closed_window_is_not_called_back(qtbot) -> None:
    main = QMainWindow()
    main.show()
    release = threading.Event()
    called: list[object] = []
    task = run_in_background(main, "Slow", lambda: release.wait(10), called.append, called.append)
    main.close()
    main.deleteLater()
    qtbot.wait(50)  # the window is deleted
    release.set()
    qtbot.waitUntil(task.is_done, timeout=5000)
    assert called == []
    assert task not in worker.running_tasks()


def test_wait_returns_whether_it_succeeded(window: QMainWindow) -> None:
    assert run_in_background(window, "Fine", lambda: 1, lambda _r: None).wait(5000)
    failing = run_in_background(window, "Bad", lambda: 1 / 0, lambda _r: None, lambda _e: None)
    assert not failing.wait(5000)
    assert isinstance(failing.error, ZeroDivisionError)
