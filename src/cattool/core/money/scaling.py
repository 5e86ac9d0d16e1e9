"""Scaling back an oversubscribed share offer.

Scaling back, in whole pounds, deterministic:

1. Everyone keeps up to the *floor* (the offer's scale-back floor, else its minimum
   holding): allocation = min(paid, floor).
2. What is left of the maximum raise is shared pro rata to what each paid above the
   floor, rounded down to whole pounds; the few pounds left over by rounding go one
   each to those whose share was rounded down the most (the earlier application first
   on a tie).
3. If even the floors do not fit, everyone gets the same cap instead: the largest whole
   number of pounds L for which the allocations min(paid, L) fit, and the pounds left
   over go one each to the earliest applications above L.

No one is ever allocated more than they paid, and the allocations never add up to more
than the maximum raise: exactly the maximum, in whole pounds, whenever the whole pounds
paid exceed it. Pence that do not make a whole pound are refunded.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

from cattool.core.money.format import ZERO


def _pounds(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_FLOOR))


def scale_back(
    requests: Sequence[tuple[int, Decimal]], maximum: Decimal, floor: Decimal = ZERO
) -> dict[int, Decimal]:
    """Allocations for `requests` ((id, amount) in application order) within `maximum`.

    The rule is in the module's docstring. If the requests fit, each keeps its amount.
    """
    if sum((amount for _, amount in requests), ZERO) <= maximum:
        return {key: amount for key, amount in requests}
    wanted = [_pounds(amount) for _, amount in requests]
    limit = _pounds(maximum)
    base_floor = _pounds(floor)
    if sum(wanted) <= limit:  # only the pence did not fit
        allocated = wanted
    elif sum(min(w, base_floor) for w in wanted) <= limit:
        allocated = _pro_rata_above_floor(wanted, limit, base_floor)
    else:
        allocated = _equal_cap(wanted, limit)
    return {
        key: Decimal(a).quantize(Decimal("0.01"))
        for (key, _), a in zip(requests, allocated, strict=True)
    }


def _pro_rata_above_floor(wanted: list[int], limit: int, floor: int) -> list[int]:
    base = [min(w, floor) for w in wanted]
    left = limit - sum(base)
    excess = [w - b for w, b in zip(wanted, base, strict=True)]
    total_excess = sum(excess)  # > left, or the requests would have fitted
    shares = [e * left // total_excess for e in excess]
    remainders = [e * left % total_excess for e in excess]
    spare = left - sum(shares)  # < the number of non-zero remainders
    order = sorted((i for i, r in enumerate(remainders) if r), key=lambda i: (-remainders[i], i))
    for i in order[:spare]:
        shares[i] += 1
    return [b + s for b, s in zip(base, shares, strict=True)]


def _equal_cap(wanted: list[int], limit: int) -> list[int]:
    low, high = 0, max(wanted)  # sum(min(w, low)) fits; find the largest level that does
    while low < high:
        middle = (low + high + 1) // 2
        if sum(min(w, middle) for w in wanted) <= limit:
            low = middle
        else:
            high = middle - 1
    allocated = [min(w, low) for w in wanted]
    spare = limit - sum(allocated)  # < the number of requests above the level
    for i, w in enumerate(wanted):
        if spare == 0:
            break
        if w > low:
            allocated[i] += 1
            spare -= 1
    return allocated
