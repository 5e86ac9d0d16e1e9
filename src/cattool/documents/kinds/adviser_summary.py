"""Case summary for advisers: where the case stands, what happened, every deadline with
its explanation, open tasks and who is involved. No members' personal data."""

from __future__ import annotations

from cattool.core.rules.engine import DUE_SOON, MET, NOT_TRIGGERED, PASSED, UPCOMING
from cattool.documents.facts import CaseFacts, TaskFacts
from cattool.documents.registry import DocumentKind
from cattool.documents.style import HouseDocument, format_date

STATUS_WORDS = {
    UPCOMING: "Upcoming",
    DUE_SOON: "Due soon",
    PASSED: "Passed",
    MET: "Met",
    NOT_TRIGGERED: "Not started",
}


def _deadline_rows(facts: CaseFacts) -> list[list[str]]:
    rows = []
    for d in facts.deadlines:
        if d.date is None:
            continue
        status = STATUS_WORDS.get(d.status, d.status)
        if d.met_on:
            status += f" ({format_date(d.met_on)})"
        if d.provisional:
            status += ", PROVISIONAL"
        rows.append([d.label, format_date(d.date), status])
    return rows


def _due(facts: CaseFacts, task: TaskFacts) -> str:
    """The task's own date, else the date of the deadline it is linked to."""
    if task.due_date:
        return format_date(task.due_date)
    linked = facts.deadline(task.deadline_key) if task.deadline_key else None
    if linked is not None and linked.date is not None:
        return f"{format_date(linked.date)} ({linked.label.lower()})"
    return "No date set"


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.title(subtitle=f"{facts.name}, as at {format_date(facts.today)}")

    doc.heading("Where the case stands")
    doc.fields(
        [
            ("Case", facts.label),
            ("Law", facts.regime.name),
            ("Stage", facts.stage_label),
            ("Asset", facts.asset.full_address or facts.asset.name or "Not yet recorded"),
            ("Group", facts.group.name if facts.group else "Not yet recorded"),
        ]
    )
    upcoming = [d for d in facts.deadlines if d.is_open and d.date]
    if upcoming:
        soonest = min(upcoming, key=lambda d: d.date)  # type: ignore[arg-type, return-value]
        doc.para(
            f"{soonest.label}: {format_date(soonest.date)} "  # type: ignore[arg-type]
            f"({soonest.days_left} days from {format_date(facts.today)}).",
            bold="Next deadline:",
        )
    else:
        doc.para("No statutory deadline is running at the moment.", bold="Next deadline:")
    if facts.regime.provisional:
        doc.para(
            "Some periods of this law are not yet fixed by regulations. Dates marked "
            "PROVISIONAL use cattool's presumed values and must be checked before anyone "
            "relies on them.",
            bold="Provisional rules.",
        )
    if facts.notes.strip():
        doc.heading("Background", 2)
        doc.paras(facts.notes)

    doc.heading("What has happened")
    if facts.events:
        doc.table(
            ["Date", "What happened", "Notes"],
            [[format_date(e.date), e.label, e.note] for e in facts.events],
            widths_cm=[3.2, 6.4, 6.8],
        )
    else:
        doc.para("Nothing has been recorded yet: the case has not been nominated.")

    doc.heading("Deadlines")
    rows = _deadline_rows(facts)
    if rows:
        doc.table(["Deadline", "Date", "Status"], rows, widths_cm=[7.4, 4.0, 5.0])
        for d in facts.deadlines:
            if d.date is None:
                continue
            doc.heading(f"{d.label}: {format_date(d.date)}", 3)
            doc.para(d.explanation)
            doc.para(d.source, bold="Source:", style="Small Print")
            for warning in d.warnings:
                doc.para(warning, bold="Note:", style="Small Print")
    else:
        doc.para("No deadline has started yet: deadlines start from recorded events.")

    doc.heading("Open tasks")
    open_tasks = [t for t in facts.tasks if t.done_on is None]
    if open_tasks:
        doc.table(
            ["Task", "Due"],
            [[t.title, _due(facts, t)] for t in open_tasks],
            widths_cm=[12.0, 4.4],
        )
    else:
        doc.para("No open tasks.")

    doc.heading("Who is involved")
    if facts.parties:
        doc.table(
            ["Role", "Name", "Address", "Email / phone"],
            [
                [p.role.capitalize(), p.name, p.address, " ".join(filter(None, (p.email, p.phone)))]
                for p in facts.parties
            ],
            widths_cm=[2.6, 4.4, 5.6, 3.8],
        )
    else:
        doc.para("No contacts recorded yet.")
    if facts.group is not None:
        members = len(facts.group.members)
        local = len(facts.group.local_members)
        doc.para(
            f"The group records {members} members, {local} of them on the electoral register "
            "(names are kept out of this summary).",
            style="Small Print",
        )


KINDS = (
    DocumentKind(
        key="adviser-summary",
        title="Case summary for advisers",
        summary="Status, events, every deadline with its explanation, open tasks, contacts.",
        builder=build,
        # For advisers, not the council: it lists the group's own to-do list.
        in_bid_pack=False,
    ),
)
