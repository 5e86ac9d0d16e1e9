"""Who may nominate (Localism Act 2011 s.89; SI 2012/2421 regs 4-5): a live check that
says exactly what is missing. The rules are data in resources/legal_forms.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from cattool.core.paths import resources_dir


@dataclass(frozen=True, slots=True)
class LegalForm:
    key: str
    label: str
    eligible: bool
    source: str
    min_local_members: int = 0
    not_for_profit: bool = False
    local_connection: bool = False
    public_body: bool = False
    reason: str = ""


@cache
def legal_forms() -> dict[str, LegalForm]:
    with open(resources_dir() / "legal_forms.toml", "rb") as handle:
        data = tomllib.load(handle)["form"]
    return {
        key: LegalForm(
            key=key,
            label=spec["label"],
            eligible=spec["eligible"],
            source=spec["source"],
            min_local_members=spec.get("min-local-members", 0),
            not_for_profit=spec.get("not-for-profit", False),
            local_connection=spec.get("local-connection", False),
            public_body=spec.get("public-body", False),
            reason=spec.get("reason", ""),
        )
        for key, spec in data.items()
    }


def legal_form_label(key: str) -> str:
    form = legal_forms().get(key)
    return form.label if form else key


@dataclass(slots=True)
class EligibilityCheck:
    eligible: bool
    missing: list[str] = field(default_factory=list)  # what to fix, in plain words
    satisfied: list[str] = field(default_factory=list)  # what is already in order
    source: str = ""

    def summary(self) -> str:
        if self.eligible:
            return "Eligible to nominate: " + "; ".join(self.satisfied) + "."
        return "Not yet eligible: " + " ".join(self.missing)


def check_eligibility(
    legal_form: str,
    *,
    not_for_profit: bool,
    local_connection: str,
    members_on_roll: Iterable[bool] = (),
) -> EligibilityCheck:
    """Check a group against the rules for its legal form; never raises."""
    form = legal_forms().get(legal_form)
    if form is None:
        choices = ", ".join(f.label for f in legal_forms().values() if f.eligible)
        return EligibilityCheck(
            False, [f"Record the group's legal form (eligible forms: {choices})."]
        )
    check = EligibilityCheck(True, source=form.source)
    if not form.eligible:
        check.eligible = False
        check.missing.append(form.reason or f"A {form.label.lower()} cannot nominate.")
        return check
    check.satisfied.append(f"{form.label} may nominate ({form.source})")
    if form.min_local_members:
        on_roll = sum(1 for flag in members_on_roll if flag)
        short = form.min_local_members - on_roll
        if short > 0:
            check.eligible = False
            check.missing.append(
                f"An unincorporated body needs at least {form.min_local_members} members on "
                "the electoral register of this council or a neighbouring one: "
                f"{on_roll} recorded, {short} more needed."
            )
        else:
            check.satisfied.append(
                f"{on_roll} members on the electoral register (at least "
                f"{form.min_local_members} needed)"
            )
    if form.not_for_profit:
        if not_for_profit:
            check.satisfied.append("does not distribute surplus to members")
        else:
            check.eligible = False
            check.missing.append(
                f"A {form.label.lower()} must not distribute any surplus to its members: "
                "confirm its rules say so (tick 'Not for profit')."
            )
    if form.local_connection:
        if local_connection.strip():
            check.satisfied.append("local connection described")
        else:
            check.eligible = False
            check.missing.append(
                "Describe the group's local connection: its activities are wholly or partly "
                "concerned with this council's area (or a neighbouring one) and any surplus is "
                "spent there (SI 2012/2421 reg 4)."
            )
    return check
