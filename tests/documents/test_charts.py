"""The bar chart: a valid PNG at print resolution, sized for the page, drawn the same way
every time, with or without system fonts."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cattool.documents import charts
from cattool.documents.charts import BarRow, Series, bar_chart, drawable, nice_step

SERIES = (Series("Reached"), Series("Took part"), Series("In favour"))
ROWS = (
    BarRow("Door-to-door survey", (1200, 640, 610), "640 of 1,200 answered (53%); 610 (95%)"),
    BarRow("Petition", (None, 1834, None), "1,834 people signed"),
    BarRow("Ballot on the community hub", (600, 400, 292), "400 of 600 took part"),
)


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_chart_is_a_png_sized_for_a_16_cm_column_at_200_dpi() -> None:
    data = bar_chart(ROWS, SERIES, title="Support", axis_label="People")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = _open(data)
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.width == round(16 / 2.54 * 200)  # 1260 pixels
    assert 300 < image.height < 1000
    assert image.info["dpi"] == pytest.approx((200, 200), abs=0.01)


def test_the_same_rows_give_the_same_bytes_and_more_rows_a_taller_chart() -> None:
    assert bar_chart(ROWS, SERIES) == bar_chart(ROWS, SERIES)
    one = _open(bar_chart(ROWS[:1], SERIES))
    three = _open(bar_chart(ROWS, SERIES))
    assert three.height > one.height
    narrow = _open(bar_chart(ROWS, SERIES, width_cm=8))
    assert narrow.width == round(8 / 2.54 * 200)


def _extent(image: Image.Image, hex_colour: str) -> tuple[int, int]:
    """Leftmost and rightmost column holding a pixel of the colour."""
    rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    width = image.width
    pixels = getattr(image, "get_flattened_data", image.getdata)()
    columns = [n % width for n, pixel in enumerate(pixels) if pixel == rgb]
    assert columns, hex_colour
    return min(columns), max(columns)


def test_bars_are_drawn_in_the_house_colours_in_proportion() -> None:
    image = _open(bar_chart(ROWS, SERIES))
    bars = image.crop((0, image.height // 5, image.width, image.height))  # below the legend
    reached, took_part, in_favour = (_extent(bars, c) for c in charts.PALETTE)
    zero = in_favour[0]  # every bar starts at the zero line (darker bars cover 'reached')
    assert abs(took_part[0] - zero) <= 2 and reached[0] > zero
    # The longest 'took part' bar is the petition's 1,834; the longest 'reached' 1,200;
    # the longest 'in favour' the survey's 610.
    assert (took_part[1] - zero) / (reached[1] - zero) == pytest.approx(1834 / 1200, rel=0.01)
    assert (in_favour[1] - zero) / (reached[1] - zero) == pytest.approx(610 / 1200, rel=0.01)


def test_the_legend_names_only_the_counts_drawn() -> None:
    only_took_part = (BarRow("Petition", (None, 1834, None)),)
    image = _open(bar_chart(only_took_part, SERIES))
    colours = {colour for _count, colour in image.getcolors(maxcolors=1_000_000)}
    light = tuple(int(charts.PALETTE[0][i : i + 2], 16) for i in (1, 3, 5))
    assert light not in colours  # no 'Reached' swatch for a chart without it


def test_without_system_fonts_pillows_own_font_is_used_and_text_is_spelt_in_ascii(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    charts._font_file.cache_clear()
    monkeypatch.setattr(charts, "FONT_FILES", ())
    try:
        rows = (BarRow("Café pledges – £148,000 “promised”", (None, 212, None), "212 pledged"),)
        image = _open(bar_chart(rows, SERIES, title="Pledges"))
        assert image.width == 1260 and image.height > 100
    finally:
        charts._font_file.cache_clear()
    assert drawable("Café – £148,000", ascii_only=True) == "Cafe - GBP 148,000"
    assert drawable("Café – £148,000", ascii_only=False) == "Café – £148,000"


def test_long_labels_wrap_and_end_with_an_ellipsis() -> None:
    label = " ".join(["a very long name for a survey"] * 8)
    short = _open(bar_chart((BarRow("Survey", (10, 5, 1)),), SERIES))
    long = _open(bar_chart((BarRow(label, (10, 5, 1)),), SERIES))
    assert long.height > short.height  # wrapped onto more lines
    assert long.height < short.height * 2  # but at most three


@pytest.mark.parametrize(
    ("largest", "step"),
    [(0, 1), (4, 1), (9, 2), (180, 50), (212, 50), (1834, 500), (2_000_000, 500_000)],
)
def test_scale_steps_are_round_numbers(largest: float, step: float) -> None:
    assert nice_step(largest) == step


def test_zero_counts_still_draw_a_scale() -> None:
    image = _open(bar_chart((BarRow("No one yet", (0, 0, 0)),), SERIES))
    assert image.height > 100


@pytest.mark.parametrize(
    ("rows", "series", "message"),
    [
        ((), SERIES, "at least one row"),
        ((BarRow("x", (1, 2)),), SERIES, "has 2 values, not 3"),
        ((BarRow("x", (1, -2, 0)),), SERIES, "negative"),
        ((BarRow("x", ()),), (), "between one and six series"),
    ],
)
def test_impossible_charts_are_refused(rows, series, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bar_chart(rows, series)


def test_the_charts_module_is_pure() -> None:
    source = charts.__file__
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    assert "PySide6" not in text and "cattool.ui" not in text
