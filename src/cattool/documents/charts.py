"""Charts for documents, drawn with Pillow into PNG bytes (no Qt, no display needed).

One kind of chart so far: horizontal bars, one row per item, where each row overlays up
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
