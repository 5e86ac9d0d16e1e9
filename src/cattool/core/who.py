"""Who the audit trail records: a configured name, else CATTOOL_USER, else the OS user.

No dependencies (no SQLAlchemy), so the desktop can apply the saved name at start-up
without importing the data layer early.
"""

from __future__ import annotations

import getpass
import os

from cattool.core.errors import InputError

# The name this process records changes under, once someone has said it (the app's
# Edit → Your name…, the CLI's --user). A plain module value, not a ContextVar: services
# also run on the desktop's worker threads, which must record the same person.
_configured_user: str | None = None
USER_NAME_LIMIT = 120  # AuditEntry.who


def clean_user_name(name: str) -> str:
    """A name as it will be recorded; InputError for one that cannot be."""
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
    return _configured_user or default_user()


def default_user() -> str:
    """Who is recorded when nobody has configured a name: CATTOOL_USER, else the OS user."""
    configured = " ".join(os.environ.get("CATTOOL_USER", "").split())
    if configured:
        return configured[:USER_NAME_LIMIT]
    return os_user()
