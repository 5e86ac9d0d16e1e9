"""Pieces the lease and Community Asset Transfer documents share: each term said in words,
the key dates and CAT timetable as table rows, the checks as paragraphs, and the council
team a CAT letter goes to. Layout only: terms, dates and checks come from the lease core
through LeaseDocumentFacts (DOMAIN.md §7)."""

from __future__ import annotations

from decimal import Decimal

from cattool.core.lease.checks import GDC_LIMIT, LeaseCheck
from cattool.core.lease.facts import (
    BREAK_PARTIES,
    CONDITIONS,
    RENT_REVIEW_BASES,
    REPAIRING,
    WHO_PAYS,
    BreakFacts,
    LeaseFacts,
)
from cattool.core.lease.queries import LeaseView
from cattool.core.rules.engine import MET, NOT_TRIGGERED, Deadline
from cattool.documents.facts import CaseFacts, PartyFacts
from cattool.documents.lease_facts import LeaseDocumentFacts
from cattool.documents.style import HouseDocument, MissingValue, format_date, format_money

NOT_AGREED = "Not yet agreed"
SEVERITY_LABELS = {"problem": "Problem", "warning": "Risk", "advice": "Advice"}
CONTRACTUAL = (
    "Every date here comes from the lease itself: it is contractual, agreed between the "
    "landlord and the group, not a deadline set by law. Missing one still costs the group: "
    "a break notice served a day late does not end the lease, and a missed rent review "
    "or repair can put the group in breach."
)
#: The warning the core adds to every date of an unsigned lease (said once, not per row).
UNSIGNED = "The lease is not signed: this date is only proposed."
#: Minimum term to ask for when no lease is recorded yet (DOMAIN.md §7: funders).
DEFAULT_TERM_YEARS = 25


def on_cat_route(facts: CaseFacts) -> bool:
    """A transfer step or a lease is recorded: the CAT and lease documents are needed."""
    return facts.lease is not None and (facts.lease.cat.started or bool(facts.lease.views))


def has_lease(facts: CaseFacts) -> bool:
    return facts.lease is not None and bool(facts.lease.views)


def lease_docs(facts: CaseFacts) -> LeaseDocumentFacts:
    if facts.lease is None:  # the requirements catch this first
        raise MissingValue("the case's lease")
    return facts.lease


def current_view(facts: CaseFacts) -> LeaseView:
    view = lease_docs(facts).current
    if view is None:
        raise MissingValue("a lease with its landlord, tenant and premises")
    return view


def maybe_view(facts: CaseFacts) -> LeaseView | None:
    return facts.lease.current if facts.lease is not None else None


def addressee(facts: CaseFacts, landlord: str = "") -> PartyFacts | None:
    """The council team a CAT letter goes to: the owner contact named like the landlord,
    else any owner with an address, else the council contact."""
    owners = [p for p in facts.parties_with("owner", "freeholder") if p.address.strip()]
    named = [p for p in owners if landlord and landlord.lower() in p.name.lower()]
    councils = [p for p in facts.parties_with("council") if p.address.strip()]
    found = named or owners or councils
    return found[0] if found else None


# Each term in words --------------------------------------------------------------------
def money_or(value: Decimal | None, missing: str = NOT_AGREED) -> str:
    return format_money(value) if value is not None else missing


def text_or(value: str, missing: str = NOT_AGREED) -> str:
    return value.strip() or missing


def proposed(lease: LeaseFacts) -> str:
    return "" if lease.in_force else " (proposed)"


def term_text(view: LeaseView) -> str:
    lease = view.lease
    years = f"{lease.term_years} years" if lease.term_years else "Length not agreed"
    if lease.start_date is None:
        return f"{years}, from the date the lease is completed"
    end = f" to {format_date(view.term_end)}" if view.term_end else ""
    both = "both dates included" if view.term_end else ""
    return f"{years}, from {format_date(lease.start_date)}{end}{proposed(lease)}" + (
        f"; {both}" if both else ""
    )


def rent_text(lease: LeaseFacts) -> str:
    if lease.peppercorn:
        return "A peppercorn (a nominal rent: nothing is paid in practice)"
    if lease.rent is not None:
        return f"{format_money(lease.rent)} a year"
    return NOT_AGREED


