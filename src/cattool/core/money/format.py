"""Money as text and back: `parse_money("£25,000")` and `format_money(Decimal("25000"))`.

Money is always `Decimal` in pounds and pence; a float is refused (TypeError) so that a
binary fraction never slips into a total. Reading is forgiving about the ways people
write sums ("£25,000", "25000.50", "25k", "£1.2m") and strict about what they mean:
no negatives, no fractions of a penny, nothing too large for the database.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cattool.core.errors import InputError

PENNY = Decimal("0.01")
POUND = Decimal("1")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
# Numeric(12, 2): ten digits of pounds.
LARGEST = Decimal("9999999999.99")

_SUFFIX = {"k": Decimal(1000), "m": Decimal(1_000_000)}
_NUMBER = re.compile(r"^(?P<number>\d+(?:\.\d*)?|\.\d+)(?P<suffix>[km])?$")


def _decimal(value: object, what: str) -> Decimal | None:
    """The value as a Decimal, or None when blank; InputError when unreadable."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{what}: a yes/no value is not an amount")
    if isinstance(value, float):
        raise TypeError(f"{what}: give money as text or Decimal, never float ({value!r})")
    if isinstance(value, Decimal | int):
        return Decimal(value)
    text = str(value).strip()
    if not text:
        return None
    cleaned = text.replace("£", "").replace(",", "").replace(" ", "").lower()
    if cleaned.startswith("-"):
        raise InputError(f"The {what} cannot be negative ({text}).")
    if cleaned.endswith("p") and cleaned[:-1].isdigit():  # "50p"
        return Decimal(cleaned[:-1]) / HUNDRED
    match = _NUMBER.match(cleaned)
    if not match:
        raise InputError(f"{text!r} is not an amount of money: write it like £25,000 or 25000.50.")
    number = Decimal(match.group("number"))
    suffix = match.group("suffix")
    return number * _SUFFIX[suffix] if suffix else number


def parse_money(value: object, what: str = "amount", *, required: bool = False) -> Decimal | None:
    """An amount of money from text, int or Decimal, checked; None when blank.

    >>> parse_money("£25,000")
    Decimal('25000.00')
    """
    try:
        amount = _decimal(value, what)
    except InvalidOperation:
        raise InputError(f"{value!r} is not an amount of money.") from None
    if amount is None:
        if required:
            raise InputError(f"Enter the {what}, e.g. £25,000.")
        return None
    if not amount.is_finite():
        raise InputError(f"{value!r} is not an amount of money.")
    if amount < 0:
        raise InputError(f"The {what} cannot be negative ({format_money(-amount)} below zero).")
    if amount != amount.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise InputError(f"The {what} {value} has fractions of a penny: use pounds and pence.")
    if amount > LARGEST:
        raise InputError(f"The {what} {value} is too large (at most {format_money(LARGEST)}).")
    return amount.quantize(PENNY)


def parse_percent(value: object, what: str = "percentage") -> Decimal | None:
    """A percentage 0-100 from "40", "40%" or Decimal("40"); None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float | bool):
        raise TypeError(f"{what}: give a percentage as text or Decimal, not {value!r}")
    text = str(value).strip().rstrip("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InputError(f"The {what} must be a number from 0 to 100, not {value!r}.") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise InputError(f"The {what} must be from 0 to 100%, not {value}.")
    if number != number.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise InputError(f"The {what} can have at most two decimal places.")
    return number.quantize(PENNY)


def parse_growth(value: object, what: str = "growth") -> Decimal | None:
    """A yearly change from -100 to +100 percent ("3", "-2.5%", "+4"); None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float | bool):
        raise TypeError(f"{what}: give a percentage as text or Decimal, not {value!r}")
    text = str(value).strip().rstrip("%").strip().replace("\u2212", "-")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InputError(
            f"The {what} must be a percentage from -100 to +100, not {value!r}."
        ) from None
    if not number.is_finite() or not -100 <= number <= 100:
        raise InputError(f"The {what} must be from -100% to +100% a year, not {value}.")
    if number != number.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise InputError(f"The {what} can have at most two decimal places.")
    return number.quantize(PENNY)


def to_pounds(amount: Decimal) -> Decimal:
    """Rounded to whole pounds, half up (for sentences, never for sums)."""
    return amount.quantize(POUND, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | int | str, *, pence: bool | None = None) -> str:
    """'£25,000' or '£25,000.50'.

    pence=None shows pence only when there are some; True always shows them; False
    rounds half up to whole pounds. Negative amounts get a leading minus.
    """
    if isinstance(amount, float):
        raise TypeError("format_money takes Decimal, int or text, never float")
    value = Decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)
    if pence is False:
        value = to_pounds(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if pence or (pence is None and value != value.to_integral_value()):
        return f"{sign}£{value:,.2f}"
    return f"{sign}£{int(value):,}"


def format_percent(value: Decimal | int) -> str:
    """'40%' or '12.5%'."""
    number = Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP).normalize()
    return f"{number:f}%"
