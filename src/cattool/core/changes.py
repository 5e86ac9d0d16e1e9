"""What a change did (Changes) and the audit trail every change writes."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cattool.core.model import AuditEntry
from cattool.core.who import (  # who the trail records; re-exported for callers here
    USER_NAME_LIMIT,
    clean_user_name,
    current_user,
    default_user,
    os_user,
    set_current_user,
)
from cattool.core.write_log import note_audited

__all__ = [
    "USER_NAME_LIMIT",
    "Changes",
    "audit",
    "clean_user_name",
    "current_user",
    "default_user",
    "os_user",
    "set_current_user",
]


@dataclass(frozen=True)
class Changes:
    """What a service call changed: which cases, which kinds of record, what it created."""

    case_ids: frozenset[int] = frozenset()
    entities: frozenset[str] = frozenset()
    created_id: int | None = None

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.case_ids | other.case_ids,
            self.entities | other.entities,
            other.created_id if other.created_id is not None else self.created_id,
        )


def audit(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    case_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    entry = AuditEntry(
        who=current_user(),
        case_id=case_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=json.dumps(before, default=str, sort_keys=True) if before else "",
        after=json.dumps(after, default=str, sort_keys=True) if after else "",
    )
    session.add(entry)
    note_audited(session, entry)  # colleagues' windows hear of it (core.write_log)
