"""Eligibility evidence: the register of members on the electoral roll (personal data, in
this document only), the count against the 21 needed, the governing document, local
connection and the committee's resolution."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.documents.conftest import (
    assert_no_empty_sections,
    assert_no_placeholders,
    docx_text,
    headings,
)

from cattool.core.eligibility import legal_forms
from cattool.documents.facts import MemberFacts
from cattool.documents.registry import (
    MissingDataError,
    build_document,
    document_kinds,
    get_kind,
)
from cattool.documents.requirements import (
    GOVERNING_DOCUMENT,
    LOCAL_CONNECTION,
    MEMBER_REGISTER,
    RESOLUTION,
)
from cattool.documents.style import format_date

KEY = "eligibility-evidence"


def evidence(facts) -> bytes:
    return build_document(get_kind(KEY), facts)


def test_red_lion_register_lists_every_local_member(demo_facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    data = evidence(facts)
    text = docx_text(data)
    assert facts.group is not None
    local = facts.group.local_members
    assert len(local) == 22
    for member in local:
        assert f"| {member.name} | {member.address}, {member.postcode} | {member.council}" in text
    assert "Frank Toner | 15 Cambridge Road, Bootle, L20 9LQ | Sefton Council" in text
    # the member not on the roll is counted, not named
    assert "Emma Caldwell" not in text and "Pennsylvania Road" not in text
    assert "1 other member not on the electoral register" in text
    needed = legal_forms()["unincorporated-association"].min_local_members
    assert needed == 21
    assert f"needs at least {needed} individual members" in text
    assert "has 22 such members, listed below: 1 more than needed." in text
    assert "SI 2012/2421 reg 5(1)(c)" in text and "Localism Act 2011 s.89(2)" in text
    assert "Personal data." in text and "UK GDPR" in text
    assert "Constitution adopted at a public meeting on 3 May 2024" in text
    assert "To protect the Red Lion, 112 Stanley Road" in text
    assert "The group does not distribute any surplus to its members." in text
    assert "All activities are in Kirkdale" in text and "SI 2012/2421 reg 4" in text
    resolved = facts.latest_event("committee-resolution")
    assert resolved is not None
    assert f"At its meeting on {format_date(resolved.date)}, the committee" in text
    assert "resolved to authorise the nomination" in text
    assert "9 of 11 committee members present" in text
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_headings_and_the_register_table(demo_facts) -> None:
    data = evidence(demo_facts("DEMO-RED-LION"))
    found = headings(data)
    assert found[0] == ("Title", "Eligibility evidence")
    assert [t for s, t in found if s == "Heading 1"] == [
        "The group",
        "Who may nominate",
        "Members on the electoral register",
        "Governing document",
        "Local connection",
        "The committee's resolution",
    ]
    assert ("Heading 2", "Objects") in found
    assert "No. | Name | Address | Electoral register of" in docx_text(data)


def test_only_this_document_names_the_members(demo_facts) -> None:
    """Every other document that can be produced for the case keeps members' names out
    (the contact who signs is named as the group's officer, not as a member)."""
    facts = demo_facts("DEMO-RED-LION")
    assert facts.group is not None
    names = [m.name for m in facts.group.members if m.name != facts.group.contact_name]
    produced = 0
    for kind in document_kinds().values():
        if not kind.applies(facts) or kind.missing(facts):
            continue
        text = docx_text(build_document(kind, facts))
        produced += 1
        leaked = [n for n in names if n in text]
        if kind.key == KEY:
            assert kind.personal_data
            assert len(leaked) == len(names) - 1  # all but the member off the roll
        else:
            assert not kind.personal_data
            assert leaked == [], f"{kind.title} names members: {leaked}"
    assert produced >= 4  # nomination, this, resolution, evidence report (and more)


def test_a_cio_lists_no_members(demo_facts) -> None:
    facts = demo_facts("DEMO-STRETFORD-HALL")
    data = evidence(facts)
    text = docx_text(data)
    assert "does not need members on the electoral register" in text
    for name in ("Raj Patel", "Carol Whitehead", "Derbyshire Lane"):
        assert name not in text
    assert "Personal data." not in text  # nothing personal is given
    assert "charitable incorporated organisation (CIO)" in text
    assert "Its registration number is 1161234." in text
    assert "protected by an asset lock" in text
    # at the bid stage the latest resolution is the one to ask to bid
    assert "resolved to authorise the written request to be treated as a potential bidder" in text
    assert "evidence that it is an eligible community group" in text
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_2026_marks_eligibility_rules_provisional(demo_facts) -> None:
    text = docx_text(evidence(demo_facts("DEMO-HENDON-LIBRARY")))
    assert "Provisional:" in text and "presumed unchanged" in text
    assert "community benefit society" in text and "RS008123" in text


@pytest.mark.parametrize(
    ("change", "requirement"),
    [
        (lambda g: replace(g, governing_document=""), GOVERNING_DOCUMENT),
        (lambda g: replace(g, local_connection=" "), LOCAL_CONNECTION),
        (
            lambda g: replace(
                g,
                members=(
                    MemberFacts("Ann Example", "1 High Street, Liverpool", "L4 1AA", True, ""),
                    *g.members,
                ),
            ),
            MEMBER_REGISTER,
        ),
    ],
)
def test_a_missing_fact_is_named(demo_facts, change, requirement) -> None:
    facts = demo_facts("DEMO-RED-LION")
    facts = replace(facts, group=change(facts.group))
    with pytest.raises(MissingDataError) as raised:
        evidence(facts)
    assert raised.value.missing == [requirement]
    assert requirement.what in str(raised.value)


def test_without_a_resolution_it_cannot_be_produced(demo_facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    facts = replace(
        facts, events=tuple(e for e in facts.events if e.kind != "committee-resolution")
    )
    with pytest.raises(MissingDataError, match="resolution") as raised:
        evidence(facts)
    assert raised.value.missing == [RESOLUTION]


def test_where_it_applies(demo_facts) -> None:
    kind = get_kind(KEY)
    assert kind.title == "Eligibility evidence" and kind.personal_data
    facts = demo_facts("DEMO-OLD-BELL")
    assert kind.applies(facts)
    assert not kind.applies(replace(facts, stage="completed"))
    assert kind.applies(replace(facts, stage="sale-agreed"))
