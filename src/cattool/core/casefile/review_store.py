"""Review comments and the database: the items of a case a comment can be about, the
import of a review file (every check first, one transaction, never twice), the comments
of a case (whether their item still exists is derived, not stored) and the resolved flag.

Items are found generically from the model's foreign keys (casefile/tables.discover):
every row that belongs to the case, with a label for people and the workspace page that
shows it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from cattool.core.casefile.format import CaseFileError
from cattool.core.casefile.review import CASE_TABLE, ItemRef, ReviewReport, verify_review_file
from cattool.core.casefile.tables import CaseSchema, discover
from cattool.core.changes import Changes, audit
from cattool.core.editing import EDITABLE, Editable, update_fields
from cattool.core.errors import InputError
from cattool.core.review_model import ReviewComment

ENTITY = "review_comment"
EDITABLE.setdefault(ENTITY, Editable(ReviewComment, ("resolved",), lambda r: r.case_id))

# Which workspace page shows the rows of a table (anything else: the Overview).
PAGES: dict[str, str] = {
    "acv_case": "overview", "asset": "asset", "community_group": "group", "member": "group",
    "event": "events", "task": "tasks", "evidence": "evidence", "case_party": "contacts",
    "party": "contacts", "funding_plan": "money", "funding_source": "money",
    "share_offer": "share_offer", "share_application": "share_offer",
    "business_plan": "business_plan", "income_stream": "business_plan",
    "running_cost": "business_plan", "plan_risk": "business_plan",
    "impact_measure": "business_plan", "lease": "lease", "lease_break": "lease",
    "cat_policy_override": "lease", "generated_document": "documents",
}  # fmt: skip
TITLES: dict[str, str] = {
    "acv_case": "The case as a whole", "community_group": "Group", "case_party": "Contact",
    "generated_document": "Document", "plan_risk": "Risk", "cat_policy_override": "CAT policy",
    "share_application": "Share application", "funding_source": "Funding source",
}  # fmt: skip
NAME_COLUMNS = ("name", "title", "label", "description", "kind", "role", "status", "category")
DATE_COLUMNS = ("date", "held_on", "due_date", "generated_at", "break_date", "applied_on")
# Not items anyone comments on: settings and bookkeeping.
SKIPPED = frozenset({"regime_setting", "money_setting", ENTITY})


@cache
def _schema() -> CaseSchema:
    from cattool.core.model import Base

    return discover(Base.metadata)


def _case_rows(schema: CaseSchema, table: str, case_id: int) -> Any:
    """A WHERE clause: the rows of `table` that belong to the case (through its owner)."""
    t = schema.table(table)
    if table == CASE_TABLE:
        return t.c.id == case_id
    link = next(lk for lk in schema.owning_links(table) if lk.target_table != table)
    if link.target_table == CASE_TABLE:
        return t.c[link.column] == case_id
    owner = schema.table(link.target_table)
    owners = select(owner.c.id).where(_case_rows(schema, link.target_table, case_id))
    return t.c[link.column].in_(owners)


def _label(session: Session, table: str, row: Any) -> str:
    from cattool.core.dates import format_date_long

    title = TITLES.get(table) or table.replace("_", " ").capitalize()
    if table == CASE_TABLE:
        return title
    values = row._mapping
    if table == "event":
        from cattool.core.rules.events import event_label

        return f"Event: {event_label(values['kind'])}, {format_date_long(values['date'])}"
    if table == "case_party":
        from cattool.core.model import Party

        party = session.get(Party, values["party_id"]) if values.get("party_id") else None
        return f"Contact: {party.name if party else '?'} ({values['role']})"
    words = [str(values[c]) for c in NAME_COLUMNS if values.get(c)][:1]
    words += [format_date_long(values[c]) for c in DATE_COLUMNS
              if c in values and isinstance(values[c], dt.date)][:1]  # fmt: skip
    return f"{title}: {', '.join(words)}" if words else f"{title} {values['id']}"


def case_items(session: Session, case_id: int, page: str | None = None) -> list[ItemRef]:
    """The items of a case (ids of THIS database), the case itself first; only those on
    `page` when given (the case as a whole is offered on every page)."""
    schema = _schema()
    items = [ItemRef(CASE_TABLE, case_id, TITLES[CASE_TABLE], "overview")]
    for table in schema.owned:
        where = PAGES.get(table, "overview")
        if table in SKIPPED or table == CASE_TABLE or (page is not None and where != page):
            continue
        t: Table = schema.table(table)
        for row in session.execute(select(t).where(_case_rows(schema, table, case_id))):
            items.append(ItemRef(table, row.id, _label(session, table, row)[:300], where))
    return items


def item_exists(session: Session, case_id: int, table: str, item_id: int | None) -> bool:
    return current_label(session, case_id, table, item_id) is not None


def current_label(session: Session, case_id: int, table: str, item_id: int | None) -> str | None:
    """The item's label as this database has it now (the group's own words, not the
    pseudonyms of a redacted file); None when the item is no longer in the case."""
    schema = _schema()
    if table not in schema.owned or item_id is None:
        return None
    t = schema.table(table)
    row = session.execute(select(t).where(t.c.id == item_id,
                                          _case_rows(schema, table, case_id))).first()  # fmt: skip
    return None if row is None else _label(session, table, row)[:300]


# ------------------------------------------------------------------------ import


@dataclass(slots=True)
class ReviewImport:
    case_id: int
    case_name: str
    added: int
    already: int  # comments already imported (the same file again)
    missing: list[str] = field(default_factory=list)  # labels of items no longer here
    report: ReviewReport | None = None


def _find_case(session: Session, uid: str, wanted: str | None) -> tuple[int, str]:
    from cattool.core import queries
    from cattool.core.model import Case

    case = session.scalar(select(Case).where(Case.uid == uid))
    if wanted is not None:
        chosen = queries.find_case(session, wanted)
        if case is None or chosen.id != case.id:
            raise CaseFileError(
                f"Nothing imported: this review is of another case than {chosen.name}."
            )
    if case is None:
        raise CaseFileError(
            "Nothing imported: this database does not have the case the review is about "
            "(it was made from a case file of another database)."
        )
    return case.id, case.name


def import_review(
    store: Any, path: str | os.PathLike[str], *, case: str | None = None
) -> ReviewImport:
    """Import the comments of a review file into the case it reviews. Raises
    CaseFileError (nothing written) for a file that is not intact, or of another case."""
    report = verify_review_file(path)
    with store.transaction() as session:
        return import_review_into(session, Path(path).name, report, case)[1]


def import_review_into(
    session: Session, file_name: str, report: ReviewReport, case: str | None = None
) -> tuple[Changes, ReviewImport]:
    """The import in the caller's transaction (the GUI's `ctx.run`), from a checked file."""
    if not report.intact or report.manifest is None or report.notes is None:
        raise CaseFileError("Nothing imported. " + report.summary())
    manifest, sig = report.manifest, report.signature
    case_id, name = _find_case(session, manifest.case_uid, case)
    known = set(session.scalars(select(ReviewComment.uid).where(
        ReviewComment.case_id == case_id)))  # fmt: skip
    result = ReviewImport(case_id, name, 0, 0, report=report)
    for note in report.notes:
        if note.uid in known:
            result.already += 1
            continue
        item = note.item
        if not item_exists(session, case_id, item.table, item.id):
            result.missing.append(item.label)
        session.add(ReviewComment(
            case_id=case_id, uid=note.uid, review_uid=manifest.review_uid,
            review_file=file_name[:300], item_table=item.table,
            item_id=case_id if item.table == CASE_TABLE else item.id,
            item_label=item.label, page=item.page, text=note.text,
            reviewer=manifest.reviewer,
            created_at=dt.datetime.fromisoformat(note.created_at.replace("Z", "")),
            signature=report.signature_state, fingerprint=sig.fingerprint if sig else "",
            signer=(sig.signer or "") if sig else "", resolved=False,
        ))  # fmt: skip
        known.add(note.uid)
        result.added += 1
    if result.added:
        session.flush()
        audit(session, "import", ENTITY, None, case_id, after={
            "review-uid": manifest.review_uid, "reviewer": manifest.reviewer,
            "comments": result.added, "signature": report.signature_state,
        })  # fmt: skip
    return Changes(frozenset({case_id}), frozenset({ENTITY})), result


# ------------------------------------------------------------------------ read, resolve


@dataclass(frozen=True, slots=True)
class CommentView:
    """A comment as the panel and `cattool review list` show it."""

    id: int
    item: ItemRef  # ids of this database
    item_exists: bool
    text: str
    reviewer: str
    created_at: dt.datetime
    review_file: str
    signature: str
    signer: str
    fingerprint: str
    resolved: bool

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "item": self.item.to_json(), "item-exists": self.item_exists,
                "text": self.text, "reviewer": self.reviewer,
                "created-at": self.created_at.isoformat(), "review-file": self.review_file,
                "signature": self.signature, "signer": self.signer,
                "fingerprint": self.fingerprint, "resolved": self.resolved}  # fmt: skip


def review_comments(session: Session, case_id: int) -> list[CommentView]:
    rows = session.scalars(select(ReviewComment).where(ReviewComment.case_id == case_id)
                           .order_by(ReviewComment.created_at, ReviewComment.id))  # fmt: skip
    views = []
    for r in rows:
        label = current_label(session, case_id, r.item_table, r.item_id)
        views.append(CommentView(
            r.id,
            ItemRef(r.item_table, r.item_id, label or r.item_label, r.page),
            label is not None,
            r.text,
            r.reviewer,
            r.created_at,
            r.review_file,
            r.signature,
            r.signer,
            r.fingerprint,
            r.resolved,
        ))  # fmt: skip
    return views


def open_counts(session: Session, case_id: int) -> dict[str, int]:
    """Unresolved comments per workspace page (for the page list: "Events (2)")."""
    pages = session.scalars(select(ReviewComment.page).where(
        ReviewComment.case_id == case_id, ReviewComment.resolved.is_(False)))  # fmt: skip
    return dict(Counter(pages))


def set_resolved(
    session: Session, comment_ids: list[int], resolved: bool, today: dt.date
) -> Changes:
    """Mark comments resolved or open again (audited; undoable as a field edit)."""
    if not isinstance(resolved, bool):
        raise InputError("Resolved is yes or no.")
    changes = Changes()
    for comment_id in comment_ids:
        changes |= update_fields(session, ENTITY, comment_id, {"resolved": resolved}, today=today)
    return changes


def in_file_ids(items: list[ItemRef], id_map: dict[str, dict[int, int]]) -> list[ItemRef]:
    """Items of a review database named by the case file's ids (`ImportResult.id_map`
    inverted), which are the group's own: what a review file must carry."""
    back = {table: {new: old for old, new in ids.items()} for table, ids in id_map.items()}
    return [
        ItemRef(
            i.table,
            back.get(i.table, {}).get(i.id, i.id) if i.id is not None else None,
            i.label,
            i.page,
        )
        for i in items
    ]
