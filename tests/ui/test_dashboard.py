"""The dashboard: filters, sorting, the agenda, opening cases, the empty state, and the
lazy path that keeps a large portfolio's first paint quick."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView
from tests.ui.conftest import TODAY

from cattool.core import services
from cattool.core.changes import Changes
from cattool.core.model import Case
from cattool.core.store import Store
from cattool.ui import portfolio_loader
from cattool.ui.agenda import AgendaTableModel
from cattool.ui.case_list_model import CaseTableModel
from cattool.ui.case_source import CaseSource
from cattool.ui.dashboard import Dashboard


def column_texts(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_row(qtbot, view: QTableView, row: int, double: bool = False) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


@pytest.fixture
def four(ui_store: Store, populated, make_case) -> dict[str, int]:
    """The three populated cases and a red one (its moratorium ends in 13 days)."""
    swan = make_case(
        ui_store, "The Swan", "england-2011", ("owner-notice-received", dt.date(2026, 2, 5))
    )
    with ui_store.transaction() as session:
        services.rename_case(session, populated["plough"], "The Plough")
    return {**populated, "swan": swan}


@pytest.fixture
def show_dashboard(qtbot) -> Callable[..., Dashboard]:
    def show(store: Store, today: dt.date = TODAY) -> Dashboard:
        board = Dashboard()
        qtbot.addWidget(board)
        board.resize(1300, 700)
        board.load(CaseSource.from_store(store), today)
        with qtbot.waitSignal(board.shown, timeout=10_000):
            board.show()
        qtbot.waitUntil(board.is_loaded, timeout=10_000)
        return board

    return show


def names(board: Dashboard) -> list[str]:
    return column_texts(board.case_view, CaseTableModel.CASE)


def test_rows_show_stage_next_deadline_and_state(ui_store: Store, four, show_dashboard) -> None:
    board = show_dashboard(ui_store)
    assert names(board) == ["Ashby Village Hall", "The Plough", "The Red Lion", "The Swan"]
    model = board.case_view.model()
    swan = names(board).index("The Swan")
    assert model.index(swan, CaseTableModel.STAGE).data() == "Interim moratorium"
    assert model.index(swan, CaseTableModel.DAYS).data() == "13 days"
    assert "Red" in model.index(swan, CaseTableModel.DAYS).data(Qt.ItemDataRole.ToolTipRole)
    assert board.count_label.text() == "4 cases"


def test_search_matches_name_and_reference(qtbot, ui_store: Store, four, show_dashboard) -> None:
    with ui_store.transaction() as session:
        services.create_case(session, "Old Post Office", "england-2011", reference="ACV/77")
    board = show_dashboard(ui_store)
    qtbot.keyClicks(board.search, "the ")
    assert names(board) == ["The Plough", "The Red Lion", "The Swan"]
    assert board.count_label.text() == "3 of 5 cases"
    board.search.clear()
    qtbot.keyClicks(board.search, "acv/7")
    assert names(board) == ["Old Post Office"]


def test_stage_regime_and_state_filters_narrow_the_rows(
    ui_store: Store, four, show_dashboard
) -> None:
    board = show_dashboard(ui_store)
    stage = board.stage_filter
    stage.setCurrentIndex(stage.findData("interim-moratorium"))
    assert names(board) == ["The Red Lion", "The Swan"]

    board.state_filter.setCurrentIndex(board.state_filter.findData("red"))
    assert names(board) == ["The Swan"]
    board.state_filter.setCurrentIndex(board.state_filter.findData("amber"))
    assert names(board) == ["The Red Lion"]

    board.set_filters(stage="", state="")
    regime = board.regime_filter
    assert [regime.itemText(i) for i in range(regime.count())] == [
        "All regimes",
        "Right to Bid",
        "Right to Buy",
    ]
    regime.setCurrentIndex(regime.findData("england-2026"))
    assert names(board) == ["The Plough"]
    board.set_filters(state="green")
    assert names(board) == ["The Plough"]
    board.set_filters(regime="", state="green")
    assert names(board) == ["Ashby Village Hall", "The Plough"]


def test_no_match_offers_to_clear_the_filters(qtbot, ui_store: Store, four, show_dashboard) -> None:
    board = show_dashboard(ui_store)
    qtbot.keyClicks(board.search, "zzz")
    assert board.visible_case_count() == 0
    assert board.table_stack.currentWidget() is board.no_match
    assert board.no_match.isVisible()
    qtbot.mouseClick(board.clear_button, Qt.MouseButton.LeftButton)
    assert board.visible_case_count() == 4
    assert board.search.text() == ""
    assert board.case_view.isVisible()


def test_sorting_by_days_left_puts_the_most_urgent_first(
    qtbot, ui_store: Store, four, show_dashboard
) -> None:
    board = show_dashboard(ui_store)
    header = board.case_view.horizontalHeader()
    days_heading = QPoint(header.sectionViewportPosition(CaseTableModel.DAYS) + 10, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=days_heading)
    assert names(board) == ["The Swan", "The Red Lion", "The Plough", "Ashby Village Hall"]
    assert column_texts(board.case_view, CaseTableModel.DAYS)[-1] == "—"


def test_enter_and_double_click_open_the_case(qtbot, ui_store: Store, four, show_dashboard) -> None:
    board = show_dashboard(ui_store)
    board.case_view.setFocus()
    assert board.current_case_id() == four["village-hall"]
    with qtbot.waitSignal(board.openCase) as blocker:
        qtbot.keyClick(board.case_view, Qt.Key.Key_Return)
    assert blocker.args == [four["village-hall"], "", ""]
    with qtbot.waitSignal(board.openCase) as blocker:
        click_row(qtbot, board.case_view, names(board).index("The Swan"), double=True)
    assert blocker.args[0] == four["swan"]


def test_agenda_lists_deadlines_within_n_days_and_opens_the_case(
    qtbot, ui_store: Store, four, show_dashboard
) -> None:
    board = show_dashboard(ui_store)
    agenda = board.agenda_view
    assert board.agenda_days.value() == 30
    assert column_texts(agenda, AgendaTableModel.CASE) == ["The Swan"]
    assert column_texts(agenda, AgendaTableModel.DATE) == ["Wed 18 Mar"]  # this year

    board.agenda_days.setValue(60)
    assert column_texts(agenda, AgendaTableModel.CASE) == ["The Swan", "The Red Lion"]
    assert "2 deadlines in 2 cases" in board.agenda_note.text()

    with qtbot.waitSignal(board.openCase) as blocker:
        click_row(qtbot, agenda, 1)
    assert blocker.args == [four["red-lion"], "Deadlines", "interim-moratorium-ends"]

    board.agenda_days.setValue(5)
    assert board.agenda_model.rowCount() == 0
    assert board.agenda_note.text() == "Nothing falls due in the next 5 days."


def test_empty_state_buttons(qtbot, ui_store: Store, show_dashboard) -> None:
    board = show_dashboard(ui_store)
    assert board.pages.currentWidget() is board.empty_state
    assert "Welcome to cattool" in board.empty_state.text()
    with qtbot.waitSignal(board.newCaseRequested):
        qtbot.mouseClick(board.empty_state.new_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(board.demoRequested):
        qtbot.mouseClick(board.empty_state.demo_button, Qt.MouseButton.LeftButton)


def test_a_change_updates_only_the_changed_rows(
    ui_store: Store, four, show_dashboard, make_case
) -> None:
    board = show_dashboard(ui_store)
    with ui_store.transaction() as session:
        changes = services.add_event(
            session, four["village-hall"], "listed", dt.date(2026, 2, 2), today=TODAY
        )
    board.apply_changes(changes)
    row = names(board).index("Ashby Village Hall")
    assert board.case_view.model().index(row, CaseTableModel.STAGE).data() == "Listed"

    new = make_case(ui_store, "Bramley Library", "england-2026")
    board.apply_changes(Changes(frozenset({new}), frozenset({"case"}), new))
    assert names(board)[:2] == ["Ashby Village Hall", "Bramley Library"]  # in name order
    assert board.count_label.text() == "5 cases"

    with ui_store.transaction() as session:
        changes = services.rename_case(session, new, "Zennor Library")
    board.apply_changes(changes)
    assert names(board)[-1] == "Zennor Library"


def test_a_change_moves_a_case_into_or_out_of_a_filtered_list_at_once(
    ui_store: Store, four, show_dashboard
) -> None:
    board = show_dashboard(ui_store)
    board.set_filters(stage="listed")
    before = names(board)
    assert "Ashby Village Hall" not in before
    with ui_store.transaction() as session:
        changes = services.add_event(
            session, four["village-hall"], "listed", dt.date(2026, 2, 2), today=TODAY
        )
    board.apply_changes(changes)  # no turn of the event loop needed
    assert "Ashby Village Hall" in names(board)
    assert board.count_label.text().startswith(f"{len(before) + 1} of ")

    board.set_filters(stage="", search="swan")
    assert names(board) == ["The Swan"]
    with ui_store.transaction() as session:
        changes = services.rename_case(session, four["swan"], "The Cygnet")
    board.apply_changes(changes)
    assert names(board) == []
    board.set_filters(search="")
    assert "The Cygnet" in names(board)


def test_a_filtered_list_stays_right_as_rows_are_sorted_added_and_removed(
    ui_store: Store, four, show_dashboard, make_case
) -> None:
    """The filter's verdicts are worked out once per change and looked up per row: a
    sort, a new case, a removed one or a reload must never reuse a row's old verdict."""
    board = show_dashboard(ui_store)
    board.set_filters(search="the")
    assert names(board) == ["The Plough", "The Red Lion", "The Swan"]
    board.case_view.sortByColumn(CaseTableModel.CASE, Qt.SortOrder.DescendingOrder)
    assert names(board) == ["The Swan", "The Red Lion", "The Plough"]
    board.case_view.sortByColumn(CaseTableModel.CASE, Qt.SortOrder.AscendingOrder)
    added = make_case(ui_store, "Athelney Hall", "england-2026")  # "the" inside a word
    other = make_case(ui_store, "Bramley Library", "england-2026")
    board.apply_changes(Changes(frozenset({added, other}), frozenset({"case"}), added))
    assert names(board) == ["Athelney Hall", "The Plough", "The Red Lion", "The Swan"]
    with ui_store.transaction() as session:  # moved to another database, say
        session.delete(session.get(Case, four["swan"]))
    board.apply_changes(Changes(frozenset({four["swan"]}), frozenset({"case"})))
    assert names(board) == ["Athelney Hall", "The Plough", "The Red Lion"]
    board.reload()
    assert names(board) == ["Athelney Hall", "The Plough", "The Red Lion"]
    board.set_filters(search="")
    assert "Bramley Library" in names(board) and "The Swan" not in names(board)


