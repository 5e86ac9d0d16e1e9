"""The funder catalogue and checking a case against a fund's conditions.

The bundled catalogue is resources/funders.toml (real funders, each with its source and
the date it was last checked; unknown figures are left out, never guessed). The user's
Fund table holds their additions and their edited copies of bundled funds: a row with a
bundled fund's key replaces that fund whole (`merge_funds`), and `hidden` hides one.

`check_fund(facts, fund)` answers "could we apply?" in plain words: what is met, what is
not, and what cattool cannot tell from the case (so the group should check).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from cattool.core.dates import format_date_long
from cattool.core.eligibility import legal_form_label
from cattool.core.money.facts import SourceFacts
from cattool.core.money.format import HUNDRED, PENNY, ZERO, format_money, format_percent
from cattool.core.paths import resources_dir

FUND_STATUSES: dict[str, str] = {
    "open": "Open",
    "targeted": "Only in selected places or by invitation",
    "proposed": "Proposed: not open yet",
    "closed": "Closed",
    "unknown": "Not known: check with the funder",
}
CHECK_WITH_FUNDER = "Check with the funder before relying on any figure here."
# Bodies with a legal personality of their own (keys of resources/legal_forms.toml).
INCORPORATED_FORMS = frozenset(
    {
        "charitable-incorporated-organisation",
        "company-limited-by-guarantee",
        "community-benefit-society",
        "co-operative-society",
        "community-interest-company",
        "parish-council",
        "credit-union",
        "company-limited-by-shares",
        "public-body",
    }
)


@dataclass(frozen=True, slots=True)
class Fund:
    key: str
    name: str
    funder: str = ""
    kind: str = "grant"
    status: str = "unknown"
    status_note: str = ""
    award_min: Decimal | None = None
    award_max: Decimal | None = None
    award_note: str = ""
    match_percent: Decimal | None = None
    match_note: str = ""
    min_lease_years: int | None = None
    lease_note: str = ""
    legal_forms: tuple[str, ...] = ()
    incorporation_required: bool = False
    asset_lock_required: bool = False
    conditions: tuple[str, ...] = ()
    url: str = ""
    citation: str = ""
    checked_on: dt.date | None = None
    note: str = ""
    origin: str = "bundled"  # bundled, edited (your copy of a bundled fund), yours
    hidden: bool = False

    @property
    def status_label(self) -> str:
        return FUND_STATUSES.get(self.status, self.status)

    @property
    def award_range(self) -> str:
        """'£10,000 to £250,000', 'up to £15,000', or 'check with the funder'."""
        low, high = self.award_min, self.award_max
        if low is not None and high is not None:
            return f"{format_money(low)} to {format_money(high)}"
        if high is not None:
            return f"up to {format_money(high)}"
        if low is not None:
            return f"from {format_money(low)}"
        return "check with the funder"


FUND_FIELDS = tuple(f.name for f in fields(Fund) if f.name not in ("origin",))
# The TOML keys that differ from the field names.
_TOML_NAMES = {"checked": "checked_on"}


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        raise ValueError(f"funders.toml: write {value!r} as a whole number of pounds")
    return Decimal(value).quantize(PENNY)


def fund_from_toml(key: str, spec: Mapping[str, Any]) -> Fund:
    values: dict[str, Any] = {}
    for name, value in spec.items():
        attr = _TOML_NAMES.get(name, name.replace("-", "_"))
        values[attr] = value
    for name in ("award_min", "award_max", "match_percent"):
        values[name] = _money(values.get(name))
    for name in ("legal_forms", "conditions"):
        values[name] = tuple(values.get(name, ()))
    unknown = set(values) - set(FUND_FIELDS)
    if unknown:
        raise ValueError(f"funders.toml [{key}]: unknown field(s) {', '.join(sorted(unknown))}")
    if values.get("status", "unknown") not in FUND_STATUSES:
        raise ValueError(f"funders.toml [{key}]: unknown status {values['status']!r}")
    return Fund(key=key, **values)


@cache
def bundled_funds() -> dict[str, Fund]:
    """The catalogue shipped with cattool, by key."""
    with open(resources_dir() / "funders.toml", "rb") as handle:
        data = tomllib.load(handle)["fund"]
    return {key: fund_from_toml(key, spec) for key, spec in data.items()}


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _keys(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def fund_from_row(row: Any, bundled: Mapping[str, Fund] | None = None) -> Fund:
    """A user's Fund row as a Fund (legal forms comma-separated, conditions one a line)."""
    bundled = bundled_funds() if bundled is None else bundled
    return Fund(
        key=row.key,
        name=row.name,
        funder=row.funder or "",
        kind=row.kind,
        status=row.status,
        status_note=row.status_note or "",
        award_min=row.award_min,
        award_max=row.award_max,
        award_note=row.award_note or "",
        match_percent=row.match_percent,
        match_note=row.match_note or "",
        min_lease_years=row.min_lease_years,
        lease_note=row.lease_note or "",
        legal_forms=_keys(row.legal_forms),
        incorporation_required=bool(row.incorporation_required),
        asset_lock_required=bool(row.asset_lock_required),
        conditions=_lines(row.conditions),
        url=row.url or "",
        citation=row.citation or "",
        checked_on=row.checked_on,
        note=row.note or "",
        origin="edited" if row.key in bundled else "yours",
        hidden=bool(row.hidden),
    )


