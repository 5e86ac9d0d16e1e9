"""Evidence of support page: add a ballot as a user would, see turnout and yes share live
and in the totals; bad counts get a message and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import TODAY

from cattool.core import services
from cattool.core.model import Evidence
from cattool.ui.pages.evidence import EvidencePage, EvidenceRow, totals_text


@pytest.fixture
def page(open_page, ui_store, make_case) -> EvidencePage:
    return open_page(EvidencePage, make_case(ui_store, "Hendon Library", "england-2026"))


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def items(ctx) -> list[Evidence]:  # type: ignore[no-untyped-def]
    return ctx.read(lambda s: s.query(Evidence).order_by(Evidence.id).all())


def open_add(qtbot, page: EvidencePage, kind: str):  # type: ignore[no-untyped-def]
    click(qtbot, page.list.add_button)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    return dialog


def label_of(dialog, name: str) -> str:  # type: ignore[no-untyped-def]
    return dialog.form.labelForField(dialog.counts[name]).text()


def test_add_ballot_live_shares_totals_undo_redo(qtbot, page, ctx, messages) -> None:
    assert "No evidence recorded yet" in page.totals.text()
    dialog = open_add(qtbot, page, "ballot")
    assert label_of(dialog, "reached").startswith("Electorate")
    assert label_of(dialog, "responses") == "Votes cast:"
    assert label_of(dialog, "in_favour") == "Yes votes:"
    qtbot.keyClicks(dialog.title_edit, "Residents' ballot")
    qtbot.keyClicks(dialog.date.edit, "1/3/26")
    qtbot.keyClicks(dialog.counts["reached"], "600")
    qtbot.keyClicks(dialog.counts["responses"], "400")
    assert dialog.live.text() == "67% turnout"
    qtbot.keyClicks(dialog.counts["in_favour"], "292")
    assert dialog.live.text() == "67% turnout, 73% yes"
    click(qtbot, dialog.save_button())

    assert messages == [] and not dialog.isVisible()
    [item] = items(ctx)
    assert (item.kind, item.held_on) == ("ballot", dt.date(2026, 3, 1))
    assert (item.reached, item.responses, item.in_favour) == (600, 400, 292)
    assert page.totals.text() == "Ballot: 67% turnout, 73% yes"
    model = page.list.model
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[:8] == [
        "Ballot",
        "Residents' ballot",
        "Sun 1 Mar 2026",
        "600",
        "400",
        "292",
        "67%",
        "73%",
    ]

    ctx.undo_stack.undo()
    assert items(ctx) == [] and page.list.model.rowCount() == 0
    ctx.undo_stack.redo()
    assert len(items(ctx)) == 1 and page.totals.text() == "Ballot: 67% turnout, 73% yes"


def test_labels_follow_the_kind(qtbot, page) -> None:
    dialog = open_add(qtbot, page, "petition")
    assert label_of(dialog, "responses") == "Signatures:"
    assert not dialog.counts["reached"].isVisible()
    assert not dialog.counts["in_favour"].isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData("survey"))
    assert dialog.counts["reached"].isVisible()
    assert label_of(dialog, "reached") == "People asked:"
    assert label_of(dialog, "in_favour") == "Supportive answers:"
    dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
    assert label_of(dialog, "responses") == "Attendance:"


def test_more_responses_than_reached_is_refused(qtbot, page, ctx, messages) -> None:
    dialog = open_add(qtbot, page, "survey")
    qtbot.keyClicks(dialog.counts["reached"], "100")
    qtbot.keyClicks(dialog.counts["responses"], "150")
    assert "check the figures" in dialog.live.text()
    click(qtbot, dialog.save_button())
    assert dialog.isVisible()
    assert len(messages) == 1 and "More responses (150) than people reached (100)" in messages[0]
    assert items(ctx) == [] and ctx.undo_stack.count() == 0


def test_a_non_number_is_refused(qtbot, page, ctx, messages) -> None:
    dialog = open_add(qtbot, page, "petition")
    qtbot.keyClicks(dialog.counts["responses"], "lots")
    assert "whole number" in dialog.live.text()
    click(qtbot, dialog.save_button())
    assert dialog.isVisible()
    assert messages and "Signatures: type a whole number" in messages[0]
    assert items(ctx) == [] and ctx.undo_stack.count() == 0
    dialog.counts["responses"].clear()
    qtbot.keyClicks(dialog.counts["responses"], "1,834")
    click(qtbot, dialog.save_button())
    assert items(ctx)[0].responses == 1834
    assert page.totals.text() == "Petition: 1,834 signatures"


def test_a_future_date_is_refused(qtbot, page, ctx, messages) -> None:
    dialog = open_add(qtbot, page, "meeting")
    qtbot.keyClicks(dialog.date.edit, "1/4/2026")
    click(qtbot, dialog.save_button())
    assert messages and dialog.isVisible()
    assert items(ctx) == []


def test_edit_and_remove(qtbot, page, ctx, ui_store, messages) -> None:
    with ui_store.transaction() as session:
        services.add_evidence(
            session, page.case_id, "survey", today=TODAY, reached=1200, responses=640
        )
    page.load()
    page.list.view.selectRow(0)
    click(qtbot, page.list.edit_button)
    dialog = page.dialog
    assert dialog.counts["responses"].text() == "640"
    qtbot.keyClicks(dialog.counts["in_favour"], "610")
    assert dialog.live.text() == "53% response rate, 95% supportive"
    click(qtbot, dialog.save_button())
    assert items(ctx)[0].in_favour == 610
    assert "95% supportive" in page.totals.text()

    dialog.counts["in_favour"].clear()  # a stale dialog is not reused
    page.list.view.selectRow(0)
    click(qtbot, page.list.edit_button)
    page.dialog.counts["in_favour"].setText("700")
    click(qtbot, page.dialog.save_button())
    assert "More in favour (700) than responses (640)" in messages[-1]
    assert items(ctx)[0].in_favour == 610
    page.dialog.reject()

    page.list.view.selectRow(0)
    click(qtbot, page.list.remove_button)
    assert items(ctx) == []
    ctx.undo_stack.undo()
    assert items(ctx)[0].in_favour == 610
    ctx.undo_stack.undo()
    assert items(ctx)[0].in_favour is None


def test_totals_add_up_by_kind() -> None:
    def row(kind, reached, responses, yes):  # type: ignore[no-untyped-def]
        return EvidenceRow(1, kind, "", None, reached, responses, yes, "")

    text = totals_text(
        [
            row("ballot", 600, 400, 292),
            row("ballot", 400, 364, 339),
            row("petition", None, 1834, None),
            row("meeting", None, 180, None),
        ]
    )
    assert text == (
        "Petition: 1,834 signatures · Public meeting: 180 attended · "
        "Ballot (2): 76% turnout, 83% yes"
    )
