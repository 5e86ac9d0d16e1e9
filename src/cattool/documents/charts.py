"""Charts for documents, drawn with Pillow into PNG bytes (no Qt, no display needed).

Two kinds of chart. `burn_up_chart`: money over time as steps (secured, likely), the
need as a horizontal line and the deadline as a labelled vertical one. `bar_chart`:
horizontal bars, one row per item, where each row overlays up
to three counts drawn from the same zero (for evidence of support: people reached, people
who took part, people in favour), with a legend, a scale with thousands separators and a
line of figures under each bar. Sizes are given in centimetres and points at a print
resolution (200 dpi), so text in the picture matches the document's text when the picture
is inserted at `width_cm`.

Text is drawn in Arial's metric twin (Liberation Sans) or DejaVu Sans when the computer
has one, else in the scalable font Pillow ships (which covers plain ASCII only, so other
characters are spelt out: "£" as "GBP", accents dropped). The same data on the same
computer always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

DPI = 200
INK = "#1F2A33"  # the house style's body text
MUTED = "#5B6770"
GRID = "#D5DDE1"
# Light to dark in the house teal; told apart by lightness as well as hue.
PALETTE = ("#C9DEE3", "#5E9CA8", "#0B5D6B")

# Fonts tried first (by file name, as Pillow finds them in the system's font folders).
FONT_FILES = (
    "LiberationSans-Regular.ttf",
    "Arial.ttf",
    "arial.ttf",
    "DejaVuSans.ttf",
)
# The characters Pillow's own font lacks, spelt in ASCII (others lose their accents).
ASCII_SPELLING = {
    "£": "GBP ",
    "€": "EUR ",
    "–": "-",
    "—": "-",
    "−": "-",
    "×": "x",
    "\u00a0": " ",
}

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True, slots=True)
class Series:
    """One count drawn in every row: its name in the legend and its colour."""

    name: str
    colour: str = ""  # empty: the house palette, light to dark


@dataclass(frozen=True, slots=True)
class BarRow:
    """One item: its label, one value per series (None: not counted) and figures to print."""

    label: str
    values: tuple[int | float | None, ...]
    note: str = ""


@cache
def _font_file() -> str | None:
    for name in FONT_FILES:
        try:
            ImageFont.truetype(name, 10)
        except OSError:
            continue
        return name
    return None


def _font(size_px: int) -> tuple[FontType, bool]:
    """A font `size_px` high, and whether it draws only ASCII (Pillow's own)."""
    name = _font_file()
    if name is not None:
        return ImageFont.truetype(name, size_px), False
    return ImageFont.load_default(size=size_px), True


def drawable(text: str, ascii_only: bool) -> str:
    """The text as the font can draw it: with Pillow's own font, plain ASCII."""
    if not ascii_only:
        return text
    spelt = "".join(ASCII_SPELLING.get(ch, ch) for ch in text)
    plain = unicodedata.normalize("NFKD", spelt)
    plain = plain.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')
    return plain.encode("ascii", "ignore").decode("ascii")


def nice_step(largest: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    if largest <= 0:
        return 1
    rough = largest / ticks
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 2.5, 5, 10):
        if rough <= factor * power:
            step = factor * power
            return step if step >= 1 else 1
    return 10 * power  # pragma: no cover (the loop always returns)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: FontType, width: float, lines: int):
    """Words wrapped to `width` pixels, at most `lines` lines (the last ends in '...')."""
    out: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and draw.textlength(last + "...", font=font) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "..."
    return out or [""]


def bar_chart(
    rows: Sequence[BarRow],
    series: Sequence[Series],
    *,
    title: str = "",
    axis_label: str = "",
    width_cm: float = 16.0,
    dpi: int = DPI,
) -> bytes:
    """A PNG of horizontal overlaid bars, one row per item (see the module docstring).

    The legend names only the series that have a value in some row.

    Within a row the bars share the zero line and the largest is drawn first, so each
    count stays visible (in favour inside took part inside reached).
    """
    if not rows:
        raise ValueError("A chart needs at least one row.")
    if not 1 <= len(series) <= 6:
        raise ValueError("A chart needs between one and six series.")
    for row in rows:
        if len(row.values) != len(series):
            raise ValueError(f"Row {row.label!r} has {len(row.values)} values, not {len(series)}.")
        if any(v is not None and v < 0 for v in row.values):
            raise ValueError(f"Row {row.label!r} has a negative value.")

    def px(cm: float) -> int:
        return round(cm / 2.54 * dpi)

    def pt(points: float) -> int:
        return round(points / 72 * dpi)

    body, ascii_only = _font(pt(8.5))
    small, _ = _font(pt(7.5))
    heading, _ = _font(pt(10))

    def text(value: str) -> str:
        return drawable(value, ascii_only)

    width = px(width_cm)
    margin = px(0.25)
    label_width = round(width * 0.3)
    plot_left = margin + label_width + px(0.3)
    plot_right = width - margin - px(0.5)  # room for the last scale number
    plot_width = plot_right - plot_left
    line = pt(8.5) * 1.25
    bar_height = px(0.42)
    note_height = round(pt(7.5) * 1.3)
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    labels = [_wrap(scratch, text(r.label), body, label_width, 3) for r in rows]
    note_width = plot_right + px(0.3) - plot_left
    notes = [_wrap(scratch, text(r.note), small, note_width, 2) if r.note else [] for r in rows]
    row_heights = [
        max(round(len(lines) * line), bar_height + px(0.05) + len(note) * note_height) + px(0.35)
        for lines, note in zip(labels, notes, strict=True)
    ]
    top = margin
    title_lines = _wrap(scratch, text(title), heading, width - 2 * margin, 2) if title else []
    top += round(len(title_lines) * pt(10) * 1.3)
    legend_top = top + (px(0.15) if title_lines else 0)
    top = legend_top + round(line) + px(0.3)
    plot_top = top
    plot_bottom = plot_top + sum(row_heights)
    height = plot_bottom + px(0.15) + round(line) + (round(line) if axis_label else 0) + margin

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)

    y = margin
    for text_line in title_lines:
        draw.text((margin, y), text_line, font=heading, fill=INK)
        y += round(pt(10) * 1.3)

    # Legend: a swatch and a name for each series, left to right.
    x = plot_left
    swatch = round(line * 0.7)
    for index, s in enumerate(series):
        if all(r.values[index] is None for r in rows):
            continue  # nothing drawn in this colour: no legend entry
        colour = s.colour or PALETTE[index % len(PALETTE)]
        sy = legend_top + (round(line) - swatch) // 2
        draw.rectangle((x, sy, x + swatch, sy + swatch), fill=colour, outline=MUTED)
        x += swatch + px(0.15)
        draw.text((x, legend_top), text(s.name), font=body, fill=INK)
        x += round(draw.textlength(text(s.name), font=body)) + px(0.5)

    # Scale: round steps, light vertical lines behind the bars.
    largest = max((v for r in rows for v in r.values if v is not None), default=0)
    step = nice_step(largest)
    top_value = step * max(1, math.ceil(largest / step))

    def xpos(value: float) -> int:
        return plot_left + round(plot_width * value / top_value)

    ticks = round(top_value / step)
    for tick in range(ticks + 1):
        value = tick * step
        tx = xpos(value)
        draw.line((tx, plot_top, tx, plot_bottom), fill=GRID, width=max(1, px(0.02)))
        label = _number(value)
        lw = draw.textlength(label, font=small)
        draw.text((tx - lw / 2, plot_bottom + px(0.1)), label, font=small, fill=MUTED)
    if axis_label:
        aw = draw.textlength(text(axis_label), font=body)
        draw.text(
            (plot_left + (plot_width - aw) / 2, plot_bottom + px(0.1) + round(line)),
            text(axis_label),
            font=body,
            fill=INK,
        )

    # Rows: label on the left, overlaid bars (largest first), figures underneath.
    y = plot_top
    for row, lines, note, row_height in zip(rows, labels, notes, row_heights, strict=True):
        ly = y + px(0.1)
        for text_line in lines:
            draw.text((margin, ly), text_line, font=body, fill=INK)
            ly += round(line)
        by = y + px(0.1)
        order = sorted(
            (i for i, v in enumerate(row.values) if v is not None),
            key=lambda i: -(row.values[i] or 0),
        )
        for i in order:
            value = row.values[i] or 0
            colour = series[i].colour or PALETTE[i % len(PALETTE)]
            right = max(xpos(value), plot_left + (1 if value else 0))
            draw.rectangle((plot_left, by, right, by + bar_height), fill=colour)
        ny = by + bar_height + px(0.05)
        for note_line in note:
            # On white, so the scale's lines do not run through the figures.
            nx = plot_left + px(0.1)
            nw = draw.textlength(note_line, font=small)
            draw.rectangle((nx - px(0.05), ny, nx + nw + px(0.05), ny + note_height), fill="white")
            draw.text((nx, ny), note_line, font=small, fill=INK)
            ny += note_height
        y += row_height
    draw.line((plot_left, plot_top, plot_left, plot_bottom), fill=MUTED, width=max(1, px(0.03)))

    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), optimize=True)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class BurnUpPoint:
    """Money on one day: what is secured and what is likely (drawn, never summed here)."""

    day: dt.date
    secured: float
    likely: float


