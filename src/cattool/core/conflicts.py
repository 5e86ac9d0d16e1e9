"""Conflicts between two people editing the same record (optimistic locking).

Every editable row has a `version` (SQLAlchemy's version_id_col). A save that names the
version the user saw (`expected_version`) is refused with ConflictError when the row has
moved on since: nothing is written, and the error says, field by field, what the user
started from, what is in the database now (and who changed it, when, from the audit
trail) and what the user wanted. The UPDATE itself stays guarded (`WHERE version = ?`), so
two transactions racing past the check cannot both write: the loser's StaleDataError
becomes a ConflictError too, completed by `complete()` in a fresh session.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cattool.core.errors import InputError, NotFoundError
from cattool.core.model import AuditEntry

_UNKNOWN: Any = object()  # the value the user started from, when the caller did not say


@dataclass
class FieldConflict:
    """One field of a conflict: where the user started, theirs now, the user's own."""

    name: str
    base: Any
    theirs: Any
    yours: Any
    who: str = ""
    when: dt.datetime | None = None

    @property
    def they_changed(self) -> bool:
        """True when someone else changed this field since the user loaded it (or the
        starting value is unknown, so it may have been)."""
        return self.base is _UNKNOWN or self.base != self.theirs


class ConflictError(InputError):
    """Someone else saved the record since the user loaded it; nothing was written."""

    def __init__(
        self,
        entity: str,
        record_id: int,
        expected_version: int,
        fields: Mapping[str, Any],
        base: Mapping[str, Any] | None = None,
        *,
        deleting: bool = False,
    ) -> None:
        self.entity, self.record_id = entity, record_id
        self.expected_version = expected_version
        self.current_version: int | None = None
        self.deleting = deleting
        self.yours = dict(fields)
        self.base = dict(base or {})
        self.fields: list[FieldConflict] = []
        self.who, self.when = "", None
        self.gone = False
        super().__init__(self._message())

    @property
    def completed(self) -> bool:
        return self.current_version is not None or self.gone

    def _message(self) -> str:
        what = f"this {self.entity.replace('_', ' ')}"
        if self.gone:
            return f"Someone else has deleted {what} since you opened it; nothing was saved."
        by = f" ({self.who}, {self.when:%d %b %Y %H:%M})" if self.who and self.when else ""
        if self.deleting or not self.yours:  # no values of the user's to choose between
            action = "delete" if self.deleting else "change"
            return (
                f"Someone else changed {what} since you opened it{by}. Your {action} was "
                "not applied, so nothing was lost: look at it again as it is now, and "
                f"{action} it again if you still want to."
            )
        return (
            f"Someone else changed {what} since you opened it{by}. Your save was not "
            "applied, so nothing was overwritten: look at their values and yours and choose."
        )

    def complete(self, session: Session) -> ConflictError:
        """Fill in the record as it is now and who changed it (reads only)."""
        from cattool.core.editing import EDITABLE  # editing imports this module

        spec = EDITABLE[self.entity]
        record = session.get(spec.model, self.record_id, populate_existing=True)
        if record is None:
            self.gone = True
            self.args = (self._message(),)
            return self
        self.current_version = record.version
        names = list(self.yours) or [n for n in spec.fields if n in self.base]
        changes, last = _field_changes(session, self.entity, self.record_id)
        self.fields = []
        for name in names:
            who, when = changes.get(name, ("", None))
            self.fields.append(
                FieldConflict(
                    name,
                    self.base.get(name, _UNKNOWN),
                    getattr(record, name),
                    self.yours.get(name, self.base.get(name)),
                    who,
                    when,
                )
            )
        if last is not None:
            self.who, self.when = last
        self.args = (self._message(),)
        return self


def _field_changes(
    session: Session, entity: str, record_id: int, depth: int = 20
) -> tuple[dict[str, tuple[str, dt.datetime]], tuple[str, dt.datetime] | None]:
    """Who changed each field of a record last, and when (from its latest `depth` audit
    entries); and the latest change of any kind."""
    rows = session.execute(
        select(AuditEntry.who, AuditEntry.at, AuditEntry.after)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
        .order_by(AuditEntry.id.desc())
        .limit(depth)
    ).all()
    found: dict[str, tuple[str, dt.datetime]] = {}
    for who, at, after_text in rows:
        try:
            after = json.loads(after_text) if after_text else {}
        except ValueError:
            continue
        names = after.get("fields", []) if set(after) == {"fields"} else list(after)
        for name in names:
            found.setdefault(name, (who, at))
    return found, ((rows[0].who, rows[0].at) if rows else None)