def review_text(lease: LeaseFacts) -> str:
    basis = RENT_REVIEW_BASES.get(lease.rent_review_basis, lease.rent_review_basis)
    if lease.rent_review_basis == "none":
        return basis
    if lease.rent_review_years:
        when = f"Every {lease.rent_review_years} years from the start of the term"
        return f"{when}; basis: {basis.lower() if basis else 'not agreed'}"
    return f"Basis: {basis}; how often not agreed" if basis else NOT_AGREED


def break_when(clause: BreakFacts) -> str:
    if clause.break_date is not None:
        return f"on {format_date(clause.break_date)}"
    if clause.from_year:
        then = f", then every {clause.every_years} years" if clause.every_years else ""
        return f"on the anniversary of the start in year {clause.from_year}{then}"
    return "on a date not yet agreed"


def break_text(clause: BreakFacts) -> str:
    who = BREAK_PARTIES.get(clause.party, clause.party)
    note = f" {clause.note.strip()}" if clause.note.strip() else ""
    return (
        f"{who} may end the lease {break_when(clause)}, on at least "
        f"{clause.notice_months} months' written notice.{note}"
    )


def breaks_text(lease: LeaseFacts) -> str:
    if not lease.breaks:
        return "No break clause: neither party may end the lease early"
    return "\n".join(break_text(clause) for clause in lease.breaks)


def repair_text(lease: LeaseFacts) -> str:
    text = REPAIRING.get(lease.repairing, lease.repairing) or NOT_AGREED
    if lease.schedule_of_condition.strip():
        text += f". Schedule of condition: {lease.schedule_of_condition.strip()}"
    elif lease.repairing in ("full", "schedule-of-condition"):
        text += ". No schedule of condition is agreed yet"
    return text


def cycles_text(lease: LeaseFacts) -> str:
    parts = []
    if lease.repair_cycle_years:
        parts.append(f"repairs every {lease.repair_cycle_years} years")
    if lease.decoration_cycle_years:
        parts.append(f"decoration every {lease.decoration_cycle_years} years")
    return ("; ".join(parts).capitalize() + ", counted from the start") if parts else ""


def who_text(value: str) -> str:
    return WHO_PAYS.get(value, value) or NOT_AGREED


def insurance_text(lease: LeaseFacts) -> str:
    who = WHO_PAYS.get(lease.insurance_by, lease.insurance_by)
    if not who:
        return NOT_AGREED
    text = f"{who} insures the building"
    if lease.insurance_renewal:
        text += f"; renews each year on {format_date(lease.insurance_renewal):s}"
    return text


def condition_text(lease: LeaseFacts) -> str:
    return CONDITIONS.get(lease.building_condition, "")


def value_text(view: LeaseView) -> str:
    lease = view.lease
    if lease.market_value is None and lease.price is None:
        return NOT_AGREED
    parts = [
        f"Market value {money_or(lease.market_value, 'not yet valued')}",
        f"price {money_or(lease.price)}",
    ]
    if view.undervalue is not None:
        consent = (
            "within the General Disposal Consent (England) 2003"
            if view.undervalue <= GDC_LIMIT
            else "over the General Disposal Consent's £2,000,000: needs the Secretary of "
            "State's specific consent"
        )
        parts.append(f"undervalue {format_money(view.undervalue)} ({consent})")
    return "; ".join(parts)


def premium_text(lease: LeaseFacts) -> str:
    return money_or(lease.premium, "No premium")


# Dates --------------------------------------------------------------------------------
def date_label(deadline: Deadline, lease: LeaseFacts) -> str:
    """The key date's label without the lease's name the core appends for lists."""
    suffix = f" ({lease.name})"
    label = deadline.label
    return label[: -len(suffix)] if label.endswith(suffix) else label


def date_notes(deadline: Deadline) -> str:
    """The date's own warnings (month ends), not the one every unsigned date carries."""
    return " ".join(w for w in deadline.warnings if w != UNSIGNED)


def key_date_rows(view: LeaseView) -> list[list[str]]:
    rows = []
    for deadline in view.key_dates:
        if deadline.date is None:
            continue
        what = deadline.explanation
        notes = date_notes(deadline)
        rows.append(
            [
                format_date(deadline.date),
                date_label(deadline, view.lease),
                f"{what} {notes}".strip(),
            ]
        )
    return rows


