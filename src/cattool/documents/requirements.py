"""The facts documents commonly need, each with where in the app to fill it in.

Shared so that every document asks for the same fact in the same words.
"""

from __future__ import annotations

from cattool.core.eligibility import legal_forms
from cattool.documents.facts import CaseFacts
from cattool.documents.registry import Requirement


def _group(f: CaseFacts, attr: str) -> bool:
    return f.group is not None and bool(str(getattr(f.group, attr)).strip())


ASSET_NAME = Requirement("the asset's name", "asset", lambda f: bool(f.asset.name.strip()))
ASSET_ADDRESS = Requirement("the asset's address", "asset", lambda f: bool(f.asset.address.strip()))
ASSET_DESCRIPTION = Requirement(
    "a description of the land or building", "asset", lambda f: bool(f.asset.description.strip())
)
ASSET_BOUNDARY = Requirement(
    "the proposed boundaries (what the listing should cover)",
    "asset",
    lambda f: bool(f.asset.boundary.strip()),
)
COMMUNITY_USE = Requirement(
    "whether the community use is current or in the recent past",
    "asset",
    lambda f: bool(f.asset.community_use),
)
COMMUNITY_VALUE = Requirement(
    "the reasons the asset is of community value",
    "asset",
    lambda f: bool(f.asset.community_value.strip()),
)
OWNER = Requirement(
    "at least one owner with a name and address",
    "asset",
    lambda f: any(p.address.strip() for p in f.parties_with("owner", "freeholder", "leaseholder")),
)
COUNCIL = Requirement(
    "the council (a contact with the role 'council' and its address)",
    "contacts",
    lambda f: any(p.address.strip() for p in f.parties_with("council")),
)
GROUP_NAME = Requirement("the group's name", "group", lambda f: _group(f, "name"))
LEGAL_FORM = Requirement("the group's legal form", "group", lambda f: _group(f, "legal_form"))
GROUP_ADDRESS = Requirement(
    "the group's correspondence address", "group", lambda f: _group(f, "address")
)
GROUP_CONTACT = Requirement(
    "who signs for the group (contact name and role, e.g. Chair)",
    "group",
    lambda f: _group(f, "contact_name") and _group(f, "contact_role"),
)
GOVERNING_DOCUMENT = Requirement(
    "the group's governing document (its name and when it was adopted)",
    "group",
    lambda f: _group(f, "governing_document"),
)
LOCAL_CONNECTION = Requirement(
    "the group's local connection", "group", lambda f: _group(f, "local_connection")
)
ELIGIBLE = Requirement(
    "an eligible group (the eligibility check on the Group page must pass)",
    "group",
    lambda f: f.eligibility is not None and f.eligibility.eligible,
)
RESOLUTION = Requirement(
    "the committee's resolution (an event 'Committee resolved to nominate or bid')",
    "events",
    lambda f: f.latest_event("committee-resolution") is not None,
)
OWNER_NOTICE = Requirement(
    "the date the council received the owner's notice of intended sale (an event)",
    "events",
    lambda f: f.latest_event("owner-notice-received") is not None,
)
EVIDENCE = Requirement(
    "at least one survey, petition, meeting, ballot or pledge drive with its figures",
    "evidence",
    lambda f: any(e.responses is not None for e in f.evidence),
)

ORGANISATION = (GROUP_NAME, LEGAL_FORM, GROUP_ADDRESS, GROUP_CONTACT)


def _needs_local_members(f: CaseFacts) -> bool:
    form = legal_forms().get(f.group.legal_form) if f.group is not None else None
    return form is not None and form.min_local_members > 0


MEMBER_REGISTER = Requirement(
    "for each member on the electoral register, their address and which council's register "
    "they are on",
    "group",
    lambda f: (
        not _needs_local_members(f)
        or all(
            m.address.strip() and m.council.strip()
            for m in f.group.local_members  # type: ignore[union-attr]
        )
    ),
)
RESOLUTION_RECORD = Requirement(
    "the minute of the committee's resolution (the event's note: who was present, "
    "how the vote went)",
    "events",
    # With no resolution at all, RESOLUTION alone says so.
    lambda f: (e := f.latest_event("committee-resolution")) is None or bool(e.note.strip()),
)
