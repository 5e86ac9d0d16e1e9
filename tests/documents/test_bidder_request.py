"""The request to be treated as a potential bidder (2011) and the notice of intention to
buy (2026): the facts and dates in words, PROVISIONAL labels, when each applies, and a
clear refusal once the window has closed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.documents.conftest import (
    assert_no_empty_sections,
    assert_no_placeholders,
    docx_text,
    headings,
)

from cattool.core import services
from cattool.core.dates import format_date_weekday_long
from cattool.core.errors import InputError
from cattool.core.store import Store
from cattool.documents.facts import CaseFacts, load_case_facts
from cattool.documents.kinds.bidder_request import KINDS, WINDOW_OPEN
from cattool.documents.registry import MissingDataError, build_document, statuses
from cattool.documents.requirements import COUNCIL, GROUP_CONTACT, OWNER_NOTICE
from cattool.documents.style import format_date

BID, BUY = KINDS
# The worked example of DOMAIN.md section 6: notice received Monday 2 March 2026.
NOTICE = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 3, 5)

MakeCase = Callable[..., CaseFacts]


@pytest.fixture
def make_case(store: Store) -> MakeCase:
    """A case in the interim moratorium, built through the services as a user would."""
    counter = iter(range(1, 100))

    def make(
        regime: str = "england-2011",
        *,
        notice: dt.date | None = NOTICE,
        today: dt.date = TODAY,
        request_received: dt.date | None = None,
        group: bool = True,
        council: bool = True,
    ) -> CaseFacts:
        with store.session() as session:
            case_id = services.create_case(
                session, "The Crown, Hexham", regime, reference=f"CROWN-{next(counter)}"
            ).created_id
            assert case_id is not None
            services.set_asset(
                session,
                case_id,
                name="The Crown",
                address="12 Market Place, Hexham",
                postcode="NE46 1XQ",
                uprn="10012345",
                title_number="ND123456",
            )
            if group:
                services.set_group(
                    session,
                    case_id,
                    name="Hexham Crown Community Pub Ltd",
                    legal_form="community-benefit-society",
                    registration_number="RS009876",
                    not_for_profit=True,
                    asset_lock=True,
                    local_connection="Membership is open only to people living in Hexham.",
                    address="3 Priestpopple, Hexham NE46 1PS",
                    email="crown@example.org",
                    contact_name="Ruth Armstrong",
                    contact_role="Secretary",
                )
            if council:
                services.add_party(
                    session,
                    case_id,
                    "Northumberland County Council",
                    "council",
                    address="County Hall, Morpeth NE61 2EF",
                )
            services.add_party(
                session, case_id, "Tyne Inns Ltd", "owner", address="1 Quayside, Newcastle NE1 3DX"
            )
            services.add_event(session, case_id, "listed", dt.date(2024, 6, 3), today=today)
            if notice is not None:
                services.add_event(session, case_id, "owner-notice-received", notice, today=today)
            if request_received is not None:
                services.add_event(
                    session, case_id, "bidder-request-received", request_received, today=today
                )
            session.commit()
            return load_case_facts(session, case_id, today)

    return make


def _with_contact(facts: CaseFacts) -> CaseFacts:
    """Demo facts with a signatory and address, whether or not the demo data has them."""
    assert facts.group is not None
    group = dataclasses.replace(
        facts.group,
        address=facts.group.address or "1 Test Street, Testtown TE1 1ST",
        contact_name=facts.group.contact_name or "Alex Example",
        contact_role=facts.group.contact_role or "Chair",
    )
    return dataclasses.replace(facts, group=group)


def test_request_to_bid_states_the_facts_and_dates_in_words(make_case: MakeCase) -> None:
    facts = make_case()
    assert facts.stage == "interim-moratorium"
    data = build_document(BID, facts)
    text = docx_text(data)
    for expected in (
        "Northumberland County Council",
        "County Hall",
        "The Crown",
        "12 Market Place, Hexham, NE46 1XQ",
        "10012345",
        "ND123456",
        "Tyne Inns Ltd",
        "assets of community value on 3 June 2024",
        # the owner's notice and the day the request must arrive, in words
        "received the owner's notice of intended disposal on 2 March 2026",
        "six weeks beginning with that date, so it ends on Sunday 12 April 2026",
        "RECEIVE this request by Sunday 12 April 2026",
        "Localism Act 2011",
        "section 95(3)(a)",
        "section 95(6)",
        "SI 2012/2421",
        "section 98",
        # the full moratorium a request in time starts (DOMAIN.md section 6)
        "six months beginning with 2 March 2026, ending on Tuesday 1 September 2026",
        "Hexham Crown Community Pub Ltd is a community interest group",
        "a community benefit society (registered number RS009876)",
        "does not distribute any surplus",
        "Its local connection with the area: Membership is open only to people living in Hexham.",
        "Ruth Armstrong, Secretary, Hexham Crown Community Pub Ltd",
        "crown@example.org",  # in the letterhead
    ):
        assert expected in text, expected
    assert "PROVISIONAL" not in text
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_the_notes_for_the_group_warn_about_the_weekend_and_say_how_to_deliver(
    make_case: MakeCase,
) -> None:
    text = docx_text(build_document(BID, make_case()))
    notes = text[text.index("Before you send this request") :]
    assert "Not part of the letter" in text and "Do not send this page" in text
    assert "That is 38 days from 5 March 2026." in notes
    # 12 April 2026 is a Sunday: the law keeps the date, the advice moves earlier.
    assert "Sunday 12 April 2026 is a weekend" in notes
    assert "Friday 10 April 2026" in notes
    assert "Deliver it by hand" in notes and "receipt with the date on it" in notes
    assert "email" in notes and "well before the last day" in notes
    assert "Council received the group's request to bid" in notes


def test_on_the_last_day_the_notes_say_today(make_case: MakeCase) -> None:
    facts = make_case(notice=dt.date(2026, 10, 13), today=dt.date(2026, 11, 23))
    assert facts.deadline("interim-moratorium-ends").date == dt.date(2026, 11, 23)
    text = docx_text(build_document(BID, facts))
    assert "RECEIVE this request by Monday 23 November 2026. That is today." in text
    assert "weekend" not in text


def test_the_letter_has_one_heading_for_the_letter_and_one_for_the_notes(
    make_case: MakeCase,
) -> None:
    found = headings(build_document(BID, make_case()))
    assert found == [
        ("Heading 2", "Request to be treated as a potential bidder: The Crown"),
        ("Heading 2", "Before you send this request"),
    ]


def test_notice_to_buy_labels_every_presumed_period_provisional(make_case: MakeCase) -> None:
    facts = make_case("england-2026")
    assert facts.stage == "interim-moratorium"
    data = build_document(BUY, facts)
    text = docx_text(data)
    assert "English Devolution and Community Empowerment Act 2026 (2026 c. 23)" in text
    assert "Community Right to Buy" in text
    assert "regulations that fix the steps of the Community Right to Buy are not yet made" in text
    # The window and its trigger come from provisional parameters; so does its last day.
    assert (
        "within six weeks beginning with that date, that is by Sunday 12 April 2026 "
        "(PROVISIONAL: the length of this window and the day it starts from are not yet "
        "fixed by regulations)"
    ) in text
    assert text.count("(PROVISIONAL") <= 4  # said once per date, not once per word
    # The 12 months are in the Act; the day they end rests on the presumed trigger.
    assert "twelve months beginning with 2 March 2026" in text
    assert "twelve months (PROVISIONAL)" not in text
    assert "ending on Monday 1 March 2027 (PROVISIONAL)" in text
    assert "independent valuer at market value" in text
    notes = text[text.index("Before you send this notice") :]
    assert "RECEIVE this notice by Sunday 12 April 2026 (PROVISIONAL)" in notes
    assert "regulations that fix the steps are not yet made" in notes
    assert "window for a group to give notice of its intention to buy (6 weeks)" in notes
    assert "owner-notice-received" not in text  # event keys are said in words
    assert "section 95(3)(a)" not in text  # the 2011 wording is not used
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_a_window_fixed_by_regulations_loses_its_provisional_label(
    store: Store, make_case: MakeCase
) -> None:
    with store.session() as session:
        services.set_regime_parameter(
            session,
            "england-2026",
            "interest-window",
            "8 weeks",
            source="The (imagined) 2026 Regulations, reg 3",
        )
        session.commit()
    text = docx_text(build_document(BUY, make_case("england-2026")))
    # The window is now fixed; the trigger is still presumed.
    assert (
        "within eight weeks beginning with that date, that is by Sunday 26 April 2026 "
        "(PROVISIONAL: the day it starts from is not yet fixed by regulations)"
    ) in text


@pytest.mark.parametrize(
    ("reference", "bid", "buy"),
    [
        ("DEMO-OLD-BELL", True, False),  # interim moratorium, 2011
        ("DEMO-STRETFORD-HALL", False, False),  # full moratorium: the request arrived
        ("DEMO-HENDON-LIBRARY", False, False),  # 2026, 12-month moratorium running
        ("DEMO-RED-LION", False, False),  # nominated: no owner's notice yet
    ],
)
def test_which_letter_applies_follows_the_law_and_the_stage(
    demo_facts: Callable[[str], CaseFacts], reference: str, bid: bool, buy: bool
) -> None:
    facts = demo_facts(reference)
    assert (BID.applies(facts), BUY.applies(facts)) == (bid, buy)


def test_the_2026_notice_applies_in_a_2026_interim_moratorium(make_case: MakeCase) -> None:
    facts = make_case("england-2026")
    assert (BID.applies(facts), BUY.applies(facts)) == (False, True)


def test_the_demo_pub_in_its_interim_moratorium_gets_its_letter(
    demo_facts: Callable[[str], CaseFacts],
) -> None:
    facts = _with_contact(demo_facts("DEMO-OLD-BELL"))
    data = build_document(BID, facts)
    text = docx_text(data)
    notice = facts.latest_event("owner-notice-received")
    last = facts.deadline("interim-moratorium-ends").date
    assert notice is not None and last is not None
    assert f"disposal on {format_date(notice.date)}" in text
    assert f"RECEIVE this request by {format_date_weekday_long(last)}" in text
    assert "27 Royal College Street, London, NW1 0TH" in text
    assert "London Borough of Camden" in text
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_once_the_window_has_closed_without_a_request_the_letter_is_refused(
    make_case: MakeCase,
) -> None:
    facts = make_case(notice=dt.date(2026, 1, 5), today=dt.date(2026, 3, 5))
    assert facts.deadline("interim-moratorium-ends").status == "passed"
    assert facts.stage == "protected-period"
    assert not BID.applies(facts)
    with pytest.raises(MissingDataError) as caught:
        build_document(BID, facts)
    assert caught.value.missing == [WINDOW_OPEN]
    assert "record that event" in str(caught.value)
    assert "(Events and correspondence page)" in str(caught.value)


def test_once_the_listing_is_removed_the_letter_is_refused(
    store: Store, make_case: MakeCase
) -> None:
    facts = make_case()
    with store.session() as session:
        services.add_event(session, facts.id, "delisted", dt.date(2026, 3, 4), today=TODAY)
        session.commit()
        facts = load_case_facts(session, facts.id, TODAY)
    assert facts.deadline("interim-moratorium-ends").status == "met"
    with pytest.raises(MissingDataError) as caught:
        build_document(BID, facts)
    assert caught.value.missing == [WINDOW_OPEN]


def test_a_request_received_in_time_can_still_be_printed_as_a_record(
    make_case: MakeCase,
) -> None:
    facts = make_case(request_received=dt.date(2026, 3, 4))
    assert facts.stage == "full-moratorium"
    assert not BID.applies(facts)  # no longer offered, but a copy can be produced
    text = docx_text(build_document(BID, facts))
    assert "received the group's request on 4 March 2026, within the time allowed" in text
    assert "About this copy" in text and "nothing more to send" in text
    assert "That is" not in text and "Deliver it by hand" not in text


def test_missing_notice_council_and_signatory_are_named(make_case: MakeCase) -> None:
    facts = make_case(notice=None, council=False)
    with pytest.raises(MissingDataError) as caught:
        build_document(BID, facts)
    assert OWNER_NOTICE in caught.value.missing and COUNCIL in caught.value.missing
    no_group = make_case(group=False)  # a 2011 case: its letter is the request to bid
    with pytest.raises(MissingDataError) as caught:
        build_document(BID, no_group)
    assert GROUP_CONTACT in caught.value.missing
    assert "(Group and members page)" in str(caught.value)


def test_both_letters_record_the_councils_receipt_when_marked_sent() -> None:
    assert {k.sent_event for k in KINDS} == {"bidder-request-received"}
    assert BID.regimes == {"england-2011"} and BUY.regimes == {"england-2026"}
    assert BID.stages == BUY.stages == {"interim-moratorium"}
    assert not BID.personal_data and BID.builder is BUY.builder


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_2011_letter_fits_one_page_before_the_notes(
    make_case: MakeCase, tmp_path: Path
) -> None:
    from cattool.documents.pdf import convert_to_pdf

    source = tmp_path / "request.docx"
    source.write_bytes(build_document(BID, make_case()))
    (pdf,) = convert_to_pdf([source], tmp_path)
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf.read_bytes())
    assert counts and int(counts[0]) == 2  # the letter, then the notes for the group


def test_the_other_laws_letter_is_never_listed_nor_built(make_case: MakeCase) -> None:
    facts = make_case("england-2011")
    assert "intention-to-buy" not in {s.kind.key for s in statuses(facts)}
    with pytest.raises(InputError, match="not a document of Community Right to Bid"):
        build_document(BUY, facts)