def cat_rows(docs: LeaseDocumentFacts) -> list[list[str]]:
    """The CAT steps: done on a date, expected by a date, or only a number of weeks."""
    progress = {d.key.removeprefix("cat-"): d for d in docs.cat.deadlines}
    reached_on = docs.cat.reached_on
    rows = []
    for stage in docs.policy.stages:
        weeks = f"About {stage.weeks} weeks after the step before" if stage.weeks else "Start"
        deadline = progress.get(stage.key)
        if deadline is not None and deadline.status == MET and deadline.met_on:
            when = f"Done {format_date(deadline.met_on)}"
        elif deadline is not None and deadline.status == NOT_TRIGGERED:
            when = "Not recorded (a later step is)"
        elif deadline is not None and deadline.date is not None:
            when = f"Expected by {format_date(deadline.date)}"
        elif docs.cat.reached is not None and stage.key == docs.cat.reached.key and reached_on:
            when = f"Done {format_date(reached_on)}"
        elif docs.cat.reached is not None and deadline is None:
            when = "Before the steps recorded"
        else:
            when = "Not started"
        rows.append([stage.label, weeks, when])
    return rows


def cat_note(docs: LeaseDocumentFacts) -> str:
    overridden = any(s.overridden for s in docs.policy.stages)
    whose = "this council's own times where entered, otherwise " if overridden else ""
    return (
        f"Community Asset Transfer is council policy, not a statutory right. The weeks are "
        f"{whose}cattool's defaults ({docs.policy.source}): dates to chase the council, "
        "never legal deadlines."
    )


# Checks -------------------------------------------------------------------------------
def check_title(check: LeaseCheck) -> str:
    flag = " (provisional)" if check.provisional else ""
    return f"{SEVERITY_LABELS.get(check.severity, check.severity)}: {check.title}{flag}"


def write_checks(doc: HouseDocument, checks: tuple[LeaseCheck, ...], *, sources: bool) -> None:
    """Each check: its title in bold, the plain explanation, and its source in small print."""
    for check in checks:
        doc.para(check.explanation, bold=f"{check_title(check)}.")
        if sources:
            doc.small(f"Source: {check.source}")


# What the group asks for and who it is (the CAT letter and business case) ---------------
def tenure_sought(facts: CaseFacts) -> str:
    """The lease the group asks for: the recorded proposal, else 25 years at a peppercorn
    (the length funders usually need before they invest: DOMAIN.md §7)."""
    view = maybe_view(facts)
    if view is None or not view.lease.term_years:
        return (
            f"A lease of at least {DEFAULT_TERM_YEARS} years (the length funders usually "
            "need before they will invest in the building) at a peppercorn rent, with "
            "repairing obligations limited by a schedule of condition."
        )
    lease = view.lease
    start = f", from {format_date(lease.start_date)}" if lease.start_date else ""
    rent = rent_text(lease)
    rent = "a peppercorn rent" if lease.peppercorn else f"a rent of {rent.lower()}"
    text = f"A lease of {lease.term_years} years{start}, at {rent}"
    if lease.repairing:
        text += f"; repairs: {REPAIRING[lease.repairing].split(':')[0].lower()}"
    return text + "."


def group_rows(facts: CaseFacts) -> list[tuple[str, str]]:
    group = facts.group
    if group is None:
        raise MissingValue("the group's name")
    rows = [("Name", group.name), ("Legal form", group.legal_form_label or "Not recorded")]
    if group.registration_number.strip():
        rows.append(("Registration number", group.registration_number.strip()))
    if group.governing_document.strip():
        rows.append(("Governing document", group.governing_document.strip()))
    rows.append(("Not for profit", "Yes" if group.not_for_profit else "No"))
    rows.append(("Asset lock", "Yes" if group.asset_lock else "No"))
    if group.local_connection.strip():
        rows.append(("Local connection", group.local_connection.strip()))
    return rows


def listing_sentence(facts: CaseFacts) -> str:
    """Whether the asset is on the list of assets of community value ('' if never)."""
    listed = facts.latest_event("listed")
    if listed is None:
        return ""
    return (
        f"{facts.asset.name.strip() or facts.name} was listed as an asset of community value "
        f"on {format_date(listed.date)} (its present stage: {facts.stage_label.lower()})."
    )
