"""A case's history read back from the audit trail, in words, and its deadline-control log.

Every service call writes an AuditEntry (changes.audit) with the fields before and after
as JSON. This module turns a case's entries into plain records a committee can read ("Event
'Council received the owner's notice…': date received 2 March 2026 → 3 March 2026"),
newest first, filterable by kind of record and by person.

The deadline-control log is the subset that can move a statutory deadline: creating,
re-dating, re-kinding or deleting an event of a kind the case's regime counts from (or
that meets or ends a period), and a regime parameter override (RegimeSetting). Each entry
names the deadlines it moves, so a reviewer can see who changed the dates the law runs
from, and when. No Qt here: the CLI, the History page and the printable log all use it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Numeric, or_, select
from sqlalchemy.orm import Session

from cattool.core.dates import format_date_long
from cattool.core.history_rules import DeadlineLinks, deadline_links
from cattool.core.model import AuditEntry, Base, Event, RegimeSetting
from cattool.core.money.format import format_money
from cattool.core.queries import find_case, regime_for
from cattool.core.rules.events import event_kinds, event_label
from cattool.core.rules.regime import Regime, load_regime

#: Kinds of record as people call them (AuditEntry.entity → words).
ENTITY_LABELS = {
    "case": "Case",
    "asset": "Asset",
    "group": "Group",
    "member": "Member",
    "party": "Contact",
    "event": "Event",
    "task": "Task",
    "evidence": "Evidence of support",
    "document": "Document",
    "regime_setting": "Rule setting",
    "funding_plan": "Funding plan",
    "funding_source": "Funding source",
    "share_offer": "Share offer",
    "share_application": "Share application",
    "business_plan": "Business plan",
    "income_stream": "Income stream",
    "running_cost": "Running cost",
    "capital_cost": "Capital cost",
    "plan_risk": "Risk",
    "risk": "Risk",
    "impact_measure": "Impact measure",
    "lease": "Lease",
    "lease_break": "Break clause",
    "cat_policy_override": "Council CAT policy",
    "review_comment": "Review comment",
}

#: Field names that read badly when simply de-underscored.
FIELD_LABELS = {
    "uprn": "UPRN",
    "sent_on": "sent on",
    "received_on": "received on",
    "held_on": "held on",
    "done_on": "done on",
    "due_date": "due date",
    "deadline_key": "linked deadline",
    "document_path": "linked file",
    "plan_path": "boundary plan file",
    "kind": "kind",
}

ACTION_WORDS = {
    "create": "added",
    "delete": "deleted",
    "restore": "restored (undo of a deletion)",
    "import": "imported",
    "export": "exported",
    "hide": "hidden",
    "show": "shown again",
    "payment": "payment recorded",
    "refund": "refund recorded",
}

#: Where a record's name is kept, in order of preference.
_NAME_FIELDS = ("name", "title", "label", "measure", "parameter")
_TEXT_LIMIT = 80
BLANK = "(blank)"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one change, in words: 'date received', '2 March 2026', '3 March 2026'."""

    name: str
    label: str
    before: str
    after: str

    def describe(self) -> str:
        if self.before == self.after:
            return f"{self.label} {self.after}"
        return f"{self.label} {self.before} → {self.after}"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One audit entry of a case, decoded: who, when (local time) and what, in words."""

    id: int
    at: dt.datetime  # as stored: UTC, naive
    who: str
    action: str
    entity: str
    entity_id: int | None
    kind_label: str  # the entity in words
    subject: str  # "Event 'Offer made to the owner'"
    what: str  # the whole sentence
    changes: tuple[FieldChange, ...] = ()
    deadline_control: bool = False
    deadlines: tuple[str, ...] = ()  # labels of the deadlines it can move
    settles: tuple[str, ...] = ()  # labels of deadlines it can meet or end

    @property
    def when(self) -> dt.datetime:
        """The moment in the computer's time zone."""
        return self.at.replace(tzinfo=dt.UTC).astimezone()

    @property
    def when_text(self) -> str:
        local = self.when
        return f"{format_date_long(local.date())} {local:%H:%M}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.replace(tzinfo=dt.UTC).isoformat(),
            "when": self.when.isoformat(timespec="seconds"),
            "who": self.who,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "kind": self.kind_label,
            "what": self.what,
            "changes": [
                {"field": c.name, "label": c.label, "before": c.before, "after": c.after}
                for c in self.changes
            ],
            "deadline_control": self.deadline_control,
            "deadlines": list(self.deadlines),
            "settles": list(self.settles),
        }


@dataclass(slots=True)
class CaseHistory:
    """A case's history, newest first, with what the filters can choose from."""

    case_id: int
    case_name: str
    regime_name: str
    entries: list[HistoryEntry] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # everyone in the unfiltered history
    kinds: list[tuple[str, str]] = field(default_factory=list)  # (entity, label)

    def to_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "case": self.case_name,
            "regime": self.regime_name,
            "people": self.people,
            "entries": [e.to_json() for e in self.entries],
        }


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity) or entity.replace("_", " ").capitalize()