def test_a_large_portfolio_is_filled_after_the_first_paint(
    qtbot, ui_store: Store, four, show_dashboard, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio_loader, "SMALL_PORTFOLIO", 1)  # take the lazy path
    monkeypatch.setattr(portfolio_loader, "HEAD_ROWS", 1)  # the first row worked out up front
    board = Dashboard()
    qtbot.addWidget(board)
    board.load(CaseSource.from_store(ui_store), TODAY)
    assert board.case_model.missing_count() == 3  # only the first row worked out yet
    assert board.case_model.has_summary(0)
    with qtbot.waitSignal(board.shown, timeout=10_000):
        board.show()
    qtbot.waitUntil(board.is_loaded, timeout=10_000)
    assert board.case_model.missing_count() == 0
    model = board.case_view.model()
    swan = names(board).index("The Swan")
    assert model.index(swan, CaseTableModel.DAYS).data() == "13 days"
    assert column_texts(board.agenda_view, AgendaTableModel.CASE) == ["The Swan"]


def test_sorting_a_lazy_portfolio_works_everything_out_first(
    ui_store: Store, four, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    monkeypatch.setattr(portfolio_loader, "SMALL_PORTFOLIO", 1)
    board = Dashboard()
    qtbot.addWidget(board)
    board.load(CaseSource.from_store(ui_store), TODAY)
    board.case_view.sortByColumn(CaseTableModel.DAYS, Qt.SortOrder.AscendingOrder)
    assert board.case_model.missing_count() == 0
    assert names(board)[:2] == ["The Swan", "The Red Lion"]
    board.set_filters(state="red")
    assert names(board) == ["The Swan"]


def test_cells_painted_in_one_call_get_only_their_own_roles(
    ui_store: Store, four, show_dashboard
) -> None:
    """The view asks for every role of a cell at once (multiData), reusing the same
    buffer from cell to cell: a cell without a traffic light must not show the last one."""
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

    class Probe(QStyledItemDelegate):
        def option_for(self, index) -> QStyleOptionViewItem:  # type: ignore[no-untyped-def]
            option = QStyleOptionViewItem()
            self.initStyleOption(option, index)
            return option

    board = show_dashboard(ui_store)
    proxy, probe = board.case_view.model(), Probe()
    swan = names(board).index("The Swan")
    days = probe.option_for(proxy.index(swan, CaseTableModel.DAYS))
    assert not days.icon.isNull() and days.text == "13 days"
    name = probe.option_for(proxy.index(swan, CaseTableModel.CASE))
    assert name.icon.isNull() and name.text == "The Swan"


@pytest.mark.sqlite_only
def test_the_piecewise_reads_match_the_whole_snapshot(ui_store: Store, four) -> None:
    """lazyread (cases first, events later) reads what fastread reads in one go."""
    from pathlib import Path

    from cattool.core import lazyread
    from cattool.core.fastread import read_snapshot

    path = Path(ui_store.sqlite_path)
    whole = read_snapshot(path)
    cases, overrides = lazyread.read_cases(path)
    assert cases == whole.cases and overrides == whole.overrides
    streamed = {}
    for batch in lazyread.stream_events(path, batch=1):  # one row per batch: the hardest
        streamed.update(batch)
    assert streamed == whole.events
    some = [four["swan"], four["plough"]]
    assert lazyread.read_events(path, some) == {i: whole.events.get(i, []) for i in some}
    assert [c.id for c in lazyread.read_cases(path, some)[0]] == sorted(
        some, key=lambda i: next(c.name for c in whole.cases if c.id == i)
    )


def test_without_the_fast_path_the_store_serves_the_same_rows(
    qtbot, ui_store: Store, four, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server database (or an old schema) has no sqlite3 path: the store reads it all."""
    from cattool.core import lazyread

    for name in ("read_cases", "read_events", "stream_events"):
        monkeypatch.setattr(lazyread, name, lambda *_a, **_k: None)
    monkeypatch.setattr(portfolio_loader, "SMALL_PORTFOLIO", 1)
    board = Dashboard()
    qtbot.addWidget(board)
    board.load(CaseSource.from_store(ui_store), TODAY)
    with qtbot.waitSignal(board.shown, timeout=10_000):
        board.show()
    qtbot.waitUntil(board.is_loaded, timeout=10_000)
    assert names(board) == ["Ashby Village Hall", "The Plough", "The Red Lion", "The Swan"]
    swan = names(board).index("The Swan")
    assert board.case_view.model().index(swan, CaseTableModel.DAYS).data() == "13 days"
    assert column_texts(board.agenda_view, AgendaTableModel.CASE) == ["The Swan"]


def test_a_large_portfolio_works_out_the_agenda_on_a_worker_and_patches_changes(
    qtbot, ui_store: Store, four, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from cattool.core.portfolio import agenda_items

    monkeypatch.setattr(portfolio_loader, "SMALL_PORTFOLIO", 1)  # the large-portfolio path
    threads: list[int] = []
    real = portfolio_loader.agenda_items

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(portfolio_loader, "agenda_items", spy)
    choosing: list[int] = []  # choosing the cases due walks every summary: a worker's job
    real_due = portfolio_loader.due_cases

    def due_spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        choosing.append(threading.get_ident())
        return real_due(*args, **kwargs)

    monkeypatch.setattr(portfolio_loader, "due_cases", due_spy)
    board = Dashboard()
    qtbot.addWidget(board)
    source = CaseSource.from_store(ui_store)
    board.load(source, TODAY)
    with qtbot.waitSignal(board.shown, timeout=10_000):
        board.show()
    with qtbot.waitSignal(board.loaded, timeout=10_000):
        pass
    assert board.is_loaded()
    assert threads and threads[0] != threading.get_ident()  # worked out on a worker
    assert choosing and choosing[0] != threading.get_ident()
    assert column_texts(board.agenda_view, AgendaTableModel.CASE) == ["The Swan"]

    def expected(days: int) -> list[tuple[int, str, dt.date | None]]:
        fresh = agenda_items(CaseSource.from_store(ui_store).snapshot(), TODAY, days)
        return [(i.case_id, i.deadline.key, i.deadline.date) for i in fresh]

    def shown(days: int) -> list[tuple[int, str, dt.date | None]]:
        items = board.loader.agenda_cached(days)
        assert items is not None
        return [(i.case_id, i.deadline.key, i.deadline.date) for i in items]

    # A change to one case: only that case is worked out again, and the agenda is right.
    threads.clear()
    with ui_store.transaction() as session:
        changes = services.add_event(
            session, four["village-hall"], "owner-notice-received", dt.date(2026, 2, 10),
            today=TODAY,
        )  # fmt: skip
    board.apply_changes(changes)
    assert board.is_loaded()
    assert shown(30) == expected(30)
    assert "Ashby Village Hall" in column_texts(board.agenda_view, AgendaTableModel.CASE)
    assert len(threads) == 1 and threads[0] == threading.get_ident()  # one case, here

    # A shorter agenda is filtered from the one worked out; a longer one goes to a worker.
    board.agenda_days.setValue(10)
    assert board.is_loaded() and shown(10) == expected(10)
    board.agenda_days.setValue(120)
    assert not board.is_loaded()
    qtbot.waitUntil(board.is_loaded, timeout=10_000)
    assert shown(120) == expected(120)