def fund_row_values(fund: Fund) -> dict[str, Any]:
    """A Fund as the column values of a Fund row (to copy a bundled fund for editing)."""
    values = {name: getattr(fund, name) for name in FUND_FIELDS}
    values["legal_forms"] = ", ".join(fund.legal_forms)
    values["conditions"] = "\n".join(fund.conditions)
    return values


_STATUS_ORDER = {status: i for i, status in enumerate(FUND_STATUSES)}


def merge_funds(
    bundled: Mapping[str, Fund], rows: Iterable[Any], *, include_hidden: bool = False
) -> list[Fund]:
    """The bundled catalogue with the user's rows laid over it, open funds first."""
    merged = dict(bundled)
    for row in rows:
        merged[row.key] = fund_from_row(row, bundled)
    funds = [f for f in merged.values() if include_hidden or not f.hidden]
    return sorted(funds, key=lambda f: (_STATUS_ORDER.get(f.status, 99), f.funder, f.name))


@dataclass(frozen=True, slots=True)
class CaseMoneyFacts:
    """What a fund's conditions are checked against."""

    today: dt.date
    legal_form: str = ""  # "" when not recorded
    asset_lock: bool = False
    tenure: str = ""  # freehold, leasehold, or "" when not recorded
    lease_years: int | None = None
    need: Decimal = ZERO  # the target
    other_money: Decimal = ZERO  # secured + received from other sources
    pledged: Decimal = ZERO  # pledged from other sources


@dataclass(frozen=True, slots=True)
class FundCheck:
    fund_key: str
    fund_name: str
    met: tuple[str, ...] = ()
    unmet: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()  # cattool cannot tell from the case: check
    notes: tuple[str, ...] = field(default=())  # the fund's other conditions and caveats

    @property
    def fits(self) -> bool:
        """Nothing known to be unmet and nothing left to check."""
        return not self.unmet and not self.unknown

    def summary(self) -> str:
        if self.unmet:
            n = len(self.unmet)
            return f"{self.fund_name}: {n} condition{'s' if n != 1 else ''} not met."
        if self.unknown:
            n = len(self.unknown)
            things = f"{n} thing{'s' if n != 1 else ''}"
            return f"{self.fund_name}: nothing known to be unmet; {things} to check."
        return f"{self.fund_name}: the case meets the conditions cattool knows about."


def _status_check(fund: Fund, met: list, unmet: list, unknown: list, notes: list) -> None:
    if fund.status == "closed":
        unmet.append(f"{fund.name} is closed: it cannot be applied to.")
    elif fund.status == "proposed":
        unmet.append(f"{fund.name} is proposed and not open yet.")
    elif fund.status == "targeted":
        unknown.append(f"{fund.name} is only for selected places or by invitation.")
    elif fund.status == "unknown":
        unknown.append(f"Whether {fund.name} is open now is not known: check with the funder.")
    else:
        met.append(f"{fund.name} is open.")
    if fund.status_note:
        notes.append(fund.status_note)


def _match_check(
    facts: CaseMoneyFacts, percent: Decimal, unmet: list, met: list, unknown: list
) -> None:
    if facts.need <= 0:
        unknown.append(
            f"Match funding: {format_percent(percent)} of the costs must come from other "
            "sources; enter the costs to check it."
        )
        return
    required = (facts.need * percent / HUNDRED).quantize(PENNY, rounding=ROUND_HALF_UP)
    have = facts.other_money
    start = (
        f"Match funding: {format_percent(percent)} of the costs ({format_money(required)}) "
        f"must come from other sources; you have {format_money(have)} secured or received"
    )
    if have >= required:
        met.append(f"{start}.")
    elif have + facts.pledged >= required:
        unmet.append(
            f"{start}, {format_money(required - have)} short; with pledges of "
            f"{format_money(facts.pledged)} it would be enough once they are secured."
        )
    else:
        unmet.append(f"{start}: {format_money(required - have)} short.")


