"""The deadlines page: every date with its status, the why-this-date pane, the horizon."""

from __future__ import annotations

import datetime as dt

from tests.ui.conftest import push_event

from cattool.ui.case_source import CaseSource
from cattool.ui.context import WorkspaceContext
from cattool.ui.pages.deadlines import DeadlinesPage
from cattool.ui.record_models import DeadlineTableModel

NOTICE = dt.date(2026, 3, 2)


def row_of(page: DeadlinesPage, key: str) -> int:
    row = page.model.row_for_key(key)
    assert row is not None
    return row


def cell(page: DeadlinesPage, key: str, column: int) -> str:
    return page.model.index(row_of(page, key), column).data()


def test_deadlines_with_why_this_date_and_horizon(
    qtbot, open_page, ctx, ui_store, make_case
) -> None:
    case_id = make_case(ui_store, "The Red Lion", "england-2011", ("owner-notice-received", NOTICE))
    page = open_page(DeadlinesPage, case_id, (1100, 700))
    interim = "interim-moratorium-ends"
    assert cell(page, interim, DeadlineTableModel.DATE) == "Sun 12 Apr 2026"
    assert cell(page, interim, DeadlineTableModel.STATUS) == "Upcoming"
    assert cell(page, interim, DeadlineTableModel.DAYS) == "38 days"
    assert cell(page, "full-moratorium-ends", DeadlineTableModel.STATUS) == "Not triggered"
    # The soonest open deadline is chosen and explained: date, reason, source, warnings.
    assert page.current_deadline().key == interim
    text = page.detail.toPlainText()
    assert "Sunday 12 April 2026" in text
    assert "Source:" in text and "s.95" in text
    assert "weekend" in text  # 12 April 2026 is a Sunday: offices closed
    assert "1 open deadline" not in page.summary.text()
    assert "Interim moratorium ends" in page.summary.text()

    page.table.selectRow(row_of(page, "protected-period-ends"))
    assert "Protected period ends" in page.detail.toPlainText()

    page.horizon.setValue(40)  # 38 days is now within the horizon
    assert cell(page, interim, DeadlineTableModel.STATUS) == "Due soon"
    assert page.current_deadline().key == "protected-period-ends"  # the selection is kept
    page.horizon.setValue(14)
    assert cell(page, interim, DeadlineTableModel.STATUS) == "Upcoming"


def test_a_new_event_recomputes_and_undo_puts_it_back(
    qtbot, open_page, ctx, ui_store, make_case
) -> None:
    case_id = make_case(ui_store, "The Red Lion", "england-2011", ("owner-notice-received", NOTICE))
    page = open_page(DeadlinesPage, case_id, (1100, 700))
    push_event(ctx, case_id, "bidder-request-received", dt.date(2026, 3, 4))
    full = "full-moratorium-ends"
    assert cell(page, full, DeadlineTableModel.DATE) == "Tue 1 Sep 2026"
    assert cell(page, "interim-moratorium-ends", DeadlineTableModel.STATUS) == "Met"
    ctx.undo_stack.undo()
    assert cell(page, full, DeadlineTableModel.STATUS) == "Not triggered"


def test_provisional_rules_are_marked_and_explained(
    qtbot, open_page, ctx, ui_store, make_case
) -> None:
    case_id = make_case(
        ui_store,
        "Hendon Library",
        "england-2026",
        ("listed", dt.date(2025, 10, 20)),
        ("owner-notice-received", dt.date(2026, 1, 19)),
    )
    page = open_page(DeadlinesPage, case_id, (1100, 700))
    assert page.regime_note.isVisible()
    assert "not settled in law" in page.regime_note.text()
    label = cell(page, "full-moratorium-ends", DeadlineTableModel.DEADLINE)
    assert label.endswith("(provisional)")
    page.table.selectRow(row_of(page, "full-moratorium-ends"))
    assert "Provisional" in page.detail.toPlainText()


def test_a_case_without_events(qtbot, open_page, ctx, ui_store, make_case) -> None:
    page = open_page(DeadlinesPage, make_case(ui_store, "New", "england-2011"), (1100, 700))
    assert page.summary.text().startswith("No open deadlines")
    assert page.model.rowCount() > 0  # every rule is listed, not yet triggered
    assert "Not started" in page.detail.toPlainText()


def test_a_deadline_can_be_selected_by_key(qtbot, ui_store, make_case) -> None:
    from cattool.ui.pages.deadlines import DeadlinesPage

    case_id = make_case(
        ui_store, "The Red Lion", "england-2011", ("owner-notice-received", dt.date(2026, 3, 2))
    )
    page = DeadlinesPage(WorkspaceContext(CaseSource.from_store(ui_store), dt.date(2026, 3, 5)))
    qtbot.addWidget(page)
    page.show_case(case_id)
    assert page.select_deadline("protected-period-ends")
    assert page.current_deadline().key == "protected-period-ends"
    assert not page.select_deadline("no-such-deadline")
