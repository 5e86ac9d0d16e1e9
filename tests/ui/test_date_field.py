"""The date field: typed text read at once, errors in red with the reason."""

from __future__ import annotations

import datetime as dt

from cattool.ui.date_field import DateField

TODAY = dt.date(2026, 3, 5)


def test_typed_dates_are_read_at_once(qtbot) -> None:
    field = DateField(TODAY, past_only=True)
    qtbot.addWidget(field)
    seen: list = []
    field.dateChanged.connect(seen.append)
    for text, expected in [
        ("2/3/26", dt.date(2026, 3, 2)),
        ("3rd March", dt.date(2026, 3, 3)),
        ("last Friday", dt.date(2026, 2, 27)),
    ]:
        field.edit.clear()
        qtbot.keyClicks(field.edit, text)
        assert field.is_valid(), field.error()
        assert field.value() == expected
    assert field.reading.text() == "Friday 27 February 2026"
    assert seen[-1] == dt.date(2026, 2, 27)


def test_impossible_and_future_dates_are_refused_with_the_reason(qtbot) -> None:
    field = DateField(TODAY, past_only=True)
    qtbot.addWidget(field)
    qtbot.keyClicks(field.edit, "31/2/2026")
    assert not field.is_valid() and field.value() is None
    assert "February" in field.reading.text()
    assert "b00020" in field.reading.styleSheet()
    field.edit.clear()
    qtbot.keyClicks(field.edit, "tomorrow")
    assert not field.is_valid()
    assert "future" in field.error()


def test_optional_field_may_be_empty_and_calendar_sets_text(qtbot) -> None:
    field = DateField(TODAY, optional=True)
    qtbot.addWidget(field)
    assert field.is_valid() and field.value() is None
    field.set_value(dt.date(2026, 4, 12))
    assert field.value() == dt.date(2026, 4, 12)
    from PySide6.QtCore import QDate

    field._picked(QDate(2026, 5, 1))
    assert field.value() == dt.date(2026, 5, 1)
