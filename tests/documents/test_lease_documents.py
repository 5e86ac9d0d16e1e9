"""The lease and CAT documents (issue 6 item 5), built for the demo library on the CAT
route and checked against the lease core's own figures: heads of terms marked subject to
contract on every page, the lease summary listing every key date the core works out,
missing data reported for a case without a lease."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx import Document
from tests.documents.conftest import (
    DEMO_TODAY,
    assert_no_empty_sections,
    assert_no_placeholders,
    docx_text,
    headings,
)

from cattool.core.lease.queries import lease_report
from cattool.core.queries import find_case
from cattool.core.store import Store
from cattool.documents.facts import CaseFacts
from cattool.documents.registry import build_document, get_kind, statuses
from cattool.documents.style import format_date

LIBRARY = "DEMO-HENDON-LIBRARY"
NO_LEASE = "DEMO-RED-LION"
LEASE_KINDS = ("cat-expression-of-interest", "cat-business-case", "heads-of-terms", "lease-summary")

Facts = Callable[..., CaseFacts]


@pytest.mark.parametrize("key", LEASE_KINDS)
def test_each_lease_document_is_ready_and_builds_for_the_cat_case(
    demo_facts: Facts, key: str
) -> None:
    facts = demo_facts(LIBRARY)
    status = next(s for s in statuses(facts) if s.kind.key == key)
    assert status.ready, status.describe()
    data = build_document(get_kind(key), facts)
    found = headings(data)
    titles = [text.lower() for _style, text in found]
    expected = "expression of interest" if key == "cat-expression-of-interest" else None
    assert any((expected or get_kind(key).title.lower()) in t for t in titles), titles
    assert len([style for style, _ in found if style.startswith("Heading")]) >= 3, found
    text = docx_text(data)
    assert facts.asset.name in text
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_heads_of_terms_are_subject_to_contract_on_every_page(demo_facts: Facts) -> None:
    data = build_document(get_kind("heads-of-terms"), demo_facts(LIBRARY))
    document = Document(io.BytesIO(data))
    for section in document.sections:
        header = " ".join(p.text for p in section.header.paragraphs)
        assert "subject to contract and without prejudice" in header.lower()
    assert "Subject to contract and without prejudice" in docx_text(data)


def test_the_lease_summary_lists_every_key_date_the_core_works_out(
    demo_store: Store, demo_facts: Facts
) -> None:
    facts = demo_facts(LIBRARY)
    data = build_document(get_kind("lease-summary"), facts)
    with demo_store.session() as session:
        case = find_case(session, LIBRARY)
        report = lease_report(session, case.id, DEMO_TODAY)
    view = report.leases[0]
    dated = [d for d in view.key_dates if d.date is not None]
    assert len(dated) > 25, "a 25-year lease has at least its yearly insurance renewals"
    rows = [
        [c.text for c in row.cells]
        for table in Document(io.BytesIO(data)).tables
        for row in table.rows
        if row.cells[0].text != "Date"
    ]
    shown_dates = [row[0] for row in rows if len(row) == 3]
    for deadline in dated:
        assert format_date(deadline.date) in shown_dates
    assert f"{len(dated)} key dates" in docx_text(data)
    for check in view.checks:
        assert check.title in docx_text(data)


@pytest.mark.parametrize("key", ["heads-of-terms", "lease-summary"])
def test_a_case_without_a_lease_is_told_what_is_missing(demo_facts: Facts, key: str) -> None:
    status = next(s for s in statuses(demo_facts(NO_LEASE)) if s.kind.key == key)
    assert not status.ready
    assert any("lease" in m.lower() for m in status.describe().splitlines()), status.describe()


@pytest.mark.parametrize("key", LEASE_KINDS)
def test_a_case_buying_its_building_is_not_asked_for_cat_or_lease_documents(
    demo_facts: Facts, key: str
) -> None:
    """The Red Lion has no transfer step and no lease: none of these is needed now."""
    status = next(s for s in statuses(demo_facts(NO_LEASE)) if s.kind.key == key)
    assert not status.applies
    assert next(s for s in statuses(demo_facts(LIBRARY)) if s.kind.key == key).applies
