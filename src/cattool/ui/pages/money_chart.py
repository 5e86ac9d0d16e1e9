"""The Money page's burn-up chart (QtCharts): money secured and money likely over time, the
need as a horizontal line and the statutory deadline as a vertical line labelled with its
date (marked provisional when it is), and a what-if line when a scenario is tried.

This module imports PySide6.QtCharts (from PySide6-Addons): the Money page imports it
only when it builds its chart, never at start-up. Colours follow the palette, so the
chart reads in light and dark themes; money is Decimal up to here and becomes float only
as a coordinate on the chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCharts import (
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
)
from PySide6.QtCore import QDate, QDateTime, QEvent, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QVBoxLayout, QWidget

from cattool.core.dates import format_date_long, format_date_short
from cattool.core.money.format import ZERO, format_money
from cattool.core.money.projection import BurnUpPoint
from cattool.ui.pages.money_data import DeadlineMark, deadline_text
from cattool.ui.pages.money_fields import is_dark

# (light theme, dark theme) colours of each line.
COLOURS = {
    "secured": ("#2e7d32", "#81c784"),
    "projected": ("#1565c0", "#64b5f6"),
    "what_if": ("#e65100", "#ffb74d"),
    "need": ("#424242", "#e0e0e0"),
    "minimum": ("#757575", "#9e9e9e"),
    "deadline": ("#b00020", "#ef9a9a"),
}
NICE_STEPS = (1, 2, 2.5, 5)


def _msecs(day: dt.date) -> float:
    """Midday of `day` as the chart's x coordinate (milliseconds since the epoch)."""
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × a power of ten) giving about `ticks` intervals."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** int(f"{raw:e}".split("e")[1])
    for step in NICE_STEPS:
        if raw <= step * power:
            return step * power
    return 10 * power


def colour(name: str) -> QColor:
    light, dark = COLOURS[name]
    return QColor(dark if is_dark() else light)


