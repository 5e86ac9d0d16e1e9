"""Colleagues' work appears in an open window within seconds, without losing what the
user is typing, and the watch stops with the window (no thread left behind).

A second Store (a colleague: own engine, own connections) writes to the window's
database: a SQLite file (polled), or PostgreSQL (LISTEN/NOTIFY) when
CATTOOL_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cattool.core import services
from cattool.core.changes import set_current_user
from cattool.core.store import Store, open_store
from cattool.ui.colleague_watch import ColleagueWatch

WITHIN_MS = 6000  # "within a few seconds"
ASSET_PAGE = "Asset and owners"


def _watch_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "cattool-colleague-watch"]


@pytest.fixture
def colleague(ui_store: Store) -> Iterator[Store]:
    """Sam, at another desk: a Store of their own on the same database."""
    opened = open_store(ui_store.url.render_as_string(hide_password=False))
    yield opened
    opened.close()


def _as_sam(store: Store, write: Callable) -> None:  # type: ignore[type-arg]
    set_current_user("Sam")
    try:
        with store.transaction() as session:
            write(session)
    finally:
        set_current_user(None)


@pytest.fixture
def window_and_case(qtbot, ui_store: Store, open_window, make_case):  # type: ignore[no-untyped-def]
    case_id = make_case(ui_store, "The Red Lion", "england-2011")
    with ui_store.transaction() as session:
        services.set_asset(session, case_id, name="The Red Lion", address="1 High St")
    window = open_window(ui_store)
    watch = ColleagueWatch.attach(window, interval=0.2, delay_ms=0)
    qtbot.waitUntil(lambda: watch.mode != "", timeout=WITHIN_MS)
    assert window.open_case(case_id, ASSET_PAGE)
    yield window, watch, case_id
    watch.stop()


def test_a_colleagues_save_shows_in_the_open_page(
    qtbot, colleague: Store, window_and_case, ui_store: Store
) -> None:  # type: ignore[no-untyped-def]
    window, watch, case_id = window_and_case
    assert watch.mode == ("poll" if ui_store.is_sqlite else "listen")
    page = window.workspace.current_page()
    assert page.name.text() == "The Red Lion"
    with qtbot.waitSignal(watch.seen, timeout=WITHIN_MS) as seen:
        _as_sam(colleague, lambda s: services.set_asset(s, case_id, name="The Red Lion Inn"))
    qtbot.waitUntil(lambda: page.name.text() == "The Red Lion Inn", timeout=WITHIN_MS)
    assert seen.args[0].describe() == "Sam changed the asset of The Red Lion."
    assert window.statusBar().currentMessage() == "Sam changed the asset of The Red Lion."

    # A new case from the colleague reaches the dashboard's list too.
    _as_sam(colleague, lambda s: services.create_case(s, "The Old Forge", "england-2011"))
    qtbot.waitUntil(lambda: window.cases_loaded() == 2, timeout=WITHIN_MS)


def test_unsaved_typing_survives_a_colleagues_change(
    qtbot, colleague: Store, window_and_case
) -> None:  # type: ignore[no-untyped-def]
    window, watch, case_id = window_and_case
    page = window.workspace.current_page()
    qtbot.keyClicks(page.description, "Victorian corner pub.")
    assert page.state.text() == "Unsaved changes."
    with qtbot.waitSignal(watch.seen, timeout=WITHIN_MS):
        _as_sam(colleague, lambda s: services.set_asset(s, case_id, postcode="L5 7QQ"))
    qtbot.waitUntil(lambda: page.postcode.text() == "L5 7QQ", timeout=WITHIN_MS)
    assert page.description.toPlainText() == "Victorian corner pub."  # still there
    assert page.state.text() == "Unsaved changes."


def test_own_changes_are_not_reported_back(qtbot, window_and_case) -> None:  # type: ignore[no-untyped-def]
    window, watch, case_id = window_and_case
    reported: list[object] = []
    watch.seen.connect(reported.append)
    window.ctx.run(lambda s: services.set_asset(s, case_id, name="Ours"))
    qtbot.wait(1500)  # several polls
    assert reported == []


def test_the_watch_stops_with_the_window_and_follows_a_switch(
    qtbot, window_and_case, make_case, tmp_path: Path, new_database
) -> None:  # type: ignore[no-untyped-def]
    window, watch, _case_id = window_and_case
    assert len(_watch_threads()) == 1
    other = open_store(new_database("other"))
    make_case(other, "The Crown", "england-2011")
    with qtbot.waitSignal(window.databaseOpened, timeout=10_000):
        window.open_database(other.url.render_as_string(hide_password=False))
    qtbot.waitUntil(lambda: watch.mode != "", timeout=WITHIN_MS)
    with qtbot.waitSignal(watch.seen, timeout=WITHIN_MS) as seen:
        _as_sam(other, lambda s: services.create_case(s, "The Anchor", "england-2011"))
    assert seen.args[0].who == ("Sam",)
    qtbot.waitUntil(lambda: len(_watch_threads()) == 1, timeout=WITHIN_MS)  # the old one ended
    other.close()

    window.close()
    assert not watch.running
    assert _watch_threads() == []
    window.show()  # shown again: watching again
    qtbot.waitUntil(lambda: watch.mode != "", timeout=WITHIN_MS)
    window.close()
    assert _watch_threads() == []
