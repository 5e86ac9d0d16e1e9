"""What keeps the window responsive with many cases: old rows freed a slice at a time,
one count update per filter change, no garbage collection while a load works out its
rows, the warm-up in steps on a worker, and the old database closed off the UI thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from tests.ui.conftest import TODAY

from cattool.core.store import Store, open_store
from cattool.ui import models, portfolio_loader
from cattool.ui.app import resume_gc_when_loaded
from cattool.ui.case_source import CaseSource
from cattool.ui.dashboard import Dashboard
from cattool.ui.pages.registry import page_classes
from cattool.ui.warm_up import WarmUp, warm_up_steps


@pytest.fixture
def gc_restored() -> Iterator[None]:
    """Leave the collector as it was (the code under test freezes and toggles it)."""
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_old_rows_are_freed_a_slice_per_turn_not_at_once(qtbot) -> None:
    rows = [object() for _ in range(5000)]
    events = {case_id: [object()] * 20 for case_id in range(5000)}
    models.release_later(rows, events, None, [])
    assert rows and events  # nothing freed inside the call that replaced them
    qtbot.waitUntil(lambda: models.release_pending() == 0, timeout=5_000)
    assert rows == [] and events == {}


def test_a_reload_hands_the_old_rows_over_to_be_freed_later(
    qtbot, ui_store: Store, populated, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio_loader, "SMALL_PORTFOLIO", 1)  # the large-portfolio path
    board = Dashboard()
    qtbot.addWidget(board)
    source = CaseSource.from_store(ui_store)
    board.load(source, TODAY)
    board.case_model.ensure_all()
    old = board.case_model._summaries
    board.load(source, TODAY)
    assert len(old) == 3  # still whole: freeing waits for the event loop
    qtbot.waitUntil(lambda: not old, timeout=5_000)
    assert board.case_model.rowCount() == 3


def test_a_filter_change_updates_the_counts_once(
    qtbot, ui_store: Store, populated, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio_loader, "SMALL_PORTFOLIO", 1)
    board = Dashboard()
    qtbot.addWidget(board)
    board.load(CaseSource.from_store(ui_store), TODAY)
    counted: list[None] = []
    board.countsChanged.connect(lambda: counted.append(None))
    board.set_filters(stage="interim-moratorium")
    assert len(counted) == 1  # not once per range of rows the proxy hid
    assert board.count_label.text() == "1 of 3 cases"
    board.set_filters(stage="")
    assert len(counted) == 2 and board.count_label.text() == "3 cases"


def test_the_collector_waits_while_each_load_works_out_its_rows(qtbot, gc_restored) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.dashboard = Dashboard(holder)  # type: ignore[attr-defined]
    gc.enable()
    resume_gc_when_loaded(holder)
    assert not gc.isenabled()  # start-up
    holder.dashboard.loaded.emit()  # type: ignore[attr-defined]
    assert gc.isenabled()
    holder.dashboard.loadStarted.emit()  # type: ignore[attr-defined]  # a reload, say
    assert not gc.isenabled()
    holder.dashboard.loaded.emit()  # type: ignore[attr-defined]
    assert gc.isenabled()


def test_the_warm_up_runs_its_steps_in_order_on_a_worker(qtbot, gc_restored) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    ran: list[tuple[str, int]] = []
    steps = [(name, lambda n=name: ran.append((n, threading.get_ident()))) for name in "abc"]
    warm = WarmUp(widget, steps)
    with qtbot.waitSignal(warm.finished, timeout=10_000):
        warm.start()
    assert warm.is_done()
    assert [name for name, _ in ran] == ["a", "b", "c"]
    assert all(thread != threading.get_ident() for _, thread in ran)


def test_a_held_warm_up_starts_no_step_until_the_hold_ends(qtbot, gc_restored) -> None:
    import time

    widget = QWidget()
    qtbot.addWidget(widget)
    started: dict[str, float] = {}
    steps = [(name, lambda n=name: started.setdefault(n, time.monotonic())) for name in "abc"]
    warm = WarmUp(widget, steps)
    done: list[str] = []
    warm.stepDone.connect(done.append)
    warm.start()  # "a" is on its way
    held_at = time.monotonic()
    warm.hold(300)
    with qtbot.waitSignal(warm.finished, timeout=10_000):
        pass
    assert done == ["a", "b", "c"] and warm.has_run("b")
    assert started["b"] - held_at >= 0.29  # not before the hold ended


def test_a_cancelled_warm_up_runs_no_more_steps(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    release, ran = threading.Event(), []
    steps = [("slow", lambda: release.wait(5)), ("next", lambda: ran.append("next"))]
    warm = WarmUp(widget, steps)
    warm.start()
    warm.cancel()
    release.set()
    qtbot.wait(200)
    assert warm.is_done() and ran == []


def test_the_warm_up_prepares_the_reminders_and_the_store_and_ends_with_the_date_parser(
    ui_store: Store, populated
) -> None:
    names = [name for name, _ in warm_up_steps(CaseSource.from_store(ui_store), 1)]
    assert names[0] == "cattool.ui.reminder_settings" and names[-1] == "wordy date"
    assert names.index("cattool.ui.reminder_panel") < names.index("sqlalchemy")  # needed first
    assert names.index("store") < names.index("first read") < names.index("cattool.ui.workspace")
    assert "store" not in [name for name, _ in warm_up_steps(None)]
    # The Qt enums the first paints use, and the first case's other reads, are ready too.
    assert "Qt enums" in names
    reads = [n for n in names if n.startswith("reads of ")]
    assert reads[:2] == ["reads of the header", "reads of overview"]
    assert len(reads) == 1 + len(page_classes())
    assert names.index("cattool.ui.pages.tasks") < names.index(reads[0])
    assert names.index("review comments") > names.index(reads[-1])


def test_after_the_warm_up_opening_a_case_and_every_page_compiles_no_query(
    qtbot, ui_store: Store, populated
) -> None:
    from sqlalchemy import event

    from cattool.core.casefile.review_store import review_comments
    from cattool.ui.context import WorkspaceContext
    from cattool.ui.workspace import CaseWorkspace

    case_id = populated["red-lion"]
    source = CaseSource.from_store(ui_store)
    for name, step in warm_up_steps(source, case_id):
        if name == "first read" or name.startswith("reads of ") or name == "review comments":
            step()
    compiled: list[str] = []

    def spy(_conn, _cursor, statement, _params, context, _many) -> None:
        if context is not None and context.cache_hit == context.dialect.CACHE_MISS:
            compiled.append(statement)

    event.listen(ui_store.engine, "before_cursor_execute", spy)
    try:  # what the window reads on the UI thread as the case and each page are shown
        ctx = WorkspaceContext(source, TODAY)
        workspace = CaseWorkspace(ctx)
        qtbot.addWidget(workspace)
        workspace.show_case(case_id, 0)
        for index in range(workspace.page_count()):
            workspace.open_page(index)
        with ui_store.session() as session:
            review_comments(session, case_id)
    finally:
        event.remove(ui_store.engine, "before_cursor_execute", spy)
    assert compiled == []


def test_the_workspace_is_built_before_the_first_case_is_opened(
    qtbot, open_window, ui_store: Store, populated, gc_restored
) -> None:
    window = open_window(ui_store)
    qtbot.waitUntil(lambda: window._spare_workspace is not None, timeout=15_000)
    spare = window._spare_workspace
    assert window.workspace is None  # not the window's until a case is opened
    qtbot.waitUntil(lambda: spare._pages[0] is not None, timeout=5_000)  # and its first page
    built = spare._pages[0]
    assert spare.rename_action not in window.case_menu.actions()  # not in the menus yet
    assert window.open_case(populated["red-lion"], 0)
    assert window.workspace is spare and window._spare_workspace is None
    assert window.workspace.current_page() is built
    assert built.case_id == populated["red-lion"]
    assert spare.rename_action in window.case_menu.actions()  # adopted: in the menus
    assert spare.back_action in window.view_menu.actions()


def test_the_old_database_is_closed_off_the_ui_thread(
    qtbot, open_window, ui_store: Store, populated, tmp_path: Path, make_case,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    other_path = tmp_path / "other.sqlite"
    other = open_store(str(other_path))
    make_case(other, "The Crown", "england-2011")
    other.close()
    window = open_window(ui_store)
    old = window.source
    assert old.store_is_open  # a window over a Store: it is open
    closed: list[int] = []
    real = CaseSource.close

    def spy(source: CaseSource) -> None:
        if source is old:
            closed.append(threading.get_ident())
        real(source)

    monkeypatch.setattr(CaseSource, "close", spy)
    with qtbot.waitSignal(window.databaseOpened, timeout=10_000):
        window.open_database(str(other_path))
    qtbot.waitUntil(lambda: bool(closed), timeout=10_000)
    assert closed[0] != threading.get_ident()
