"""Deadline-control log: every change to a date or rule a statutory deadline runs from
(trigger events added, re-dated or deleted; the regime's settings changed), who made it
and when, the value before and after, and the deadlines it moves; then the deadlines as
they stand. For a committee or an adviser checking that nobody moved a date unnoticed."""

from __future__ import annotations

from cattool.core.history import BLANK, HistoryEntry
from cattool.documents.facts import CaseFacts
from cattool.documents.registry import DocumentKind, Requirement
from cattool.documents.style import HouseDocument, format_date

#: The fields of a change that move a deadline, shown in the Before and After columns.
_DATE_FIELDS = ("date", "kind", "value")


def _values(entry: HistoryEntry) -> tuple[str, str]:
    """Before and after, of the fields that matter for the deadlines only."""
    shown = [c for c in entry.changes if c.name in _DATE_FIELDS] or list(entry.changes[:1])
    if entry.action in ("create", "delete"):  # the event's kind is in the Change column
        shown = [c for c in shown if c.name != "kind"] or shown
    if entry.action == "create":
        return "Not recorded", "; ".join(f"{c.label} {c.after}" for c in shown) or "Recorded"
    if entry.action == "delete":
        return "; ".join(f"{c.label} {c.after}" for c in shown) or "Recorded", "Deleted"
    if entry.action == "restore":
        return "Deleted", "Restored"
    if not shown:
        return "", ""
    before = "; ".join(f"{c.label} {c.before or BLANK}" for c in shown)
    after = "; ".join(f"{c.label} {c.after}" for c in shown)
    return before, after


def _moves(entry: HistoryEntry) -> str:
    text = "; ".join(entry.deadlines)
    if entry.settles:
        text += ("; " if text else "") + "can meet or end: " + "; ".join(entry.settles)
    return text or "None at present"


def _change(entry: HistoryEntry) -> str:
    words = {"create": "added", "delete": "deleted", "restore": "restored", "set": "set"}
    return f"{entry.subject} {words.get(entry.action, 'changed')}"


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.title(subtitle=f"{facts.name}, as at {format_date(facts.today)}")
    doc.para(
        "Every change recorded in cattool to a date or rule that a statutory deadline of "
        "this case runs from: the events the law counts from (added, re-dated or deleted) "
        "and the settings of the law's periods. Newest first, with who made each change, "
        "when (local time), the value before and after, and the deadlines it moves."
    )
    log = facts.deadline_log
    people = sorted({e.who for e in log}, key=str.casefold)
    doc.fields(
        [
            ("Case", facts.label),
            ("Law", facts.regime.name),
            ("Changes listed", str(len(log))),
            ("Made by", ", ".join(people)),
            ("Latest change", log[0].when_text if log else ""),
        ]
    )

    doc.heading("Changes to deadline dates and rules")
    doc.table(
        ["When", "Who", "Change", "Before", "After", "Deadlines it moves"],
        [[e.when_text, e.who, _change(e), *_values(e), _moves(e)] for e in log],
        widths_cm=[2.5, 2.2, 3.6, 2.4, 2.4, 3.3],
    )

    doc.heading("The deadlines as they stand")
    dated = [d for d in facts.deadlines if d.date is not None]
    if dated:
        doc.table(
            ["Deadline", "Date", "Counts from"],
            [
                [
                    d.label + (" (PROVISIONAL)" if d.provisional else ""),
                    format_date(d.date),  # type: ignore[arg-type]
                    format_date(d.start_date) if d.start_date else "",
                ]
                for d in dated
            ],
            widths_cm=[8.4, 4.0, 4.0],
        )
    else:
        doc.para("No deadline has started yet.")
    doc.para(
        "Times are when the change was saved, in this computer's time zone. A change made "
        "before cattool kept an audit trail, or in another copy of the case, is not listed.",
        style="Small Print",
    )


KINDS = (
    DocumentKind(
        key="deadline-control-log",
        title="Deadline-control log",
        summary="Who changed the dates and rules the statutory deadlines run from, and when.",
        builder=build,
        requirements=(
            Requirement(
                "an event a statutory deadline counts from",
                "events",
                lambda f: bool(f.deadline_log),
            ),
        ),
        in_bid_pack=False,
    ),
)