class BurnUpChart(QWidget):
    """A QChartView with the burn-up lines; `show_data` draws them again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = QChart()
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName("Burn-up chart: money secured and likely, to the deadline")
        self.view.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # so a screen reader reaches it
        self.view.setMinimumHeight(300)
        self.secured_series = self._series("Secured", "secured", 3)
        self.projected_series = self._series("Likely", "projected", 3)
        self.what_if_series = self._series("What if", "what_if", 3, Qt.PenStyle.DashLine)
        self.need_series = self._series("Need", "need", 2, Qt.PenStyle.DashLine)
        self.minimum_series = self._series("Minimum need", "minimum", 1, Qt.PenStyle.DotLine)
        self.deadline_series = self._series("Deadline", "deadline", 2)
        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat("d MMM yy")
        self.x_axis.setTickCount(6)
        self.y_axis = QCategoryAxis()
        self.y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in self.all_series():
            self.chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        self.deadline_label = QGraphicsSimpleTextItem(self.chart)
        self.deadline_label.setAcceptHoverEvents(False)
        font = QFont(self.font())
        font.setBold(True)
        self.deadline_label.setFont(font)
        self.chart.plotAreaChanged.connect(lambda _area: self._place_deadline_label())
        self._deadline: DeadlineMark | None = None
        self._top = 1.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._apply_palette()

    def all_series(self) -> list[QLineSeries]:
        return [
            self.need_series,
            self.minimum_series,
            self.secured_series,
            self.projected_series,
            self.what_if_series,
            self.deadline_series,
        ]

    def _series(
        self, name: str, key: str, width: int, style: Qt.PenStyle = Qt.PenStyle.SolidLine
    ) -> QLineSeries:
        series = QLineSeries()
        series.setName(name)
        series.setProperty("colourKey", key)
        series.setProperty("penWidth", width)
        series.setProperty("penStyle", int(style.value))
        return series

    # ------------------------------------------------------------------ drawing

    def show_data(
        self,
        points: Sequence[BurnUpPoint],
        need: Decimal,
        minimum: Decimal,
        deadline: DeadlineMark | None,
        what_if: Sequence[BurnUpPoint] | None = None,
    ) -> None:
        """Draw the lines: `points` from today on, `what_if` beside them when given."""
        days = [p.date for p in points] or [dt.date.today()]
        start, end = min(days), max(days)
        if deadline is not None and deadline.date >= start:
            end = max(end, deadline.date)
        if end <= start:
            end = start + dt.timedelta(days=30)
        values = [p.projected for p in points] + [p.secured for p in points]
        values += [p.projected for p in what_if or ()]
        values += [need, minimum]
        top_value = max(values, default=ZERO)
        step = nice_step(float(top_value) * 1.08 or 1000.0)
        ticks = int(float(top_value) * 1.08 // step) + 1
        top = step * max(ticks, 1)
        self._top = top
        self._line(self.secured_series, [(p.date, p.secured) for p in points], end)
        self._line(self.projected_series, [(p.date, p.projected) for p in points], end)
        self._line(self.what_if_series, [(p.date, p.projected) for p in what_if or ()], end)
        self.what_if_series.setVisible(bool(what_if))
        self._flat(self.need_series, need, start, end, f"Need {format_money(need)}")
        show_minimum = ZERO < minimum < need
        self._flat(self.minimum_series, minimum, start, end, f"Minimum {format_money(minimum)}")
        self.minimum_series.setVisible(show_minimum)
        self.need_series.setVisible(need > 0)
        self._deadline = deadline if deadline is not None and deadline.date >= start else None
        self.deadline_series.clear()
        if self._deadline is not None:
            x = _msecs(self._deadline.date)
            self.deadline_series.append(x, 0.0)
            self.deadline_series.append(x, top)
            when = format_date_short(self._deadline.date)
            provisional = " (provisional)" if self._deadline.provisional else ""
            self.deadline_series.setName(f"Deadline {when}{provisional}")
        self.deadline_series.setVisible(self._deadline is not None)
        self.x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(_msecs(start))),
            QDateTime.fromMSecsSinceEpoch(int(_msecs(end))),
        )
        self._y_labels(step, top)
        self._hide_unused_legend_markers()
        self._place_deadline_label()
        self.view.setAccessibleDescription(describe(points, need, self._deadline, what_if))
        self.view.setToolTip(self.view.accessibleDescription())

    def _line(
        self, series: QLineSeries, values: list[tuple[dt.date, Decimal]], end: dt.date
    ) -> None:
        series.clear()
        for day, value in values:
            series.append(_msecs(day), float(value))
        if values and values[-1][0] < end:  # the level holds to the chart's end
            series.append(_msecs(end), float(values[-1][1]))

    def _flat(
        self, series: QLineSeries, value: Decimal, start: dt.date, end: dt.date, name: str
    ) -> None:
        series.clear()
        series.append(_msecs(start), float(value))
        series.append(_msecs(end), float(value))
        series.setName(name)

    def _y_labels(self, step: float, top: float) -> None:
        for label in self.y_axis.categoriesLabels():
            self.y_axis.remove(label)
        self.y_axis.setStartValue(0.0)
        value = 0.0
        while value <= top + step / 2:
            self.y_axis.append(format_money(Decimal(str(round(value, 2)))), value)
            value += step
        self.y_axis.setRange(0.0, top)

    def _hide_unused_legend_markers(self) -> None:
        for marker in self.chart.legend().markers():
            series = marker.series()
            marker.setVisible(series.isVisible())

    def _place_deadline_label(self) -> None:
        mark = self._deadline
        self.deadline_label.setVisible(mark is not None)
        if mark is None:
            return
        self.deadline_label.setText(
            f"{format_date_short(mark.date)}" + (" (provisional)" if mark.provisional else "")
        )
        point = self.chart.mapToPosition(
            QPointF(_msecs(mark.date), self._top), self.deadline_series
        )
        width = self.deadline_label.boundingRect().width()
        area = self.chart.plotArea()
        x = point.x() - width - 6
        if x < area.left() + 4:
            x = point.x() + 6
        self.deadline_label.setPos(x, area.top() + 4)

    # ------------------------------------------------------------------ theme

    def _apply_palette(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        self.chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        self.chart.setBackgroundPen(QPen(grid))
        self.chart.legend().setLabelColor(text)
        for axis in (self.x_axis, self.y_axis):
            axis.setLabelsColor(text)
            axis.setLinePenColor(grid)
            axis.setGridLineColor(grid)
        for series in self.all_series():
            pen = QPen(colour(series.property("colourKey")))
            pen.setWidth(int(series.property("penWidth")))
            pen.setStyle(Qt.PenStyle(int(series.property("penStyle"))))
            series.setPen(pen)
        self.deadline_label.setBrush(colour("deadline"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_palette()
        super().changeEvent(event)


def describe(
    points: Sequence[BurnUpPoint],
    need: Decimal,
    deadline: DeadlineMark | None,
    what_if: Sequence[BurnUpPoint] | None,
) -> str:
    """The chart in words, for a screen reader (and the tooltip)."""
    if not points:
        return "No money to chart yet."
    first, last = points[0], points[-1]
    parts = [
        f"From {format_date_long(first.date)} to {format_date_long(last.date)}: "
        f"secured money goes from {format_money(first.secured, pence=False)} to "
        f"{format_money(last.secured, pence=False)}, likely money from "
        f"{format_money(first.projected, pence=False)} to "
        f"{format_money(last.projected, pence=False)}."
    ]
    if need > 0:
        parts.append(f"The need is {format_money(need, pence=False)}.")
    if what_if:
        parts.append(
            f"With the what-if changes, likely money reaches "
            f"{format_money(what_if[-1].projected, pence=False)}."
        )
    if deadline is not None:
        parts.append(f"Deadline: {deadline_text(deadline)}.")
    return " ".join(parts)
