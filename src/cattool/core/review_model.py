"""Review comments: what an adviser said about items of a case, imported from a signed
review file (core/casefile/review.py). Registered with the model by cattool.core.model.

A comment names its item as (table, id) in THIS database (the case file carried the
group's own ids, so they resolve here), with a label and the workspace page, so it
still reads sensibly when the item has since been deleted. Not exported in case files
(casefile/tables.py ignores the table): the ids are this database's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cattool.core.model import Base, Versioned, utcnow


class ReviewComment(Versioned, Base):
    __tablename__ = "review_comment"
    __table_args__ = (UniqueConstraint("case_id", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("acv_case.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(64))  # the comment's id in the review file
    review_uid: Mapped[str] = mapped_column(String(64))
    review_file: Mapped[str] = mapped_column(String(300), default="")  # file name imported
    item_table: Mapped[str] = mapped_column(String(60))  # "acv_case" for the case as a whole
    item_id: Mapped[int | None] = mapped_column(Integer)
    item_label: Mapped[str] = mapped_column(String(300))
    page: Mapped[str] = mapped_column(String(40), default="overview")
    text: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    signature: Mapped[str] = mapped_column(String(20))  # known / unknown / unsigned
    fingerprint: Mapped[str] = mapped_column(String(60), default="")
    signer: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
