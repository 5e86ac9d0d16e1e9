"""Evidence of community support: figures and shares worked out from the counts, a summary,
a chart, and nothing personal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable

import pytest
from docx import Document
from PIL import Image
from tests.documents.conftest import (
    assert_no_empty_sections,
    assert_no_placeholders,
    docx_text,
    headings,
)

from cattool.documents.facts import CaseFacts, EvidenceFacts
from cattool.documents.kinds.support_report import CHART_MAX_ROWS, KINDS
from cattool.documents.registry import MissingDataError, build_document
from cattool.documents.requirements import EVIDENCE
from cattool.documents.style import format_date

(REPORT,) = KINDS
Facts = Callable[[str], CaseFacts]
DEMOS = ("DEMO-RED-LION", "DEMO-STRETFORD-HALL", "DEMO-HENDON-LIBRARY")


def _pictures(data: bytes) -> list[Image.Image]:
    document = Document(io.BytesIO(data))
    return [
        Image.open(io.BytesIO(part.blob))
        for part in document.part.package.parts
        if part.content_type == "image/png"
    ]


def _item(kind: str = "survey", **fields: object) -> EvidenceFacts:
    base = {
        "title": "",
        "held_on": dt.date(2026, 5, 1),
        "reached": None,
        "responses": None,
        "in_favour": None,
        "note": "",
    }
    return EvidenceFacts(kind=kind, **{**base, **fields})  # type: ignore[arg-type]


def test_the_survey_and_petition_figures_and_shares_are_stated(demo_facts: Facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    data = build_document(REPORT, facts)
    text = docx_text(data)
    survey = next(e for e in facts.evidence if e.kind == "survey")
    petition = next(e for e in facts.evidence if e.kind == "petition")
    assert survey.held_on and petition.held_on
    for expected in (
        "640 of 1,200 people asked answered (53%); 610 (95%) in favour.",
        "1,834 people signed.",
        f"Survey ({format_date(survey.held_on)}): 640 of 1,200",
        f"between {format_date(survey.held_on)} and {format_date(petition.held_on)}",
        "one survey and one petition",
        "640 (53%)",
        "610 (95%)",
        "Friends of the Red Lion, an unincorporated body (association or club), is working "
        "to keep The Red Lion (112 Stanley Road, Kirkdale, Liverpool, L5 7QQ)",
        "Volunteers knocked on 1,200 doors.",
        "Figure 1. People reached, taking part and in favour, for each item of evidence.",
    ):
        assert expected in text, expected
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_a_ballot_reads_as_turnout_and_yes_share(demo_facts: Facts) -> None:
    text = docx_text(build_document(REPORT, demo_facts("DEMO-HENDON-LIBRARY")))
    assert (
        "400 of 600 people entitled to vote took part (67% turnout); 292 (73%) voted yes." in text
    )
    assert "one ballot on" in text


def test_shares_are_worked_out_from_the_counts_each_time(demo_facts: Facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    changed = tuple(
        dataclasses.replace(e, responses=900, in_favour=450) if e.kind == "survey" else e
        for e in facts.evidence
    )
    text = docx_text(build_document(REPORT, dataclasses.replace(facts, evidence=changed)))
    assert "900 of 1,200 people asked answered (75%); 450 (50%) in favour." in text
    assert "(53%)" not in text


@pytest.mark.parametrize("reference", DEMOS)
def test_every_demo_with_evidence_gets_a_clean_report_with_one_chart(
    demo_facts: Facts, reference: str
) -> None:
    facts = demo_facts(reference)
    assert REPORT.applies(facts)
    data = build_document(REPORT, facts)
    text = docx_text(data)
    assert_no_placeholders(text)
    assert_no_empty_sections(data)
    (chart,) = _pictures(data)
    assert chart.format == "PNG" and chart.width > 1000 and 150 < chart.height < 2000
    found = headings(data)
    assert found[0] == ("Title", "Evidence of community support")
    assert [h for h in found if h[0] == "Heading 1"] == [
        ("Heading 1", "About this report"),
        ("Heading 1", "Summary"),
        ("Heading 1", "The evidence"),
        ("Heading 1", "How the figures were worked out"),
    ]
    assert len([h for h in found if h[0] == "Heading 2"]) == len(facts.evidence)


def test_it_applies_at_every_stage_and_under_every_law(demo_facts: Facts) -> None:
    assert REPORT.stages is None and REPORT.regimes is None
    assert REPORT.requirements == (EVIDENCE,)
    assert REPORT.applies(demo_facts("DEMO-OLD-BELL"))  # applies, though it cannot be made yet


def test_without_figures_it_names_what_to_record(demo_facts: Facts) -> None:
    facts = demo_facts("DEMO-OLD-BELL")
    facts = dataclasses.replace(facts, evidence=())
    with pytest.raises(MissingDataError) as caught:
        build_document(REPORT, facts)
    assert caught.value.missing == [EVIDENCE]
    assert "(Evidence of support page)" in str(caught.value)
    # An item with no counts at all is not yet evidence.
    with pytest.raises(MissingDataError):
        build_document(REPORT, dataclasses.replace(facts, evidence=(_item(),)))


def test_no_member_or_respondent_is_named(demo_facts: Facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    assert facts.group is not None and facts.group.members
    text = docx_text(build_document(REPORT, facts))
    for member in facts.group.members:
        assert member.name not in text
        assert member.address not in text
    assert not REPORT.personal_data


def test_items_without_some_figures_say_so_and_stay_out_of_the_chart(demo_facts: Facts) -> None:
    facts = demo_facts("DEMO-STRETFORD-HALL")
    evidence = (
        *facts.evidence,
        _item("meeting", title="Drop-in at the library", held_on=None),
        _item("survey", title="Online survey", responses=0, reached=0),
    )
    data = build_document(REPORT, dataclasses.replace(facts, evidence=evidence))
    text = docx_text(data)
    row = "date not recorded | Public meeting: Drop-in at the library | not counted | not counted"
    assert row + " | not counted" in text
    assert "No figures were recorded for this item." in text
    assert "date not recorded" in text
    assert "0 people answered." in text
    assert "n/a" not in text
    assert_no_placeholders(text)
    assert_no_empty_sections(data)


def test_a_long_list_charts_the_largest_items_and_says_so(demo_facts: Facts) -> None:
    facts = demo_facts("DEMO-RED-LION")
    many = tuple(
        _item(
            "petition",
            title=f"Street petition {n}",
            responses=10 * n,
            held_on=dt.date(2026, 1, 1) + dt.timedelta(days=n),
        )
        for n in range(1, CHART_MAX_ROWS + 4)
    )
    data = build_document(REPORT, dataclasses.replace(facts, evidence=many))
    text = docx_text(data)
    assert f"the {CHART_MAX_ROWS} items with the most people taking part (of {len(many)})" in text
    assert "fifteen petitions" in text or f"{len(many)} petitions" in text
    (chart,) = _pictures(data)
    assert chart.height < 2400  # still fits a page at 16 cm wide
