"""The overview page and the timeline: stage, next actions, bands and points, notes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication
from tests.ui.conftest import TODAY, push_event

from cattool.core import queries
from cattool.core.model import Case
from cattool.core.tasks import add_task
from cattool.ui.context import WorkspaceContext
from cattool.ui.pages.overview import ActionsModel, OverviewPage
from cattool.ui.timeline import TimelineWidget, place_label

NOTICE = dt.date(2026, 3, 2)
OWNER_NOTICE = "Council received the owner's notice of intended sale"


def cell(page: OverviewPage, row: int, column: int) -> str:
    return page.actions.index(row, column).data()


def notes(ctx: WorkspaceContext, case_id: int) -> str:
    return ctx.read(lambda s: s.get(Case, case_id).notes)


def test_stage_next_actions_and_timeline(qtbot, open_page, ctx, ui_store, make_case) -> None:
    case_id = make_case(ui_store, "The Red Lion", "england-2011", ("owner-notice-received", NOTICE))
    page = open_page(OverviewPage, case_id, (1100, 800))
    assert page.stage.text() == "Interim moratorium"
    assert "Community Right to Bid" in page.regime.text()
    assert page.actions.rowCount() == 2  # two deadlines running, no tasks yet
    assert cell(page, 0, ActionsModel.WHEN) == "Sunday 12 April 2026"
    assert cell(page, 0, ActionsModel.DAYS) == "38 days"
    assert cell(page, 0, ActionsModel.WHO) == "The community group"
    assert cell(page, 0, ActionsModel.WHAT).startswith("Interim moratorium ends")
    assert page.timeline.points() == [(OWNER_NOTICE, NOTICE)]
    assert [b[0] for b in page.timeline.bands()] == ["Protected period", "Interim moratorium"]

    # An event added anywhere (here through the undo stack) reloads the page.
    push_event(ctx, case_id, "bidder-request-received", dt.date(2026, 3, 4))
    assert page.stage.text() == "Full moratorium"
    assert "Full moratorium" in [b[0] for b in page.timeline.bands()]
    ctx.undo_stack.undo()
    assert page.stage.text() == "Interim moratorium"


def test_open_tasks_fill_the_three_actions(qtbot, open_page, ctx, ui_store, make_case) -> None:
    case_id = make_case(
        ui_store, "Hall", "england-2011", ("nomination-submitted", dt.date(2026, 2, 2))
    )
    with ui_store.transaction() as session:
        add_task(session, case_id, "Book the hall", today=TODAY, due_date=dt.date(2026, 3, 20))
        add_task(session, case_id, "Print leaflets", today=TODAY)
    page = open_page(OverviewPage, case_id, (1100, 800))
    assert page.stage.text() == "Nominated"
    whats = [cell(page, r, ActionsModel.WHAT) for r in range(page.actions.rowCount())]
    assert whats == [
        "Council's decision on the nomination due",
        "Task: Book the hall",
        "Task: Print leaflets",
    ]
    assert cell(page, 1, ActionsModel.WHEN) == "Friday 20 March 2026"
    assert cell(page, 1, ActionsModel.DAYS) == "15 days"
    assert cell(page, 2, ActionsModel.WHEN) == "No date"


def test_empty_case_says_nothing_is_due(qtbot, open_page, ctx, ui_store, make_case) -> None:
    page = open_page(OverviewPage, make_case(ui_store, "New", "england-2011"), (1100, 800))
    assert page.stage.text().startswith("Identified")
    assert page.no_actions.isVisible() and not page.actions_view.isVisible()
    assert page.timeline.bands() == [] and page.timeline.points() == []
    assert page.timeline.summary() == "Nothing to show yet."
    page.timeline.grab()  # paints the empty state without error


def test_notes_save_on_button_and_focus_out_with_undo(
    qtbot, open_page, ctx, ui_store, make_case
) -> None:
    case_id = make_case(ui_store, "The Red Lion", "england-2011")
    page = open_page(OverviewPage, case_id, (1100, 800))
    assert page.notes_state.text() == "Saved" and not page.save_notes_button.isEnabled()
    qtbot.keyClicks(page.notes, "Meeting on Tuesday")
    assert page.notes_state.text() == "Not saved yet"
    qtbot.mouseClick(page.save_notes_button, Qt.MouseButton.LeftButton)
    assert notes(ctx, case_id) == "Meeting on Tuesday"
    assert page.notes_state.text() == "Saved"

    qtbot.keyClicks(page.notes, " at 7pm")
    QApplication.sendEvent(page.notes, QFocusEvent(QEvent.Type.FocusOut))
    assert notes(ctx, case_id) == "Meeting on Tuesday at 7pm"

    ctx.undo_stack.undo()
    assert notes(ctx, case_id) == "Meeting on Tuesday"
    assert page.notes.toPlainText() == "Meeting on Tuesday"
    ctx.undo_stack.undo()
    assert notes(ctx, case_id) == "" and page.notes.toPlainText() == ""
    ctx.undo_stack.redo()
    assert page.notes.toPlainText() == "Meeting on Tuesday"


def test_unsaved_notes_are_kept_when_switching_case(
    qtbot, open_page, ctx, ui_store, make_case
) -> None:
    first = make_case(ui_store, "First", "england-2011")
    second = make_case(ui_store, "Second", "england-2011")
    page = open_page(OverviewPage, first, (1100, 800))
    qtbot.keyClicks(page.notes, "typed but not saved")
    page.show_case(second)
    assert notes(ctx, first) == "typed but not saved"
    assert page.notes.toPlainText() == ""


def detail_for(ctx: WorkspaceContext, case_id: int):
    return ctx.read(lambda s: queries.case_detail(s, case_id, TODAY))


def test_timeline_bands_points_and_tooltips(qtbot, ctx, ui_store, make_case) -> None:
    case_id = make_case(
        ui_store,
        "The Red Lion",
        "england-2011",
        ("owner-notice-received", NOTICE),
        ("bidder-request-received", dt.date(2026, 3, 4)),
    )
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.resize(1000, timeline.height())
    timeline.set_case(detail_for(ctx, case_id), TODAY)
    assert timeline.bands() == [
        ("Protected period", NOTICE, dt.date(2027, 9, 1), False),
        ("Full moratorium", NOTICE, dt.date(2026, 9, 1), False),
        ("Interim moratorium", NOTICE, dt.date(2026, 4, 12), False),
    ]
    assert timeline.points() == [
        (OWNER_NOTICE, NOTICE),
        (
            "Council received the group's request to bid / notice of intention to buy",
            dt.date(2026, 3, 4),
        ),
    ]
    start, end = timeline.date_range()
    assert start == dt.date(2026, 2, 2) and end == dt.date(2027, 10, 1)
    assert "Today is 5 March 2026" in timeline.accessibleDescription()

    timeline.grab()  # paint, which lays out the parts that have tooltips
    tips = {
        timeline.hit_text(x, y)
        for x in range(0, timeline.width(), 3)
        for y in range(0, timeline.height(), 3)
    }
    joined = "\n".join(tips)
    assert "<b>Interim moratorium</b>" in joined
    assert "Sunday 12 April 2026" in joined
    assert f"<b>{OWNER_NOTICE}</b>" in joined
    assert "Today: Thursday 5 March 2026" in joined
    assert timeline.hit_text(1, 1) == ""


def test_timeline_marks_provisional_bands_and_clips_long_ranges(qtbot, ctx, ui_store, make_case):
    provisional = make_case(ui_store, "Library", "england-2026", ("listed", dt.date(2025, 10, 20)))
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.set_case(detail_for(ctx, provisional), TODAY)
    assert timeline.bands() == [("Listed", dt.date(2025, 10, 20), dt.date(2030, 10, 19), True)]
    assert "(provisional)" in timeline.summary()
    assert any(label.startswith("Re-nominate by") for label, _ in timeline.markers())
    timeline.grab()

    old = make_case(
        ui_store,
        "Old pub",
        "england-2011",
        ("nomination-submitted", dt.date(2017, 1, 10)),
        ("listed", dt.date(2025, 6, 1)),
    )
    timeline.set_case(detail_for(ctx, old), TODAY)
    start, end = timeline.date_range()
    assert start <= TODAY <= end
    assert (end - start).days <= 6 * 366
    assert end < dt.date(2030, 5, 31)  # the listing runs on past the edge: drawn as an arrow
    timeline.grab()


def test_labels_are_placed_without_overlapping() -> None:
    taken: list[list[tuple[float, float]]] = [[], [], []]
    first = place_label(100, 300, taken, 0, 1000)
    second = place_label(150, 300, taken, 0, 1000)
    assert first == (0, 100, 300) and second[0] == 1
    squeezed = place_label(990, 300, [[]], 0, 1000)
    assert squeezed[1] < 990  # no room on the right: the label goes to the left
