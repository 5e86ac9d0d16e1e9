"""The money documents (issue 5 item 6): business plan, funding strategy and share offer
summary, built for the demo cases with money and checked against the money core's own
figures; missing data reported when there is no plan; no shareholder named."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from docx import Document
from PIL import Image
from sqlalchemy import select
from tests.documents.conftest import (
    DEMO_TODAY,
    assert_no_empty_sections,
    assert_no_placeholders,
    docx_text,
    headings,
)

from cattool.core.model import ShareApplication
from cattool.core.money.forecast import TARGET
from cattool.core.money.format import format_money as core_money
from cattool.core.money.plan_queries import business_plan_report
from cattool.core.money.queries import money_summary, offer_summary
from cattool.core.store import Store
from cattool.documents.bidpack import pack_kinds
from cattool.documents.charts import BurnUpPoint, burn_up_chart
from cattool.documents.facts import CaseFacts
from cattool.documents.kinds.funding_strategy import timeline
from cattool.documents.registry import (
    PAGES,
    MissingDataError,
    build_document,
    get_kind,
    statuses,
)
from cattool.documents.style import format_date, format_money

HALL = "DEMO-STRETFORD-HALL"
LIBRARY = "DEMO-HENDON-LIBRARY"
NO_MONEY = "DEMO-RED-LION"
MONEY_KINDS = ("business-plan", "funding-strategy", "share-offer-summary")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

Facts = Callable[..., CaseFacts]


def pounds(amount) -> str:
    return core_money(amount, pence=False)


def build(facts: CaseFacts, key: str) -> bytes:
    return build_document(get_kind(key), facts)


def table_rows(data: bytes) -> list[list[str]]:
    document = Document(io.BytesIO(data))
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


@pytest.mark.parametrize("reference", [HALL, LIBRARY])
@pytest.mark.parametrize("key", MONEY_KINDS)
def test_each_money_document_builds_with_real_headings(
    demo_facts: Facts, reference: str, key: str
) -> None:
    facts = demo_facts(reference)
    status = next(s for s in statuses(facts) if s.kind.key == key)
    assert status.ready and status.applies, status.describe()
    data = build(facts, key)
    found = headings(data)
    assert found[0] == ("Title", get_kind(key).title)
    assert sum(1 for style, _ in found if style == "Heading 1") >= 3
    text = docx_text(data)
    assert facts.name in text and (facts.asset.name in text)
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_the_registry_puts_the_money_documents_after_the_support_report() -> None:
    keys = [k.key for k in pack_kinds()]
    at = keys.index("support-report")
    assert keys[at + 1 : at + 4] == list(MONEY_KINDS)
    assert all(get_kind(k).in_bid_pack for k in MONEY_KINDS)
    assert PAGES["money"] == "Money" and PAGES["share_offer"] == "Share offer"
    assert PAGES["business_plan"] == "Business plan"


def test_the_business_plan_has_a_table_of_contents_field_after_the_title(
    demo_facts: Facts,
) -> None:
    data = build(demo_facts(HALL), "business-plan")
    body = Document(io.BytesIO(data)).element.body
    paragraphs = list(body.iter(f"{W}p"))
    instructions = [p for p in paragraphs if "TOC \\o" in "".join(p.itertext())]
    assert len(instructions) == 1
    first = instructions[0]
    instruction = "".join(t.text or "" for t in first.iter(f"{W}instrText"))
    assert instruction.strip() == 'TOC \\o "1-3" \\h \\z \\u'
    kinds = [c.get(f"{W}fldCharType") for p in paragraphs for c in p.iter(f"{W}fldChar")]
    assert kinds[:3] == ["begin", "separate", "end"]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    assert texts[0] == "Business plan"
    contents = texts.index("Contents")
    first_heading = texts.index("Executive summary", contents + 1)  # the field's own line
    assert texts.index("Executive summary", first_heading + 1) > first_heading  # the heading
    assert any("Right-click" in t for t in texts[contents : contents + 40])


def test_the_business_plan_tables_carry_the_cores_figures(
    demo_store: Store, demo_facts: Facts
) -> None:
    data = build(demo_facts(HALL), "business-plan")
    with demo_store.session() as session:
        report = business_plan_report(session, HALL, DEMO_TODAY, TARGET)
        summary = money_summary(session, HALL, DEMO_TODAY)
    rows = table_rows(data)
    by_label = {row[0]: row for row in rows}
    account = report.account
    assert by_label["Total income"][1:] == [
        *(pounds(y.total_income) for y in account.years),
        pounds(account.total_income),
    ]
    assert by_label["Total running costs"][-1] == pounds(account.total_costs)
    assert by_label["Total costs"][1] == format_money(summary.need.total_costs)
    cash = [row for row in rows if row[0] == "5" and len(row) == 7]
    assert cash and cash[0][-1] == pounds(report.cash.years[-1].closing)
    scenarios = {s.scenario.title: s for s in report.scenarios}
    assert set(scenarios) <= set(by_label)
    for title, result in scenarios.items():
        assert by_label[title][3] in (pounds(result.lowest), f"({pounds(-result.lowest)})")
    for risk in report.risks:
        assert by_label[risk.title][-1] == (risk.owner or "Not named yet")
        assert by_label[risk.title][2].startswith(str(risk.score))
    for impact in report.impacts:
        assert impact.measure in by_label
    text = docx_text(data)
    assert summary.sentence in text
    assert "as though fully funded" in text  # the basis is said
    assert report.break_even.sentence in text


def test_the_funding_strategy_says_the_projection_and_draws_the_burn_up(
    demo_store: Store, demo_facts: Facts
) -> None:
    facts = demo_facts(LIBRARY)
    data = build(facts, "funding-strategy")
    with demo_store.session() as session:
        summary = money_summary(session, LIBRARY, DEMO_TODAY)
    text = docx_text(data)
    assert summary.sentence in text
    assert format_money(summary.gap) in text
    assert summary.deadline_provisional and "(PROVISIONAL)" in text
    rows = table_rows(data)
    statuses_table = {row[0]: row[1] for row in rows if len(row) == 3}
    assert statuses_table["Received"] == format_money(summary.received)
    assert statuses_table["Pledged"] == format_money(summary.pledged)

    # The timeline: dated events up to the deadline, in date order.
    assert facts.money is not None
    events = timeline(facts.money)
    assert events and [d for d, _w, _a in events] == sorted(d for d, _w, _a in events)
    assert all(day <= summary.on for day, _w, _a in events)
    shown = [row[0] for row in rows if row[0] in {format_date(d) for d, _w, _a in events}]
    assert shown[: len(events)] == [format_date(d) for d, _w, _a in events]

    # The chart: one PNG picture with alt text naming the need and the deadline.
    document = Document(io.BytesIO(data))
    pictures = [
        rel.target_part.blob
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/image")
    ]
    assert len(pictures) == 1 and pictures[0].startswith(b"\x89PNG")
    alt = [d.get("descr") for d in document.element.body.iter() if d.tag.endswith("}docPr")]
    assert alt and "Burn-up chart" in alt[0] and pounds(summary.need.target) in alt[0]
    assert "PROVISIONAL" in alt[0]


def test_the_share_offer_summary_gives_totals_and_names_nobody(
    demo_store: Store, demo_facts: Facts
) -> None:
    data = build(demo_facts(HALL), "share-offer-summary")
    with demo_store.session() as session:
        offer = offer_summary(session, HALL, DEMO_TODAY)
        names = session.scalars(select(ShareApplication.name)).all()
        emails = session.scalars(select(ShareApplication.email)).all()
    text = docx_text(data)
    assert len(names) >= 10
    for personal in [*names, *filter(None, emails)]:
        assert personal not in text, f"{personal!r} is personal data"
    fields = {row[0]: row[1] for row in table_rows(data) if len(row) == 2}
    assert fields["Applications"] == str(offer.totals.applications)
    assert fields["Applied for"] == format_money(offer.totals.applied)
    assert fields["Held by the society"] == format_money(offer.totals.held)
    assert fields["Minimum raise"] == format_money(offer.terms.min_raise)
    assert "UNVERIFIED" in fields["Holding cap"]
    assert offer.outcome.sentence in text
    assert "refunded in full" in text and "scaled back" in text


def test_an_oversubscribed_offer_says_what_is_scaled_back(
    demo_store: Store, demo_facts: Facts
) -> None:
    """After the close with more than the maximum paid in: the core's scaling, as totals."""
    with demo_store.transaction() as session:
        apps = session.scalars(select(ShareApplication)).all()
        for app in apps:
            app.amount_paid = app.amount_applied = app.amount_applied * 10
    later = DEMO_TODAY + dt.timedelta(days=120)
    facts = demo_facts(HALL, later)
    data = build(facts, "share-offer-summary")
    with demo_store.session() as session:
        offer = offer_summary(session, HALL, later)
    assert offer.outcome.state == "oversubscribed"
    text = docx_text(data)
    assert f"{format_money(offer.outcome.allocated)} is allocated" in text
    assert format_money(offer.outcome.refunds) in text


