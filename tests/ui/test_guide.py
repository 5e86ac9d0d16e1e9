"""The in-app guide: opens without blocking, explains every deadline, and can be searched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QWidget

from cattool.core.rules.regime import available_regimes, load_regime
from cattool.ui.guide import GuideDialog, show_guide


@pytest.fixture
def guide(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    dialog = show_guide(owner)
    qtbot.waitExposed(dialog)
    yield dialog  # (the owner stays alive, and with it the guide, until the test ends)


def test_guide_opens_non_modal(guide) -> None:
    assert isinstance(guide, QDialog)
    assert guide.isVisible()
    assert not guide.isModal()
    assert guide.windowModality() == Qt.WindowModality.NonModal
    assert guide.objectName() == "guideDialog"
    assert guide.browser.accessibleName() and guide.search_box.accessibleName()
    assert guide.toc.accessibleName() == "Contents"


def test_a_second_request_brings_the_same_guide_forward(guide) -> None:
    assert show_guide(guide.parentWidget()) is guide


def test_guide_explains_every_deadline_of_every_regime(guide) -> None:
    text = guide.browser.toPlainText()
    anchors = set(guide.anchors())
    assert set(available_regimes()) >= {"england-2011", "england-2026"}
    for regime_id in ("england-2011", "england-2026"):
        for period in load_regime(regime_id).periods:
            assert period.label in text, f"{regime_id}: {period.label!r} is not in the guide"
            assert f"deadline-{period.key}" in anchors, f"no section for {period.key}"


def test_guide_covers_the_volunteers_questions(guide) -> None:
    text = guide.browser.toPlainText()
    for phrase in (
        "Day 1 is the day the notice was received",
        "Weekends and bank holidays do not move the legal date",
        "month-end rule",
        "Sent or received?",
        "provisional",
        "Personal data",
        "Undo",
        "Reminders",
        "Calendar export",
        "Localism Act 2011",
        "SI 2012/2421",
        "English Devolution and Community Empowerment Act 2026",
        "This is not legal advice",
        "When to get a solicitor",
    ):
        assert phrase in text, phrase
    words = len(text.split())
    assert 1500 <= words <= 2700, words


def test_contents_lists_the_sections_and_jumps_to_them(guide, qtbot) -> None:
    tops = [guide.toc.topLevelItem(i).text(0) for i in range(guide.toc.topLevelItemCount())]
    assert "The life of a case" in tops
    assert "What each deadline means" in tops
    assert "How dates are counted" in tops
    bar = guide.browser.verticalScrollBar()
    bar.setValue(0)
    guide.show_section("sources")
    assert bar.value() > 0
    assert guide.toc.currentItem().text(0) == "Sources"


def test_search_finds_and_highlights(guide, qtbot) -> None:
    count = guide.find("protected period")
    assert count >= 2
    assert guide.match_count() == count
    assert guide.browser.textCursor().selectedText().lower() == "protected period"
    assert "matches" in guide.match_label.text()
    first = guide.browser.textCursor().selectionStart()
    # Enter in the Find box goes to the next match and does not close the guide
    guide.search_box.setFocus()
    qtbot.keyClick(guide.search_box, Qt.Key.Key_Return)
    assert guide.isVisible()
    assert guide.browser.textCursor().selectionStart() > first
    assert guide.browser.textCursor().selectedText().lower() == "protected period"


def test_search_with_no_match_says_so(guide) -> None:
    assert guide.find("xyzzy plugh") == 0
    assert guide.match_label.text() == "No matches"
    assert guide.find("") == 0
    assert guide.match_label.text() == ""


def test_the_timeline_picture_loads(guide) -> None:
    image = guide.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl("guide/moratorium.svg")
    )
    assert image is not None and not image.isNull()


def test_parentless_guide_is_kept_and_reused(qtbot) -> None:
    first = show_guide()
    qtbot.addWidget(first)
    assert isinstance(first, GuideDialog)
    assert show_guide(anchor="counting") is first


def test_guide_opens_at_the_top_and_contents_follow_the_reader(guide, qtbot) -> None:
    bar = guide.browser.verticalScrollBar()
    assert bar.value() == 0
    # choosing a section with the keyboard moves the text there
    guide.toc.setFocus()
    item = guide.toc.findItems("How dates are counted", Qt.MatchFlag.MatchExactly)[0]
    guide.toc.setCurrentItem(item)
    assert bar.value() > 0
    # scrolling the text moves the contents' selection
    bar.setValue(0)
    assert guide.toc.currentItem().text(0) == "The life of a case"