def _month_ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of months between the dates, thinned to at most about eight."""
    months = []
    day = dt.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    step = max(1, math.ceil(len(months) / 8))
    return months[::step]


def burn_up_chart(
    points: Sequence[BurnUpPoint],
    *,
    need: float,
    need_label: str,
    deadline: dt.date | None = None,
    deadline_label: str = "",
    money_prefix: str = "£",
    width_cm: float = 16.0,
    height_cm: float = 9.0,
    dpi: int = DPI,
) -> bytes:
    """A PNG of money over time: secured (dark, filled) and likely (lighter line) drawn as
    steps from `points` (already stepped: the day before and the day money arrives), the
    need as a dashed horizontal line labelled `need_label`, and the deadline as a vertical
    line labelled `deadline_label` (say PROVISIONAL in it when it is)."""
    if len(points) < 1:
        raise ValueError("A burn-up chart needs at least one point.")
    ordered = sorted(points, key=lambda p: p.day)
    if len(ordered) == 1:
        only = ordered[0]
        ordered.append(BurnUpPoint(only.day + dt.timedelta(days=1), only.secured, only.likely))

    def px(cm: float) -> int:
        return round(cm / 2.54 * dpi)

    def pt(points_: float) -> int:
        return round(points_ / 72 * dpi)

    body, ascii_only = _font(pt(8.5))
    small, _ = _font(pt(7.5))

    def text(value: str) -> str:
        return drawable(value, ascii_only)

    width, height = px(width_cm), px(height_cm)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    line_h = round(pt(8.5) * 1.3)

    largest = max([need, *(max(p.secured, p.likely) for p in ordered)])
    step = nice_step(largest * 1.08 or 1)
    top_value = step * max(1, math.ceil(largest * 1.08 / step))
    labels = [
        text(f"{money_prefix}{_number(step * i)}") for i in range(round(top_value / step) + 1)
    ]
    margin = px(0.25)
    plot_left = margin + max(round(draw.textlength(lb, font=small)) for lb in labels) + px(0.25)
    plot_right = width - margin - px(0.2)
    legend_top = margin
    plot_top = legend_top + line_h + px(0.6)  # room for the deadline's label
    plot_bottom = height - margin - line_h - px(0.15)
    first, last = ordered[0].day, ordered[-1].day
    if deadline is not None:
        first, last = min(first, deadline), max(last, deadline)
    span = max((last - first).days, 1)

    def x_at(day: dt.date) -> int:
        return plot_left + round((plot_right - plot_left) * (day - first).days / span)

    def y_at(value: float) -> int:
        return plot_bottom - round((plot_bottom - plot_top) * value / top_value)

    # Scale: money up the side, months along the bottom.
    for i, label in enumerate(labels):
        y = y_at(step * i)
        draw.line((plot_left, y, plot_right, y), fill=GRID, width=max(1, px(0.02)))
        lw = draw.textlength(label, font=small)
        draw.text((plot_left - px(0.15) - lw, y - pt(7.5) * 0.6), label, font=small, fill=MUTED)
    for month in _month_ticks(first, last):
        x = x_at(month)
        draw.line((x, plot_bottom, x, plot_bottom + px(0.1)), fill=MUTED, width=max(1, px(0.02)))
        label = month.strftime("%b %Y")
        lw = draw.textlength(label, font=small)
        lx = min(max(x - lw / 2, plot_left - px(0.2)), width - margin - lw)
        draw.text((lx, plot_bottom + px(0.15)), label, font=small, fill=MUTED)

    def steps(values: list[tuple[dt.date, float]]) -> list[tuple[int, int]]:
        return [(x_at(day), y_at(value)) for day, value in values]

    secured = steps([(p.day, p.secured) for p in ordered])
    likely = steps([(p.day, p.likely) for p in ordered])
    draw.polygon(
        [(secured[0][0], plot_bottom), *secured, (secured[-1][0], plot_bottom)], fill=PALETTE[0]
    )
    draw.line(likely, fill=PALETTE[1], width=px(0.07), joint="curve")
    draw.line(secured, fill=PALETTE[2], width=px(0.07), joint="curve")

    # The need: a dashed horizontal line, labelled at its left end above the line.
    ny = y_at(need)
    dash, gap = px(0.3), px(0.15)
    x = plot_left
    while x < plot_right:
        draw.line((x, ny, min(x + dash, plot_right), ny), fill="#B03A2E", width=px(0.04))
        x += dash + gap
    need_text = text(need_label)
    nw = draw.textlength(need_text, font=small)
    draw.rectangle(
        (plot_left + px(0.1), ny - line_h, plot_left + px(0.25) + nw, ny - px(0.05)), fill="white"
    )
    draw.text((plot_left + px(0.15), ny - line_h), need_text, font=small, fill="#B03A2E")

    # The deadline: a vertical line with its label above the plot, kept inside the picture.
    if deadline is not None:
        dx = x_at(deadline)
        draw.line((dx, plot_top - px(0.15), dx, plot_bottom), fill=INK, width=px(0.04))
        dl_text = text(deadline_label)
        dw = draw.textlength(dl_text, font=small)
        lx = min(max(dx - dw / 2, margin), width - margin - dw)
        draw.text((lx, plot_top - px(0.15) - line_h), dl_text, font=small, fill=INK)

    draw.line((plot_left, plot_top, plot_left, plot_bottom), fill=MUTED, width=max(1, px(0.03)))
    draw.line((plot_left, plot_bottom, plot_right, plot_bottom), fill=MUTED, width=px(0.03))

    # Legend along the top.
    x = plot_left
    swatch = round(line_h * 0.6)
    for colour, name in ((PALETTE[2], "Secured (awarded or received)"), (PALETTE[1], "Likely")):
        sy = legend_top + (line_h - swatch) // 2
        draw.rectangle((x, sy, x + swatch, sy + swatch), fill=colour)
        x += swatch + px(0.15)
        draw.text((x, legend_top), text(name), font=body, fill=INK)
        x += round(draw.textlength(text(name), font=body)) + px(0.5)

    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), optimize=True)
    return buffer.getvalue()
