"""Reading and writing money: Decimal only, clear messages for bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cattool.core.errors import InputError
from cattool.core.money.format import format_money, format_percent, parse_money, parse_percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£25,000", "25000.00"),
        ("25000.50", "25000.50"),
        (" £ 1,234.5 ", "1234.50"),
        ("25k", "25000.00"),
        ("£1.2m", "1200000.00"),
        ("50p", "0.50"),
        ("0", "0.00"),
        (Decimal("12.3"), "12.30"),
        (7, "7.00"),
    ],
)
def test_money_is_read_the_ways_people_write_it(text: object, expected: str) -> None:
    assert parse_money(text) == Decimal(expected)


def test_blank_money_is_none_unless_required() -> None:
    assert parse_money("") is None
    assert parse_money(None) is None
    with pytest.raises(InputError, match="Enter the amount"):
        parse_money(" ", required=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "not an amount of money: write it like £25,000"),
        ("-£5", "cannot be negative"),
        (Decimal("-5"), "cannot be negative"),
        ("£1.005", "fractions of a penny"),
        ("£99,999,999,999", "too large"),
        ("1e5", "not an amount of money"),
        ("NaN", "not an amount of money"),
    ],
)
def test_bad_money_gets_a_clear_message(text: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_money(text)


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError, match="never float"):
        parse_money(0.1)
    with pytest.raises(TypeError):
        format_money(0.1)  # type: ignore[arg-type]


def test_formatting() -> None:
    assert format_money(Decimal("182000")) == "£182,000"
    assert format_money(Decimal("182000.5")) == "£182,000.50"
    assert format_money(Decimal("182000.5"), pence=False) == "£182,001"
    assert format_money(Decimal("3"), pence=True) == "£3.00"
    assert format_money(Decimal("-58000")) == "-£58,000"
    assert format_percent(Decimal("40.00")) == "40%"
    assert format_percent(Decimal("12.50")) == "12.5%"


def test_percentages() -> None:
    assert parse_percent("40%") == Decimal("40.00")
    assert parse_percent("") is None
    for bad in ("120", "-1", "lots", "33.333"):
        with pytest.raises(InputError):
            parse_percent(bad)


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_formatted_money_reads_back_the_same(pence: int) -> None:
    amount = Decimal(pence) / 100
    assert parse_money(format_money(amount)) == amount.quantize(Decimal("0.01"))