def field_label(entity: str, name: str, state: dict[str, Any] | None = None) -> str:
    """A field's name in words; an event's `date` says which date of a letter it is."""
    if entity == "event" and name == "date":
        spec = event_kinds().get(str((state or {}).get("kind", "")))
        basis = spec.basis if spec else "occurred"
        return {"received": "date received", "sent": "date sent"}.get(basis, "date")
    return FIELD_LABELS.get(name) or name.replace("_", " ")


def format_value(entity: str, name: str, value: Any) -> str:
    """A stored value as a person would write it: dates in words, kinds as labels."""
    if value is None or value == "":
        return BLANK
    if isinstance(value, bool):
        return "yes" if value else "no"
    if entity == "event" and name == "kind":
        return event_label(str(value))
    if entity == "regime_setting" and name == "value":
        return _regime_value(str(value))
    if isinstance(value, list):
        return ", ".join(format_value(entity, name, v) for v in value) or BLANK
    kind = _numeric_kind(entity, name)
    if kind == "money":
        try:
            return format_money(str(value))
        except (ValueError, ArithmeticError):
            pass
    elif kind == "percent":
        return f"{str(value).rstrip('0').rstrip('.')} %" if "." in str(value) else f"{value} %"
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return format_date_long(dt.date.fromisoformat(text))
        except ValueError:
            pass
    if len(text) >= 19 and text[4] == "-" and text[10] in " T":
        try:
            moment = dt.datetime.fromisoformat(text)
            return f"{format_date_long(moment.date())} {moment:%H:%M}"
        except ValueError:
            pass
    text = " ".join(text.split())
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"


def _numeric_kind(entity: str, name: str) -> str | None:
    """The Decimal columns: money is Numeric(12, 2) ('£3,200', not '3200.00'), rates and
    likelihoods are Numeric(5, 2) ('12.5 %')."""
    table = Base.metadata.tables.get(entity)
    column = table.c.get(name) if table is not None else None
    if column is None or not isinstance(column.type, Numeric):
        return None
    return "money" if (column.type.precision or 0) >= 10 else "percent"


def _regime_value(value: str) -> str:
    """A parameter's value: a period as written ('6 weeks'), an event kind as its label."""
    return f"'{event_label(value)}'" if value in event_kinds() else value


