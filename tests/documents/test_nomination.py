"""The ACV nomination: every SI 2012/2421 reg 6 fact, the right limb of s.88, no member's
name, and a named gap (never a blank) when a fact is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from tests.documents.conftest import (
    DEMO_TODAY,
    assert_no_empty_sections,
    assert_no_placeholders,
    docx_text,
    headings,
)

from cattool.core.eligibility import check_eligibility
from cattool.documents.facts import EventFacts, PartyFacts
from cattool.documents.registry import MissingDataError, build_document, get_kind
from cattool.documents.requirements import (
    ASSET_BOUNDARY,
    COMMUNITY_USE,
    COMMUNITY_VALUE,
    COUNCIL,
    ELIGIBLE,
    GROUP_CONTACT,
    OWNER,
)
from cattool.documents.service import with_pack
from cattool.documents.style import format_date


def nomination(facts) -> bytes:
    return build_document(get_kind("nomination"), facts)


def test_red_lion_nomination_holds_every_regulation_6_fact(demo_facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    data = nomination(facts)
    text = docx_text(data)

    # (a) the land and its proposed boundaries, with the council form's asset details
    for fact in ("The Red Lion", "112 Stanley Road, Kirkdale, Liverpool", "L5 7QQ",
                 "38031245", "MS482211", "rear yard and the side passage"):  # fmt: skip
        assert fact in text
    # (b) occupiers (none known) and owners with addresses
    assert "The nominator knows of no current occupant of the land." in text
    assert "Northgate Pub Estates Ltd | Owner | 4 Quay Street, Manchester M3 3HN" in text
    # (c) community value under the recent-past limb, with the group's own reasons
    assert "Localism Act 2011 s.88(2)" in text and "in the recent past" in text
    assert "s.88(1)" not in text
    assert "pensioners' lunch club on Tuesdays" in text
    assert "1,834 signatures" in text and "610 in favour (95%)" in text
    # (d) eligibility: the form, its rule and the count of local members, not names
    assert "unincorporated body (association or club)" in text
    assert "SI 2012/2421 reg 5(1)(c)" in text
    assert "It has 22 members on the electoral register (at least 21 needed)." in text
    # addressed to the council, from the group, signed by its contact, dated in words
    assert "Liverpool City Council (ACV team)" in text and "Cunard Building" in text
    assert "Friends of the Red Lion" in text and "redlion@example.org" in text
    assert "Maureen Doyle, Chair, Friends of the Red Lion" in text
    assert format_date(DEMO_TODAY) == "23 November 2026" in text
    resolved = facts.latest_event("committee-resolution")
    assert resolved is not None
    assert f"at its meeting on {format_date(resolved.date)}" in text
    assert "to the best of our knowledge" in text
    for citation in ("SI 2012/2421", "section 89 of the Localism Act 2011", "reg 6(a)",
                     "reg 6(b)", "reg 6(c)", "reg 6(d)", "s.89(2)"):  # fmt: skip
        assert citation in text
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_headings_are_real_word_headings_in_regulation_order(demo_facts) -> None:
    data = nomination(demo_facts("DEMO-RED-LION"))
    found = headings(data)
    assert found[0] == ("Title", "Nomination of an Asset of Community Value")
    top = [text for style, text in found if style == "Heading 1"]
    assert top == [
        "1. The land and its proposed boundaries",
        "2. Occupiers and owners",
        "3. Why the land is of community value",
        "4. The nominator and its eligibility",
        "5. Supporting information",
        "6. Attachments",
        "7. Declaration",
    ]
    assert ("Heading 2", "Proposed boundaries") in found
    assert ("Heading 2", "Freehold and leasehold owners") in found


def test_members_are_counted_but_never_named(demo_facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    text = docx_text(nomination(facts))
    assert facts.group is not None
    named = [m for m in facts.group.members if m.name != facts.group.contact_name]
    assert len(named) >= 21
    for member in named:
        assert member.name not in text
        assert member.address not in text


def test_current_use_is_argued_under_section_88_1(demo_facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    facts = replace(facts, asset=replace(facts.asset, community_use="current"))
    text = docx_text(nomination(facts))
    assert "Localism Act 2011 s.88(1)" in text
    assert "an actual current use of the land that is not an ancillary use" in text
    assert "recent past" not in text


def test_2026_regime_widens_value_and_marks_it_provisional(demo_facts) -> None:
    facts = replace(demo_facts("DEMO-HENDON-LIBRARY"), stage="identified")
    data = nomination(facts)
    text = docx_text(data)
    assert "economic wellbeing" in text
    assert "drops the word \u201crecent\u201d" in text
    assert text.count("Provisional:") >= 2
    assert "English Devolution and Community Empowerment Act 2026" in text
    assert "Sunderland City Council (Property Services)" in text
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_occupiers_leaseholders_plan_and_re_nomination(demo_facts) -> None:
    facts = demo_facts("DEMO-STRETFORD-HALL")
    extra = (
        PartyFacts("Stretford Arts Co-op", "occupier", "organisation", "", "", ""),
        PartyFacts("Jane Smith", "leaseholder", "person", "9 Edge Lane, Stretford", "", ""),
    )
    facts = replace(
        facts,
        stage="listed",
        parties=facts.parties + extra,
        asset=replace(facts.asset, plan_path="/home/friends/plans/hall plan.pdf"),
    )
    data = nomination(facts)
    text = docx_text(data)
    assert "Stretford Arts Co-op | Not known to the nominator" in text
    assert "Jane Smith | Leaseholder | 9 Edge Lane, Stretford" in text
    assert "knows of no current occupant" not in text
    assert "A plan showing the proposed boundaries is attached (hall plan.pdf)." in text
    assert "Plan showing the proposed boundaries (hall plan.pdf) | Enclosed" in text
    expires = facts.deadline("listing-expires")
    assert expires is not None and expires.date is not None
    assert f"the listing ends on {format_date(expires.date)}" in text
    assert "re-nomination" in text
    # a CIO: no member count, and no members named
    assert "members on the electoral register" not in text
    assert "Raj Patel" not in text
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_attachments_checklist_follows_the_pack(demo_facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    text = docx_text(nomination(facts))
    assert "plan showing" not in text.lower()  # no plan file: none is claimed
    assert "Minute of the committee's resolution to nominate | Enclosed" in text
    packed = with_pack(facts, (("Eligibility evidence", "02 Eligibility evidence.docx"),))
    text = docx_text(nomination(packed))
    assert "members on the electoral register | Enclosed: 02 Eligibility evidence.docx" in text
    assert "Minute of the committee's resolution to nominate | Not enclosed" in text
    assert "Report of the evidence of community support | Not enclosed" in text


@pytest.mark.parametrize(
    ("change", "requirement"),
    [
        (lambda f: replace(f, asset=replace(f.asset, boundary="  ")), ASSET_BOUNDARY),
        (lambda f: replace(f, asset=replace(f.asset, community_use="")), COMMUNITY_USE),
        (lambda f: replace(f, asset=replace(f.asset, community_value="")), COMMUNITY_VALUE),
        (lambda f: replace(f, parties=f.parties_with("council")), OWNER),
        (lambda f: replace(f, parties=f.parties_with("owner")), COUNCIL),
        (lambda f: replace(f, group=replace(f.group, contact_role="")), GROUP_CONTACT),
    ],
)
def test_a_missing_fact_is_named_not_left_blank(demo_facts, change, requirement) -> None:
    facts = change(demo_facts("DEMO-RED-LION"))
    with pytest.raises(MissingDataError) as raised:
        nomination(facts)
    assert raised.value.missing == [requirement]
    assert requirement.what in str(raised.value)


def test_an_ineligible_group_cannot_nominate(demo_facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    assert facts.group is not None
    members = facts.group.members[:20]
    check = check_eligibility(
        facts.group.legal_form,
        not_for_profit=True,
        local_connection=facts.group.local_connection,
        members_on_roll=[m.on_electoral_roll for m in members],
    )
    facts = replace(facts, group=replace(facts.group, members=members), eligibility=check)
    with pytest.raises(MissingDataError, match="eligibility check") as raised:
        nomination(facts)
    assert raised.value.missing == [ELIGIBLE]


def test_where_the_nomination_applies(demo_facts) -> None:
    kind = get_kind("nomination")
    assert kind.title == "ACV nomination"
    assert kind.sent_event == "nomination-submitted"
    assert not kind.personal_data
    assert kind.applies(demo_facts("DEMO-RED-LION"))
    stretford = demo_facts("DEMO-STRETFORD-HALL")
    assert not kind.applies(stretford)  # in a full moratorium
    for stage in ("identified", "not-listed", "delisted", "listing-expired", "listed"):
        assert kind.applies(replace(stretford, stage=stage))


def test_earlier_refusal_is_mentioned(demo_facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    refused = EventFacts(
        999, "nomination-rejected", "Nomination rejected", dt.date(2025, 3, 2), None, None,
        "", "",
    )  # fmt: skip
    facts = replace(facts, stage="not-listed", events=(*facts.events, refused))
    text = docx_text(nomination(facts))
    assert "The council decided on 2 March 2025 not to list the land." in text