def test_missing_data_is_listed_when_there_is_no_plan(demo_facts: Facts) -> None:
    facts = demo_facts(NO_MONEY)
    for key, pages in (
        ("business-plan", {"money", "business_plan"}),
        ("funding-strategy", {"money"}),
        ("share-offer-summary", {"share_offer"}),
    ):
        with pytest.raises(MissingDataError) as raised:
            build(facts, key)
        assert {r.page for r in raised.value.missing} == pages
        for page in pages:
            assert f"{PAGES[page]} page" in str(raised.value)
    # No share offer: one line says so, not every term.
    offer = next(s for s in statuses(facts) if s.kind.key == "share-offer-summary")
    assert len(offer.missing) == 1


def test_burn_up_chart_is_a_png_of_the_asked_size_and_the_same_every_time() -> None:
    day = dt.date(2027, 1, 1)
    points = [
        BurnUpPoint(day, 0.0, 0.0),
        BurnUpPoint(day + dt.timedelta(days=30), 50_000.0, 80_000.0),
        BurnUpPoint(day + dt.timedelta(days=90), 50_000.0, 120_000.0),
    ]
    kwargs = {
        "need": 200_000.0,
        "need_label": "Needed: £200,000",
        "deadline": day + dt.timedelta(days=60),
        "deadline_label": "Moratorium ends (PROVISIONAL)",
        "width_cm": 16.0,
        "height_cm": 9.0,
    }
    png = burn_up_chart(points, **kwargs)
    image = Image.open(io.BytesIO(png))
    assert image.size == (round(16 / 2.54 * 200), round(9 / 2.54 * 200))
    assert burn_up_chart(points, **kwargs) == png
    # Secured is drawn in the darkest colour somewhere, the need in red.
    colours = {colour for _count, colour in image.getcolors(1_000_000)}
    assert (0x0B, 0x5D, 0x6B) in colours and (0xB0, 0x3A, 0x2E) in colours
    with pytest.raises(ValueError):
        burn_up_chart([], **kwargs)