def read_current(session: Session, model: type, entity: str, record_id: int) -> Any:
    """The record as committed now (not a copy this session already holds). No row lock:
    the guarded UPDATE settles a race, so a save waits for no one's conflict check."""
    record = session.execute(
        select(model).where(model.id == record_id).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if record is None:
        raise NotFoundError(f"There is no {entity} {record_id}: someone else may have deleted it.")
    return record


def flush_guarded(
    session: Session,
    entity: str,
    record_id: int,
    expected_version: int | None,
    fields: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    *,
    deleting: bool = False,
) -> None:
    """Flush; a write the version guard refused (another transaction got there first)
    is a ConflictError, to be completed (`complete`) in a fresh session."""
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(
            entity, record_id, expected_version or 0, fields, base, deleting=deleting
        ) from None


def check_version(
    session: Session,
    entity: str,
    record: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    *,
    deleting: bool = False,
) -> None:
    """Raise a completed ConflictError when `record` is not at `expected_version`."""
    if record.version != expected_version:
        raise ConflictError(
            entity, record.id, expected_version, fields, base, deleting=deleting
        ).complete(session)


def _same(a: Any, b: Any) -> bool:
    return ("" if a is None else a) == ("" if b is None else b)


def check_unchanged(
    session: Session,
    entity: str,
    record_id: int,
    must_be: Mapping[str, Any],
    yours: Mapping[str, Any],
    today: dt.date,
    *,
    stored: bool = False,
) -> int:
    """For undo and redo: check the record's fields still hold `must_be` (what
    this user last wrote there); returns the version to save against. Another person's
    change to those fields since is a (completed) ConflictError; their changes to other
    fields are kept, not a conflict. `stored`: `must_be` was read from the database (not
    typed), so it is compared as it is."""
    from cattool.core.editing import EDITABLE, clean_fields

    record = read_current(session, EDITABLE[entity].model, entity, record_id)
    expected = dict(must_be) if stored else clean_fields(entity, must_be, today)
    if not all(_same(getattr(record, name), value) for name, value in expected.items()):
        raise ConflictError(entity, record_id, record.version, yours, expected).complete(session)
    return record.version


def choose(conflict: ConflictError, mine: set[str]) -> dict[str, Any]:
    """The fields to save when the user keeps their own value for `mine` and theirs for
    the rest: only the fields whose chosen value differs from what is stored now."""
    return {f.name: f.yours for f in conflict.fields if f.name in mine and f.yours != f.theirs}


def check_versions(session: Session, entity: str, expected: Mapping[int, int]) -> None:
    """Before a service call changes records (a payment, refunds): each record must still
    be at the version the user loaded (`expected`: id -> version), else a completed
    ConflictError and nothing is written. The records are read afresh into the session,
    so the call's own UPDATE is guarded by the same version (a race has one winner)."""
    from cattool.core.editing import EDITABLE

    for record_id, version in expected.items():
        record = read_current(session, EDITABLE[entity].model, entity, record_id)
        check_version(session, entity, record, version, {}, None)


def loaded_versions(
    session: Session, entities: Iterable[str], case_id: int | None
) -> dict[tuple[str, int], int]:
    """The version of every record of `entities` in a case ((entity, id) -> version), for a
    page to save against. Read *before* the rows the page shows: a colleague's save
    between the two reads then makes a needless conflict, never a silent overwrite."""
    found: dict[tuple[str, int], int] = {}
    for entity in entities:
        query = _versions_query(entity, case_id)
        found.update(((entity, i), v) for i, v in session.execute(query).all())
    return found


def _versions_query(entity: str, case_id: int | None) -> Any:
    """SELECT id, version of one kind of record, limited to a case where it has one."""
    from cattool.core.editing import EDITABLE
    from cattool.core.lease.model import Lease, LeaseBreak
    from cattool.core.model import CaseParty, Group, Member, ShareApplication, ShareOffer

    model: Any = EDITABLE[entity].model
    query = select(model.id, model.version)
    if entity == "case":
        return query.where(model.id == case_id)
    if "case_id" in model.__table__.c:
        return query.where(model.case_id == case_id)
    via = {
        "member": (Group, Member.group_id),
        "share_application": (ShareOffer, ShareApplication.offer_id),
        "lease_break": (Lease, LeaseBreak.lease_id),
    }
    if entity in via:
        owner, link = via[entity]
        return query.join(owner, owner.id == link).where(owner.case_id == case_id)
    if entity == "party":
        return query.join(CaseParty, CaseParty.party_id == model.id).where(
            CaseParty.case_id == case_id
        )
    return query  # the fund catalogue: no case, all of it
