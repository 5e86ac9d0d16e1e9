"""Redaction: personal data (DOMAIN.md §11) out of a case file for advisers.

Members, shareholders, donors, respondents and people among the parties keep their rows
(so counts and amounts stay true) but their identifying fields become a pseudonym or
blank. A pseudonym is an HMAC of the person's name under a key made for one export: the
same person is the same pseudonym everywhere in that file, and different files cannot
be linked. Documents that hold personal data (the registry's `personal_data` kinds,
e.g. eligibility evidence) are withheld: their row stays, without the file.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PersonalData:
    """Which columns of a table identify a person; `when` limits it to some rows."""

    table: str
    label: str  # "Member": the pseudonym's prefix
    name_column: str  # becomes the pseudonym
    blank_columns: tuple[str, ...] = ()
    outward_postcode: str = ""  # a postcode column cut to its outward half (area only)
    when: tuple[str, tuple[str, ...]] | None = None  # (column, values) rows it covers


PERSONAL_DATA: tuple[PersonalData, ...] = (
    PersonalData("member", "Member", "name", ("address",), "postcode"),
    PersonalData("share_application", "Shareholder", "name", ("address", "email"), "postcode"),
    PersonalData("funding_source", "Donor", "funder", when=("kind", ("donation",))),
    PersonalData(
        "party", "Person", "name", ("address", "email", "phone"), when=("kind", ("person",))
    ),
    PersonalData("community_group", "Contact", "contact_name", ("email", "phone")),
    # Survey respondents: any table a later migration adds under this name.
    PersonalData("survey_respondent", "Respondent", "name", ("address", "email"), "postcode"),
)


def personal_document_kinds() -> frozenset[str]:
    from cattool.documents.registry import document_kinds

    return frozenset(k for k, kind in document_kinds().items() if kind.personal_data)


class Pseudonyms:
    """Stable within one export: the same name gives the same pseudonym."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def __call__(self, label: str, name: str) -> str:
        if not (name or "").strip():
            return ""
        normalised = " ".join(name.casefold().split()).encode("utf-8")
        tag = hmac.new(self._key, normalised, hashlib.sha256).hexdigest()[:8]
        return f"{label} {tag}"


def _outward(postcode: str) -> str:
    parts = (postcode or "").split()
    return parts[0].upper() if len(parts) == 2 else ""


def redact_tables(
    tables: dict[str, list[dict[str, Any]]], pseudonyms: Pseudonyms | None = None
) -> dict[str, Any]:
    """Redact `tables` in place; return the summary case.json carries (counts, what)."""
    pseudonyms = pseudonyms or Pseudonyms()
    summary: dict[str, Any] = {"tables": {}, "withheld-documents": []}
    for rule in PERSONAL_DATA:
        rows = tables.get(rule.table)
        if not rows:
            continue
        covered = [r for r in rows if rule.when is None or r.get(rule.when[0]) in rule.when[1]]
        for row in covered:
            if rule.name_column in row:
                row[rule.name_column] = pseudonyms(rule.label, row[rule.name_column] or "")
            for column in rule.blank_columns:
                if column in row and row[column] is not None:
                    row[column] = ""
            if rule.outward_postcode in row:
                row[rule.outward_postcode] = _outward(row[rule.outward_postcode])
        if covered:
            fields = [rule.name_column, *rule.blank_columns]
            if rule.outward_postcode:
                fields.append(rule.outward_postcode)
            summary["tables"][rule.table] = {"rows": len(covered), "fields": fields}
    personal_kinds = personal_document_kinds()
    for row in tables.get("generated_document", []):
        if row.get("kind") in personal_kinds:
            summary["withheld-documents"].append(
                {"kind": row["kind"], "revision": row.get("revision")}
            )
            row["path"] = ""
    return summary
