"""The committee resolution: to nominate before listing, to bid once listed (wording per
law), with the meeting's record, who may sign, and lines for the Chair and Secretary."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.documents.conftest import (
    assert_no_empty_sections,
    assert_no_placeholders,
    docx_text,
    headings,
)

from cattool.documents.kinds.resolution import RESOLUTION_FOR_STEP
from cattool.documents.registry import MissingDataError, build_document, get_kind
from cattool.documents.requirements import (
    ASSET_ADDRESS,
    GROUP_CONTACT,
    RESOLUTION,
    RESOLUTION_RECORD,
)
from cattool.documents.style import format_date

KEY = "resolution"


def minute(facts) -> bytes:
    return build_document(get_kind(KEY), facts)


def test_red_lion_resolves_to_nominate(demo_facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    data = minute(facts)
    text = docx_text(data)
    event = facts.latest_event("committee-resolution")
    assert event is not None
    meeting = format_date(event.date)
    assert meeting == "20 October 2026"
    assert (
        f"Minute of the meeting of the committee of Friends of the Red Lion held on {meeting}."
        in text
    )
    assert event.note in text
    assert (
        "That Friends of the Red Lion nominate The Red Lion, 112 Stanley Road, Kirkdale, "
        "Liverpool, L5 7QQ for inclusion in Liverpool City Council's list of assets of "
        "community value, under section 89 of the Localism Act 2011"
    ) in text
    assert "SI 2012/2421" in text
    assert "That Maureen Doyle, Chair, is authorised to sign the nomination" in text
    assert "Maureen Doyle, Chair, Friends of the Red Lion" in text  # the Chair signs
    assert "Secretary, Friends of the Red Lion" in text
    assert text.count("Signed: ") == 2
    assert "potential bidder" not in text
    assert [t for s, t in headings(data) if s.startswith("Heading")] == [
        "Record of the meeting",
        "Resolution",
        "Signed as a true record",
    ]
    assert headings(data)[0] == ("Title", "Committee resolution")
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_2011_bid_is_a_request_to_be_treated_as_a_potential_bidder(demo_facts) -> None:
    facts = demo_facts("DEMO-STRETFORD-HALL")
    data = minute(facts)
    text = docx_text(data)
    event = facts.latest_event("committee-resolution")
    assert event is not None and "potential bidder" in event.note
    assert f"held on {format_date(event.date)}" in text
    assert "make a written request to Trafford Council to be treated as a potential bidder" in text
    assert "section 95 of the Localism Act 2011" in text
    assert "Stretford Public Hall, Chester Road, Stretford, Manchester, M32 0LG" in text
    deadline = facts.deadline("interim-moratorium-ends")
    assert deadline is not None and deadline.date is not None
    assert f"receives it by {format_date(deadline.date)}" in text
    assert "if the owner gives notice" not in text
    assert "nominate" not in text.split("Resolution\n", 1)[1].split("Signed as")[0]
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_2026_bid_is_a_notice_of_intention_marked_provisional(demo_facts) -> None:
    text = docx_text(minute(demo_facts("DEMO-HENDON-LIBRARY")))
    assert "notice of its intention to exercise the community right to buy" in text
    assert "English Devolution and Community Empowerment Act 2026" in text
    assert "Provisional:" in text and "a provisional date" in text
    assert "potential bidder" not in text


def test_listed_without_a_notice_resolves_in_advance(demo_facts) -> None:
    facts = demo_facts("DEMO-OLD-BELL")
    facts = replace(
        facts,
        stage="listed",
        events=tuple(e for e in facts.events if e.kind != "owner-notice-received"),
    )
    text = docx_text(minute(facts))
    assert "That, if the owner gives notice of an intended disposal of the asset, Old Bell" in text
    assert "the last day of the interim moratorium" not in text  # no notice: no date


@pytest.mark.parametrize(
    ("change", "requirement"),
    [
        (
            lambda f: replace(
                f, events=tuple(e for e in f.events if e.kind != "committee-resolution")
            ),
            RESOLUTION,
        ),
        (
            lambda f: replace(
                f,
                events=tuple(
                    replace(e, note="") if e.kind == "committee-resolution" else e for e in f.events
                ),
            ),
            RESOLUTION_RECORD,
        ),
        (lambda f: replace(f, group=replace(f.group, contact_name="")), GROUP_CONTACT),
        (lambda f: replace(f, asset=replace(f.asset, address="", postcode="")), ASSET_ADDRESS),
    ],
)
def test_a_missing_fact_is_named(demo_facts, change, requirement) -> None:
    facts = change(demo_facts("DEMO-RED-LION"))
    with pytest.raises(MissingDataError) as raised:
        minute(facts)
    assert raised.value.missing == [requirement]


def test_a_bid_needs_a_resolution_made_after_listing(demo_facts) -> None:
    """The hall's nomination resolution is no authority to bid."""
    facts = demo_facts("DEMO-STRETFORD-HALL")
    resolutions = [e for e in facts.events if e.kind == "committee-resolution"]
    assert len(resolutions) == 2
    facts = replace(facts, events=tuple(e for e in facts.events if e != resolutions[-1]))
    with pytest.raises(MissingDataError, match="made after the asset was listed") as raised:
        minute(facts)
    assert raised.value.missing == [RESOLUTION_FOR_STEP]


def test_where_it_applies(demo_facts) -> None:
    kind = get_kind(KEY)
    assert kind.title == "Committee resolution" and not kind.personal_data
    facts = demo_facts("DEMO-OLD-BELL")
    for stage in ("identified", "nominated", "listed", "interim-moratorium", "full-moratorium"):
        assert kind.applies(replace(facts, stage=stage))
    for stage in ("completed", "sale-agreed"):
        assert not kind.applies(replace(facts, stage=stage))
