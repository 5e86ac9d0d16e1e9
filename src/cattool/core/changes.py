"""What a change did (Changes) and the audit trail every change writes."""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cattool.core.model import AuditEntry


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


# The name this process records changes under, once someone has said it (the app's
# Edit → Your name…, the CLI's --user). A plain module value, not a ContextVar: services
# also run on the desktop's worker threads, which must record the same person.
_configured_user: str | None = None
USER_NAME_LIMIT = 120  # AuditEntry.who


def clean_user_name(name: str) -> str:
    """A name as it will be recorded; InputError for one that cannot be."""
    from cattool.core.errors import InputError

    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InputError("Your name cannot be empty.")
    if len(cleaned) > USER_NAME_LIMIT:
        raise InputError(f"Your name can be at most {USER_NAME_LIMIT} characters.")
    return cleaned


def set_current_user(name: str | None) -> None:
    """Record changes under `name` from now on; None goes back to the default."""
    global _configured_user
    _configured_user = clean_user_name(name) if name is not None else None


def os_user() -> str:
    """The operating-system user: the name used when nobody has configured one."""
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers): still record something
        return "unknown"


def current_user() -> str:
    """Who is making changes: the configured name, else CATTOOL_USER, else the OS user."""
    if _configured_user:
        return _configured_user
    configured = " ".join(os.environ.get("CATTOOL_USER", "").split())
    if configured:
        return configured[:USER_NAME_LIMIT]
    return os_user()


def audit(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    case_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    session.add(
        AuditEntry(
            who=current_user(),
            case_id=case_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=json.dumps(before, default=str, sort_keys=True) if before else "",
            after=json.dumps(after, default=str, sort_keys=True) if after else "",
        )
    )