def _lease_check(facts: CaseMoneyFacts, years: int, met: list, unmet: list, unknown: list) -> None:
    if facts.tenure == "freehold":
        met.append(f"You are buying the freehold (a lease would need at least {years} years).")
    elif facts.tenure == "leasehold" and facts.lease_years is not None:
        text = f"The lease is {facts.lease_years} years; the minimum is {years} years."
        (met if facts.lease_years >= years else unmet).append(text)
    else:
        unknown.append(
            f"Record whether you are buying the freehold or a lease, and its length: a lease "
            f"must run at least {years} years."
        )


def _legal_checks(
    facts: CaseMoneyFacts,
    fund_forms: tuple[str, ...],
    incorporated: bool,
    met: list,
    unmet: list,
    unknown: list,
) -> None:
    form = facts.legal_form
    label = legal_form_label(form) if form else ""
    if (fund_forms or incorporated) and not form:
        unknown.append("Record the group's legal form: the fund limits who may apply.")
        return
    if fund_forms:
        if form in fund_forms:
            met.append(f"A {label.lower()} may apply.")
        else:
            allowed = "; ".join(legal_form_label(k) for k in fund_forms)
            unmet.append(f"A {label.lower()} is not among those who may apply ({allowed}).")
    if incorporated:
        if form in INCORPORATED_FORMS:
            met.append(f"The group is incorporated ({label.lower()}).")
        else:
            unmet.append(
                f"The fund needs an incorporated body (for example a community benefit "
                f"society, a CIO or a company limited by guarantee); a {label.lower()} is not."
            )


def check_fund(facts: CaseMoneyFacts, fund: Fund, amount: Decimal | None = None) -> FundCheck:
    """Which of `fund`'s conditions the case meets, in plain words.

    `amount` is what the group would ask for (checked against the award range).
    """
    met: list[str] = []
    unmet: list[str] = []
    unknown: list[str] = []
    notes: list[str] = []
    _status_check(fund, met, unmet, unknown, notes)
    if amount is not None:
        if fund.award_min is not None and amount < fund.award_min:
            unmet.append(
                f"{format_money(amount)} is below the smallest award "
                f"({format_money(fund.award_min)})."
            )
        elif fund.award_max is not None and amount > fund.award_max:
            unmet.append(
                f"{format_money(amount)} is above the largest award "
                f"({format_money(fund.award_max)})."
            )
        elif fund.award_min is None and fund.award_max is None:
            unknown.append("The award range is not known: check with the funder.")
        else:
            met.append(f"{format_money(amount)} is within the award range ({fund.award_range}).")
    if fund.match_percent is not None:
        _match_check(facts, fund.match_percent, unmet, met, unknown)
    if fund.match_note:
        notes.append(f"Match funding: {fund.match_note}")
    if fund.min_lease_years is not None:
        _lease_check(facts, fund.min_lease_years, met, unmet, unknown)
    if fund.lease_note:
        notes.append(f"Ownership and leases: {fund.lease_note}")
    _legal_checks(facts, fund.legal_forms, fund.incorporation_required, met, unmet, unknown)
    if fund.asset_lock_required:
        if facts.asset_lock:
            met.append("The group's rules lock its assets to community use.")
        else:
            unmet.append(
                "The fund needs an asset lock, and the group is not recorded as having one."
            )
    notes.extend(fund.conditions)
    checked = f" on {format_date_long(fund.checked_on)}" if fund.checked_on else ""
    source = f" against: {fund.citation.rstrip('.')}" if fund.citation else ""
    notes.append(f"Last checked{checked}{source}. {CHECK_WITH_FUNDER}")
    return FundCheck(fund.key, fund.name, tuple(met), tuple(unmet), tuple(unknown), tuple(notes))


def source_as_fund(source: SourceFacts) -> Fund:
    """A funding source's own recorded conditions, as a fund to check (status open)."""
    return Fund(
        key=source.fund_key or f"source-{source.id}",
        name=source.label,
        kind=source.kind,
        status="open",
        match_percent=source.match_percent,
        min_lease_years=source.min_lease_years,
        incorporation_required=source.incorporation_required,
        conditions=(source.conditions_note,) if source.conditions_note else (),
    )


def check_source_conditions(facts: CaseMoneyFacts, source: SourceFacts) -> FundCheck:
    """A source's recorded conditions (match, lease, incorporation, deadline) checked."""
    result = check_fund(facts, source_as_fund(source))
    met = tuple(m for m in result.met if not m.endswith(" is open."))
    unmet = list(result.unmet)
    notes = [n for n in result.notes if not n.startswith("Last checked")]
    if source.condition_deadline is not None:
        when = format_date_long(source.condition_deadline)
        if source.condition_deadline < facts.today and source.status != "received":
            unmet.append(f"The conditions had to be met by {when}.")
        else:
            notes.append(f"The conditions must be met by {when}.")
    return replace(result, met=met, unmet=tuple(unmet), notes=tuple(notes))
