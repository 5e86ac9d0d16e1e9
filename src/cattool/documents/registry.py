"""Every kind of document cattool writes: what it is called, when it applies, what data it
needs (and where in the app to fill it in), and the builder that writes it.

Kinds live one per module in `cattool.documents.kinds`; each module exposes `KINDS`
(usually one; the request to bid and the 2026 notice of intention share a module).
Later issues (money, business plan, lease) add modules to KIND_MODULES and nothing else.
For a case, `statuses` reports each kind as ready, missing data, generated or sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from cattool.core.dates import format_date_long
from cattool.core.errors import InputError
from cattool.documents.facts import CaseFacts, DocumentRecord
from cattool.documents.style import HouseDocument, MissingValue

#: Modules under cattool.documents.kinds, in bid-pack order.
KIND_MODULES = (
    "nomination",
    "eligibility_evidence",
    "resolution",
    "bidder_request",
    "support_report",
    "business_plan",
    "funding_strategy",
    "share_offer_summary",
    "adviser_summary",
    "cat_expression_of_interest",
    "cat_business_case",
    "heads_of_terms",
    "lease_summary",
    "cover_letter",
    "deadline_control_log",
)

#: Workspace pages, by the key the desktop uses, as users see them named.
PAGES = {
    "overview": "Overview",
    "asset": "Asset and owners",
    "group": "Group and members",
    "events": "Events and correspondence",
    "deadlines": "Deadlines",
    "tasks": "Tasks",
    "evidence": "Evidence of support",
    "contacts": "Contacts",
    "money": "Money",
    "share_offer": "Share offer",
    "business_plan": "Business plan",
    "lease": "Lease and CAT",
    "documents": "Documents",
}

READY = "ready"
MISSING = "missing data"
GENERATED = "generated"
SENT = "sent"

Builder = Callable[[CaseFacts, HouseDocument], None]


def local_time(utc: dt.datetime) -> str:
    """'23 November 2026 14:05' in the computer's time zone (times are stored in UTC)."""
    local = utc.replace(tzinfo=dt.UTC).astimezone()
    return f"{format_date_long(local.date())} {local:%H:%M}"


@dataclass(frozen=True)
class Requirement:
    """One fact a document needs, said the way a volunteer would fix it."""

    what: str  # "the asset's address"
    page: str  # a key of PAGES: where in the app to fill it in
    present: Callable[[CaseFacts], bool]

    @property
    def where(self) -> str:
        return f"{PAGES[self.page]} page"

    def describe(self) -> str:
        return f"{self.what} ({self.where})"


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str
    summary: str  # one line: what it is for
    builder: Builder
    requirements: tuple[Requirement, ...] = ()
    stages: frozenset[str] | None = None  # the stages where it applies; None: every stage
    regimes: frozenset[str] | None = None  # None: every regime
    personal_data: bool = False  # holds members' names and addresses (UK GDPR)
    sent_event: str = "document-sent"  # event kind that records sending it
    in_bid_pack: bool = True
    # The route the case must be on for the document to be needed (the CAT and lease
    # documents: only once a transfer or a lease is recorded); None: any case.
    on_route: Callable[[CaseFacts], bool] | None = None

    def for_regime(self, regime_id: str) -> bool:
        """Whether the document exists under this law at all (the 2026 notice does not
        under the 2011 scheme)."""
        return self.regimes is None or regime_id in self.regimes

    def applies(self, facts: CaseFacts) -> bool:
        if not self.for_regime(facts.regime.id):
            return False
        if self.on_route is not None and not self.on_route(facts):
            return False
        return self.stages is None or facts.stage in self.stages

    def missing(self, facts: CaseFacts) -> list[Requirement]:
        return [r for r in self.requirements if not r.present(facts)]

    def filename(self, revision: int) -> str:
        return f"{self.title} v{revision}.docx"


@dataclass(slots=True)
class DocumentStatus:
    kind: DocumentKind
    state: str
    applies: bool
    missing: list[Requirement] = field(default_factory=list)
    latest: DocumentRecord | None = None

    @property
    def ready(self) -> bool:
        return not self.missing

    def describe(self) -> str:
        """One sentence for a list: 'Ready', 'Missing: …', 'Version 2, generated …'."""
        if self.missing:
            return "Missing: " + "; ".join(r.describe() for r in self.missing) + "."
        if self.latest is None:
            return "Ready to generate."
        generated = local_time(self.latest.generated_at)
        text = f"Version {self.latest.revision}, generated {generated}"
        if self.latest.sent_on:
            text += f"; sent {format_date_long(self.latest.sent_on)}"
        return text + "."


class MissingDataError(InputError):
    """Asked to build a document whose data is incomplete: names every gap."""

    def __init__(self, kind: DocumentKind, missing: list[Requirement]) -> None:
        self.kind = kind
        self.missing = missing
        lines = "\n".join(f"  - {r.describe()}" for r in missing)
        super().__init__(f"The {kind.title} cannot be produced yet. Fill in:\n{lines}")


@cache
def document_kinds() -> dict[str, DocumentKind]:
    kinds: dict[str, DocumentKind] = {}
    for module in KIND_MODULES:
        for kind in import_module(f"cattool.documents.kinds.{module}").KINDS:
            kinds[kind.key] = kind
    return kinds


def get_kind(key: str) -> DocumentKind:
    kinds = document_kinds()
    if key not in kinds:
        raise InputError(f"Unknown document {key!r}. Documents: {', '.join(kinds)}.")
    return kinds[key]


def status_of(kind: DocumentKind, facts: CaseFacts) -> DocumentStatus:
    missing = kind.missing(facts)
    records = [d for d in facts.documents if d.kind == kind.key]
    latest = records[-1] if records else None
    if missing:
        state = MISSING
    elif latest is None:
        state = READY
    else:
        state = SENT if latest.sent_event_id else GENERATED
    return DocumentStatus(kind, state, kind.applies(facts), missing, latest)


def statuses(facts: CaseFacts) -> list[DocumentStatus]:
    """Every kind for this case, applicable ones first (registry order within each)."""
    found = [
        status_of(kind, facts)
        for kind in document_kinds().values()
        if kind.stages != frozenset() and kind.for_regime(facts.regime.id)
    ]
    return sorted(found, key=lambda s: not s.applies)


def build_document(kind: DocumentKind, facts: CaseFacts) -> bytes:
    """The .docx bytes, or MissingDataError listing what to fill in (never a blank)."""
    if not kind.for_regime(facts.regime.id):
        raise InputError(
            f"The {kind.title} is not a document of {facts.regime.name}, the law this case "
            "is under."
        )
    missing = kind.missing(facts)
    if missing:
        raise MissingDataError(kind, missing)
    document = HouseDocument(kind.title, facts.label, facts.today)
    try:
        kind.builder(facts, document)
    except MissingValue as gap:
        # A requirement the registry does not yet declare: still never a blank.
        raise MissingDataError(
            kind, [Requirement(str(gap), "overview", lambda _f: False)]
        ) from None
    return document.to_bytes()