def _decode(text: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {"value": text}
    return data if isinstance(data, dict) else {"value": data}


# ---------------------------------------------------------------- reading


def case_history(
    session: Session,
    case_ref: str | int,
    *,
    kind: str | None = None,
    who: str | None = None,
    deadline_only: bool = False,
) -> CaseHistory:
    """Every audit entry of the case, newest first, decoded; optionally only one kind of
    record (an AuditEntry.entity such as "event"), one person, or the deadline-control log."""
    case = find_case(session, case_ref)
    regime = regime_for(session, case.regime)
    links = deadline_links(regime)
    settings = {
        row.id: row
        for row in session.scalars(select(RegimeSetting).where(RegimeSetting.regime == case.regime))
    }
    query = select(AuditEntry).where(
        or_(
            AuditEntry.case_id == case.id,
            (AuditEntry.entity == "regime_setting")
            & AuditEntry.entity_id.in_(list(settings) or [-1]),
        )
    )
    rows = list(session.scalars(query.order_by(AuditEntry.at, AuditEntry.id)))
    event_kinds_now = {
        id_: kind
        for id_, kind in session.execute(
            select(Event.id, Event.kind).where(Event.case_id == case.id)
        )
    }
    states: dict[tuple[str, int | None], dict[str, Any]] = defaultdict(dict)
    decoded = []
    for row in rows:
        state = states[(row.entity, row.entity_id)]
        if row.entity == "event" and "kind" not in state and row.entity_id in event_kinds_now:
            state["kind"] = event_kinds_now[row.entity_id]
        if row.entity == "regime_setting" and row.entity_id in settings:
            state.setdefault("parameter", settings[row.entity_id].parameter)
        decoded.append(_describe(row, state, links, regime))
    history = CaseHistory(case.id, case.name, regime.name)
    history.people = sorted({e.who for e in decoded}, key=str.casefold)
    labels = {e.entity: e.kind_label for e in decoded}
    history.kinds = sorted(labels.items(), key=lambda item: item[1])
    wanted = who.casefold().strip() if who else None
    history.entries = [
        e
        for e in reversed(decoded)
        if (kind is None or e.entity == kind)
        and (wanted is None or e.who.casefold() == wanted)
        and (not deadline_only or e.deadline_control)
    ]
    return history


def deadline_control_log(session: Session, case_ref: str | int) -> CaseHistory:
    """Only the changes that can move a statutory deadline, newest first."""
    return case_history(session, case_ref, deadline_only=True)


def _describe(
    row: AuditEntry, state: dict[str, Any], links: DeadlineLinks, regime: Regime
) -> HistoryEntry:
    """Decode one entry against the record's state so far (updated in place), so a
    change naming only the date still says which event it was."""
    before, after = _decode(row.before), _decode(row.after)
    entity = row.entity
    private = list(after.get("fields", ())) if set(after) == {"fields"} and not before else []
    old_state = dict(state)
    if row.action == "delete" and before:
        state.update(before)
    elif not private:
        state.update(after)
    changes = _field_changes(entity, row.action, before, after, old_state, state, private)
    subject = _subject(entity, row.entity_id, state, old_state)
    what = _sentence(subject, row.action, changes, private)
    control, moves, settles = _control(entity, row.action, before, after, old_state, state, links)
    if entity == "regime_setting":
        parameter = str(state.get("parameter", ""))
        moves = links.parameters.get(parameter, ())
        spec = regime.parameters.get(parameter)
        if spec is not None:
            subject = f"Rule setting '{regime.short_name}: {spec.label}'"
            if not before:  # the first override: the value before was the regime file's
                default = load_regime(regime.id).parameters[parameter].value
                changes = tuple(
                    FieldChange(c.name, c.label, _regime_value(default), c.after)
                    if c.name == "value"
                    else FieldChange(c.name, c.label, c.after, c.after)
                    for c in sorted(changes, key=lambda c: c.name != "value")
                )
            what = _sentence(subject, row.action, changes, private)
    return HistoryEntry(
        id=row.id,
        at=row.at,
        who=row.who,
        action=row.action,
        entity=entity,
        entity_id=row.entity_id,
        kind_label=entity_label(entity),
        subject=subject,
        what=what,
        changes=changes,
        deadline_control=control,
        deadlines=moves,
        settles=settles,
    )


def _field_changes(
    entity: str,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    old_state: dict[str, Any],
    state: dict[str, Any],
    private: list[str],
) -> tuple[FieldChange, ...]:
    if private:
        return ()
    names = list(after) if action != "delete" else list(before)
    names += [n for n in before if n not in names]
    found = []
    for name in names:
        old = before.get(name, old_state.get(name) if action not in ("create", "delete") else None)
        new = after.get(name) if action != "delete" else before.get(name)
        if action not in ("create", "delete") and name in before and name in after and old == new:
            continue
        label_state = state if name == "date" else old_state or state
        found.append(
            FieldChange(
                name,
                field_label(entity, name, label_state),
                format_value(entity, name, old) if action != "create" else "",
                format_value(entity, name, new),
            )
        )
    return tuple(found)


def _subject(
    entity: str, entity_id: int | None, state: dict[str, Any], old_state: dict[str, Any]
) -> str:
    words = entity_label(entity)
    if entity == "event" and (state.get("kind") or old_state.get("kind")):
        return f"{words} '{event_label(str(old_state.get('kind') or state.get('kind')))}'"
    if entity in ("member", "share_application"):  # personal data stays out of the trail
        return f"{words} #{entity_id}" if entity_id else words
    for name in _NAME_FIELDS:
        value = state.get(name) or old_state.get(name)
        if value:
            return f"{words} '{format_value(entity, name, value)}'"
    return f"{words} #{entity_id}" if entity_id else words


def _sentence(
    subject: str, action: str, changes: tuple[FieldChange, ...], private: list[str]
) -> str:
    if private:
        return f"{subject}: changed {', '.join(field_label('', n) for n in private)}"
    if action in ("update", "set"):
        detail = "; ".join(c.describe() for c in changes)
        return f"{subject}: {detail}" if detail else f"{subject}: saved with no change"
    text = f"{subject} {ACTION_WORDS.get(action, action)}"
    if changes and action in ("create", "delete"):
        shown = [c for c in changes if c.after != BLANK and c.after not in subject][:4]
        text += ": " + "; ".join(f"{c.label} {c.after}" for c in shown) if shown else ""
    elif changes:
        text += ": " + "; ".join(c.describe() for c in changes)
    return text


def _control(
    entity: str,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    old_state: dict[str, Any],
    state: dict[str, Any],
    links: DeadlineLinks,
) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    """Whether the entry can move a statutory deadline, and which deadlines."""
    if entity == "regime_setting":
        return True, (), ()
    if entity != "event":
        return False, (), ()
    kinds = [k for k in (old_state.get("kind"), state.get("kind")) if k]
    kinds = list(dict.fromkeys(str(k) for k in kinds))
    if not any(links.drives(k) for k in kinds):
        return False, (), ()
    if action == "update":
        touched = {
            name
            for name in ("date", "kind")
            if name in after and (name not in before or before[name] != after[name])
        }
        if not touched:
            return False, (), ()
    elif action not in ("create", "delete", "restore", "import"):
        return False, (), ()
    moves = tuple(dict.fromkeys(label for k in kinds for label in links.moves.get(k, ())))
    settles = tuple(dict.fromkeys(label for k in kinds for label in links.settles.get(k, ())))
    return True, moves, settles
