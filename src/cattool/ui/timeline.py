"""The case timeline: a picture a committee can read at a glance.

Coloured bands show the listing and the moratorium periods (from the case's computed
deadlines: start date to end date), a line marks today, and along the bottom are the events
recorded (dots) and the deadlines still to come (diamonds). Provisional periods (rules not
yet settled in law) are hatched with a dashed edge. Everything is drawn in logical
coordinates, so it is sharp on high-DPI screens, and text and axis use the palette, so it
reads in light and dark themes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from cattool.core.dates import format_date_long, format_date_short, format_date_weekday_long
from cattool.core.portfolio import CaseDetail
from cattool.core.rules.events import event_label

#: The periods drawn as bands: deadline key -> (band name, colour). Top lane first.
BAND_KINDS = {
    "listing-expires": ("Listed", "#2e7d32"),
    "protected-period-ends": ("Protected period", "#6a1b9a"),
    "full-moratorium-ends": ("Full moratorium", "#1565c0"),
    "interim-moratorium-ends": ("Interim moratorium", "#d84315"),
}
BAND_MEANING = {
    "listing-expires": "The building is on the council's list of assets of community value.",
    "protected-period-ends": "No new moratorium can start until this period ends.",
    "full-moratorium-ends": "No sale except to a community group: the time to raise the money.",
    "interim-moratorium-ends": "The group's request to bid must reach the council by the end.",
}
TODAY_COLOUR = "#c2185b"
DEADLINE_COLOUR = "#ef6c00"
MAX_SPAN_YEARS = 6
LABEL_ROWS = 3
_LEGEND_OFFSET = {"band": 28.0, "today": 14.0, "event": 16.0, "deadline": 16.0}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Band:
    key: str
    label: str
    start: dt.date
    end: dt.date
    provisional: bool
    colour: str


@dataclass(frozen=True, slots=True)
class Mark:
    """A point on the bottom lane: an event (dot) or a deadline still to come (diamond)."""

    label: str
    date: dt.date
    detail: str
    deadline: bool = False


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return dt.date(year, month + 1, min(day.day, (following - dt.timedelta(days=1)).day))


def fill_band(p: QPainter, rect: QRectF, colour: QColor, hatched: bool) -> None:
    """A band: solid, or (provisional) a pale hatch with a dashed edge."""
    if hatched:
        pale = QColor(colour)
        pale.setAlpha(45)
        p.fillRect(rect, pale)
        p.fillRect(rect, QBrush(colour, Qt.BrushStyle.BDiagPattern))
        p.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect)
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(rect, 3, 3)


def _diamond(x: float, y: float, r: float) -> list[QPointF]:
    return [QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)]


def place_label(
    x: float, natural: float, taken: list[list[tuple[float, float]]], left: float, right: float
) -> tuple[int, float, float]:
    """Where a label for a point at `x` goes: (row, left edge, width), right of the point
    if there is room, else left of it, in the first row where the whole label fits, else
    where the most of it fits (it is then shortened). Records the space it takes."""
    best = (0, x, 0.0)
    for row, spans in enumerate(taken):
        if any(a <= x <= b for a, b in spans):
            continue
        room_right = min([a for a, _ in spans if a > x] + [right]) - x
        room_left = x - max([b for _, b in spans if b < x] + [left])
        for room, side in ((room_right, 1), (room_left, -1)):
            width = min(natural, room - 4, 440.0)
            if width > best[2]:
                best = (row, x if side > 0 else x - width, width)
            if width >= natural:
                break
        if best[2] >= natural:
            break
    row, x0, width = best
    if width > 0:
        taken[row].append((x0 - 8, x0 + width + 8))
    return best


class TimelineWidget(QWidget):
    """`set_case(detail, today)`; `bands()`, `points()` and `markers()` say what is drawn."""

    LANE_H = 26.0
    MARGIN = 14.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bands: list[Band] = []
        self._marks: list[Mark] = []
        self._today = dt.date.today()
        self._start, self._end = add_months(self._today, -6), add_months(self._today, 6)
        self._hits: list[tuple[QRectF, str]] = []
        self.setAccessibleName("Timeline of the case")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # so a screen reader can reach it
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(420)
        self._fit_height()

    # ------------------------------------------------------------------ public API

    def set_case(self, detail: CaseDetail | None, today: dt.date) -> None:
        self._today, self._bands, self._marks = today, [], []
        if detail is not None:
            by_key = {d.key: d for d in detail.deadlines}
            for key, (name, colour) in BAND_KINDS.items():
                d = by_key.get(key)
                if d is None or d.date is None or d.start_date is None:
                    continue
                if key == "full-moratorium-ends" and d.label.endswith(" ends"):
                    name = d.label.removesuffix(" ends")  # "12-month moratorium"
                self._bands.append(Band(key, name, d.start_date, d.date, d.provisional, colour))
            self._marks = [Mark(event_label(e.kind), e.date, e.note) for e in detail.events]
            self._marks += [
                Mark(
                    d.label + (" (provisional)" if d.provisional else ""),
                    d.date,
                    d.explanation,
                    True,
                )
                for d in detail.deadlines
                if d.is_open and d.date and d.key not in BAND_KINDS
            ]
            self._marks.sort(key=lambda m: (m.date, m.deadline))
        self._choose_range()
        self.setAccessibleDescription(self.summary())
        self._fit_height()
        self.update()

    def bands(self) -> list[tuple[str, dt.date, dt.date, bool]]:
        """(label, start, end, provisional) for each band, top lane first."""
        return [(b.label, b.start, b.end, b.provisional) for b in self._bands]

    def points(self) -> list[tuple[str, dt.date]]:
        """(event label, date) for each event, in date order."""
        return [(m.label, m.date) for m in self._marks if not m.deadline]

    def markers(self) -> list[tuple[str, dt.date]]:
        """(label, date) for each open deadline that is not the end of a band."""
        return [(m.label, m.date) for m in self._marks if m.deadline]

    def date_range(self) -> tuple[dt.date, dt.date]:
        return self._start, self._end

    def summary(self) -> str:
        """The timeline in words, for screen readers."""
        if not self._bands and not self._marks:
            return "Nothing to show yet."
        parts = [
            f"{b.label}{' (provisional)' if b.provisional else ''}: "
            f"{format_date_long(b.start)} to {format_date_long(b.end)}"
            for b in self._bands
        ]
        parts += [f"{m.label}: {format_date_long(m.date)}" for m in self._marks]
        return f"Today is {format_date_long(self._today)}. " + "; ".join(parts) + "."

    def hit_text(self, x: float, y: float) -> str:
        """The tooltip at a point of the widget ('' where nothing is drawn)."""
        for rect, text in reversed(self._hits):
            if rect.contains(QPointF(x, y)):
                return text
        return ""

    # ------------------------------------------------------------------ layout

    def _choose_range(self) -> None:
        dates = [m.date for m in self._marks] + [b.start for b in self._bands]
        if not dates:
            self._start, self._end = add_months(self._today, -6), add_months(self._today, 6)
            return
        start = add_months(min(dates), -1)
        last = max([self._today, *(b.end for b in self._bands), *dates])
        end = add_months(last, 1)
        if add_months(start, 12 * MAX_SPAN_YEARS) < end:  # too long: keep today in view
            end = min(end, max(add_months(start, 12 * MAX_SPAN_YEARS), add_months(self._today, 12)))
            start = max(start, add_months(end, -12 * MAX_SPAN_YEARS))
        self._start, self._end = start, max(end, start + dt.timedelta(days=120))

    def _rows(self) -> tuple[float, ...]:
        """The top of each part: ticks, today label, lanes, mark line, labels, legend, end."""
        line = QFontMetricsF(self.font()).height()
        ticks = self.MARGIN
        today = ticks + 2 * line + 2
        lanes = today + line + 4
        marks = lanes + max(1, len(self._bands)) * self.LANE_H + 11
        labels = marks + 12
        legend = labels + (LABEL_ROWS if len(self._marks) > 1 else 1) * (line + 4) + 8
        lines = 1 + max((item[-1] for item in self._legend()), default=0)
        return ticks, today, lanes, marks, labels, legend, legend + lines * (line + 4) + self.MARGIN

    def _fit_height(self) -> None:
        self.setFixedHeight(int(self._rows()[-1]))

    def sizeHint(self) -> QSize:
        return QSize(900, self.height())

    def _x(self, day: dt.date) -> float:
        span = max(1, (self._end - self._start).days)
        return self._left + (day - self._start).days / span * (self._right - self._left)

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._left, self._right = (
            self.MARGIN + 4,
            max(self.MARGIN + 40, self.width() - self.MARGIN - 14),
        )
        self._text = self.palette().color(QPalette.ColorRole.WindowText)
        self._mid = self.palette().color(QPalette.ColorRole.Mid)
        self._fm = QFontMetricsF(self.font())
        self._hits = []
        ticks, today, lanes, marks, labels, legend, _ = self._rows()
        self._paint_ticks(p, ticks, today, marks)
        self._paint_bands(p, lanes)
        if not self._bands and not self._marks:
            p.setPen(self._text)
            p.drawText(
                QRectF(self._left, lanes, self._right - self._left, self.LANE_H),
                Qt.AlignmentFlag.AlignCenter,
                "Nothing to show yet: add events, such as the day the council listed the building.",
            )
        p.setPen(QPen(self._mid, 1.5))
        p.drawLine(QPointF(self._left, marks), QPointF(self._right, marks))
        self._paint_marks(p, marks, labels)
        self._paint_today(p, today, marks)
        self._paint_legend(p, legend)
        p.end()

    def _paint_ticks(self, p: QPainter, top: float, grid_top: float, bottom: float) -> None:
        months = (self._end.year - self._start.year) * 12 + self._end.month - self._start.month
        per_month = (self._right - self._left) / max(1, months)
        step = next((s for s in (1, 2, 3, 6, 12, 24) if per_month * s >= 56), 24)
        day = add_months(dt.date(self._start.year, self._start.month, 1), 1)
        grid = QColor(self._mid)
        grid.setAlpha(90)
        bold = QFont(self.font())
        bold.setBold(True)
        first = True
        while day <= self._end:
            x = self._x(day)
            labelled = (day.year * 12 + day.month - 1) % step == 0
            if per_month >= 5 or labelled:
                style = Qt.PenStyle.SolidLine if labelled else Qt.PenStyle.DotLine
                p.setPen(QPen(grid, 1, style))
                p.drawLine(QPointF(x, grid_top - (4 if labelled else 0)), QPointF(x, bottom))
            if labelled:
                p.setPen(self._text)
                y = top + self._fm.ascent()
                if step < 12:
                    p.drawText(QPointF(x + 3, y), _MONTHS[day.month - 1])
                    y += self._fm.height()
                if day.month == 1 or first or step >= 12:
                    p.setFont(bold)
                    p.drawText(QPointF(x + 3, y), str(day.year))
                    p.setFont(self.font())
                first = False
            day = add_months(day, 1)

    def _paint_bands(self, p: QPainter, top: float) -> None:
        left, right = self._left, self._right
        for lane, band in enumerate(self._bands):
            y, h = top + lane * self.LANE_H + 3, self.LANE_H - 6
            x0, x1 = max(left, self._x(band.start)), self._x(band.end + dt.timedelta(days=1))
            beyond, x1 = x1 > right + 0.5, min(right, x1)
            if x1 <= left or x0 >= right:
                continue
            rect = QRectF(x0, y, max(2.0, x1 - x0), h)
            colour = self._band_colour(band)
            fill_band(p, rect, colour, band.provisional)
            if beyond:  # the band runs on past the right edge: an arrow says so
                arrow = QPainterPath(QPointF(right - 1, y - 2))
                arrow.lineTo(right + 10, y + h / 2)
                arrow.lineTo(right - 1, y + h + 2)
                arrow.closeSubpath()
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(colour)
                p.drawPath(arrow)
            name = band.label + (" (provisional)" if band.provisional else "")
            dates = f"{format_date_short(band.start)} – {format_date_short(band.end)}"
            if beyond:
                dates = f"from {format_date_short(band.start)}, ends {format_date_long(band.end)}"
            self._band_caption(p, rect, f"{name}: {dates}", name, band.provisional)
            tip = (
                f"<b>{band.label}</b>{' (provisional)' if band.provisional else ''}<br>"
                f"From {format_date_weekday_long(band.start)}<br>to the end of "
                f"{format_date_weekday_long(band.end)}<br>{BAND_MEANING[band.key]}"
            )
            if band.provisional:
                tip += "<br><i>Provisional: the rule is not settled in law yet.</i>"
            self._hits.append((rect.adjusted(0, 0, 10 if beyond else 0, 0), tip))

    def _band_colour(self, band: Band) -> QColor:
        colour = QColor(band.colour)
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return colour.lighter(160) if dark and band.provisional else colour  # hatch stays visible

    def _band_caption(self, p: QPainter, rect: QRectF, full: str, name: str, hatched: bool) -> None:
        """Inside the band if it fits; else beside it in the text colour; else shortened."""
        fm, flags = self._fm, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        inside = rect.adjusted(6, 0, -4, 0)
        text = next((t for t in (full, name) if fm.horizontalAdvance(t) <= inside.width()), "")
        if text:
            if hatched:  # text on a hatch needs a plain backing to stay readable
                back = QRectF(
                    inside.left() - 2,
                    rect.center().y() - fm.height() / 2,
                    fm.horizontalAdvance(text) + 4,
                    fm.height(),
                )
                p.fillRect(back, self.palette().color(QPalette.ColorRole.Base))
                p.setPen(self.palette().color(QPalette.ColorRole.Text))
            else:
                p.setPen(QColor("white"))
            p.drawText(inside, flags, text)
            return
        p.setPen(self._text)
        for text in (full, name):
            width = fm.horizontalAdvance(text) + 8
            if rect.right() + width <= self._right:
                p.drawText(QRectF(rect.right() + 6, rect.top(), width, rect.height()), flags, text)
                return
            if rect.left() - width >= self._left:
                p.drawText(
                    QRectF(rect.left() - width, rect.top(), width, rect.height()), flags, text
                )
                return
        p.drawText(inside, flags, fm.elidedText(name, Qt.TextElideMode.ElideRight, inside.width()))

    def _paint_marks(self, p: QPainter, y: float, labels_top: float) -> None:
        fm, window = self._fm, self.palette().color(QPalette.ColorRole.Window)
        rows = LABEL_ROWS if len(self._marks) > 1 else 1
        taken: list[list[tuple[float, float]]] = [[] for _ in range(rows)]
        shown = [m for m in self._marks if self._start <= m.date <= self._end]
        placed = []
        # Labels nearest today are placed first: when space is short, old news gives way.
        for mark in sorted(shown, key=lambda m: abs((m.date - self._today).days)):
            x = self._x(mark.date)
            full = f"{mark.label} ({format_date_short(mark.date)})"
            natural = fm.horizontalAdvance(full) + 6
            row, x0, width = place_label(x, natural, taken, self._left, self._right)
            if width >= 60:
                text = fm.elidedText(full, Qt.TextElideMode.ElideRight, width - 6)
                box = QRectF(x0, labels_top + row * (fm.height() + 4), width, fm.height())
                placed.append((mark, x, text, box))
                p.setPen(QPen(self._mid, 1))  # leader lines first: labels cover them
                p.drawLine(QPointF(x, y + 6), QPointF(x, box.top() + 2))
        italic = QFont(self.font())
        italic.setItalic(True)
        for mark, _, text, box in placed:
            p.fillRect(box, window)
            p.setPen(self._text)
            p.setFont(italic if mark.deadline else self.font())
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        p.setFont(self.font())
        for mark in shown:
            x = self._x(mark.date)
            p.setPen(QPen(window, 1.5))
            if mark.deadline:
                p.setBrush(QColor(DEADLINE_COLOUR))
                p.drawPolygon(_diamond(x, y, 7))
            else:
                p.setBrush(self._text)
                p.drawEllipse(QPointF(x, y), 5, 5)
            kind = "Deadline to come" if mark.deadline else "Event"
            tip = f"<b>{mark.label}</b><br>{kind}: {format_date_weekday_long(mark.date)}"
            tip += f"<br>{mark.detail}" if mark.detail else ""
            self._hits.append((QRectF(x - 8, y - 8, 16, 16), tip))
            self._hits += [(box, tip) for m, _, _, box in placed if m is mark]
        earlier = sum(1 for m in self._marks if m.date < self._start)
        if earlier:
            p.setPen(self._text)
            p.drawText(QPointF(self._left, y - 8), f"◀ {earlier} earlier")

    def _paint_today(self, p: QPainter, top: float, bottom: float) -> None:
        if not self._start <= self._today <= self._end:
            return
        x, fm = self._x(self._today), self._fm
        p.setPen(QPen(QColor(TODAY_COLOUR), 2))
        p.drawLine(QPointF(x, top + fm.height()), QPointF(x, bottom + 8))
        caption = f"Today, {format_date_short(self._today)}"
        w = fm.horizontalAdvance(caption) + 8
        box = QRectF(min(max(self._left, x - w / 2), self._right - w), top, w, fm.height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(TODAY_COLOUR))
        p.drawRoundedRect(box, 3, 3)
        p.setPen(QColor("white"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, caption)
        self._hits.append((box, f"Today: {format_date_weekday_long(self._today)}"))

    def _legend(self) -> list[tuple[str, str, QColor, bool, float, int]]:
        """(symbol, words, colour, hatched, x, line) for each legend entry, wrapped."""
        items = [("band", b.label, self._band_colour(b), b.provisional) for b in self._bands]
        if any(b.provisional for b in self._bands):
            items.append(("band", "(provisional)", QColor("#757575"), True))
        items += [("today", "Today", QColor(TODAY_COLOUR), False)]
        items += [("event", "Event", self.palette().color(QPalette.ColorRole.WindowText), False)]
        if any(m.deadline for m in self._marks):
            items.append(("deadline", "Deadline to come", QColor(DEADLINE_COLOUR), False))
        items.append(("", "(point at anything for details)", QColor(), False))
        fm, left = QFontMetricsF(self.font()), self.MARGIN + 4
        right = max(left + 200, self.width() - self.MARGIN - 14)
        x, line, out = left, 0, []
        for symbol, words, colour, hatched in items:
            width = _LEGEND_OFFSET.get(symbol, 0) + fm.horizontalAdvance(words)
            if x + width > right and x > left:
                x, line = left, line + 1
            out.append((symbol, words, colour, hatched, x, line))
            x += width + 18
        return out

    def _paint_legend(self, p: QPainter, top: float) -> None:
        fm = self._fm
        for symbol, words, colour, hatched, x, line in self._legend():
            y = top + line * (fm.height() + 4)
            mid = y + fm.height() / 2
            if symbol == "band":
                fill_band(p, QRectF(x, mid - 6, 22, 12), colour, hatched)
            elif symbol == "today":
                p.setPen(QPen(colour, 2))
                p.drawLine(QPointF(x + 6, y), QPointF(x + 6, y + fm.height()))
            elif symbol:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(colour)
                if symbol == "event":
                    p.drawEllipse(QPointF(x + 5, mid), 5, 5)
                else:
                    p.drawPolygon(_diamond(x + 5, mid, 6))
            p.setPen(self._text)
            p.drawText(QPointF(x + _LEGEND_OFFSET.get(symbol, 0), y + fm.ascent()), words)

    def resizeEvent(self, event: object) -> None:
        self._fit_height()  # the legend may wrap onto more lines
        super().resizeEvent(event)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ tooltips

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            tip = self.hit_text(pos.x(), pos.y())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
