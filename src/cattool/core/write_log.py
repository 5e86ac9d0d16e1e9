"""What this Store has written, so a change feed can tell colleagues' changes from ours.

Every audit entry a transaction writes is noted on its session (`note_audited`). At
commit, the hooks `watch_writes` installs on the Store's sessions:

- remember the ids of those entries in the Store's `WriteLog` (the polling feed skips
  them: they are this window's own changes, already shown), and
- on PostgreSQL, send `NOTIFY cattool_changes` with what changed (cases, kinds of record,
  who, and the Store's token), inside the same transaction, so it is delivered to
  listeners only if the commit succeeds.

Kept free of the ORM model so the Store can import it cheaply.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import deque
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

CHANNEL = "cattool_changes"
#: PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; stay well under it.
PAYLOAD_LIMIT = 7000
_AUDITED = "cattool.audited"  # session.info key: the AuditEntry objects of this transaction
_OWN_IDS = "cattool.own_ids"  # session.info key: their ids, noted before the commit
_NAMES_SENT = 3  # who: a payload names at most this many people


class WriteLog:
    """One Store's own writes: a token naming it in NOTIFY payloads, and the ids of the
    audit entries it committed recently (bounded). Safe from any thread."""

    def __init__(self, keep: int = 10_000) -> None:
        self.token = uuid.uuid4().hex[:16]
        self._ids: set[int] = set()
        self._order: deque[int] = deque()
        self._keep = keep
        self._lock = threading.Lock()

    def add(self, ids: Iterable[int]) -> None:
        with self._lock:
            for audit_id in ids:
                if audit_id not in self._ids:
                    self._ids.add(audit_id)
                    self._order.append(audit_id)
            while len(self._order) > self._keep:
                self._ids.discard(self._order.popleft())

    def discard(self, ids: Iterable[int]) -> None:
        with self._lock:
            for audit_id in ids:
                self._ids.discard(audit_id)  # left in _order: trimmed in its turn

    def __contains__(self, audit_id: object) -> bool:
        with self._lock:
            return audit_id in self._ids


def note_audited(session: Session, entry: Any) -> None:
    """Called by `changes.audit` for every entry it adds to `session`."""
    session.info.setdefault(_AUDITED, []).append(entry)


def watch_writes(sessions: sessionmaker[Session], log: WriteLog, *, notify: bool) -> None:
    """Install the commit hooks on a Store's sessionmaker (`notify`: on PostgreSQL)."""

    def before_commit(session: Session) -> None:
        entries = session.info.get(_AUDITED)
        if not entries:
            return
        session.flush()  # ids now, before anyone else can see the rows
        ids = [entry.id for entry in entries if entry.id is not None]
        log.add(ids)  # before the commit: a poller never sees them as someone else's
        session.info[_OWN_IDS] = ids
        if notify:
            payload = encode_payload(log.token, entries)
            session.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": CHANNEL, "payload": payload},
            )

    def after_commit(session: Session) -> None:
        session.info.pop(_AUDITED, None)
        session.info.pop(_OWN_IDS, None)

    def after_rollback(session: Session) -> None:
        session.info.pop(_AUDITED, None)
        # Not written after all: SQLite may give the same ids to someone else's entries.
        log.discard(session.info.pop(_OWN_IDS, ()))

    event.listen(sessions, "before_commit", before_commit)
    event.listen(sessions, "after_commit", after_commit)
    event.listen(sessions, "after_rollback", after_rollback)


def encode_payload(token: str, entries: Iterable[Any]) -> str:
    """The NOTIFY payload for these audit entries: JSON with the writer's token `s`, who
    `w`, the case ids `c` (null: not one case, read every case again) and the kinds of
    record `e`. Too big for NOTIFY: `all` (read everything again) instead of `c` and `e`."""
    who: list[str] = []
    cases: set[int] = set()
    entities: set[str] = set()
    every_case = False
    for entry in entries:
        if entry.who not in who:
            who.append(entry.who)
        entities.add(entry.entity)
        if entry.case_id is None:
            every_case = True
        else:
            cases.add(entry.case_id)
    body = {
        "s": token,
        "w": who[:_NAMES_SENT],
        "c": None if every_case else sorted(cases),
        "e": sorted(entities),
    }
    payload = json.dumps(body, separators=(",", ":"))
    if len(payload.encode()) < PAYLOAD_LIMIT:
        return payload
    short = {"s": token, "w": [name[:40] for name in who[:1]], "all": True}
    return json.dumps(short, separators=(",", ":"))
