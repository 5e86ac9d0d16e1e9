"""The fixed vocabulary of event kinds, read from resources/event_kinds.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from cattool.core.paths import resources_dir


@dataclass(frozen=True, slots=True)
class EventKind:
    key: str
    label: str
    basis: str  # "received", "sent" or "occurred"
    stage: str


@cache
def event_kinds() -> dict[str, EventKind]:
    with open(resources_dir() / "event_kinds.toml", "rb") as handle:
        data = tomllib.load(handle)
    return {
        key: EventKind(key, spec["label"], spec.get("basis", "occurred"), spec.get("stage", ""))
        for key, spec in data["kind"].items()
    }


def event_label(kind: str) -> str:
    spec = event_kinds().get(kind)
    return spec.label if spec else kind
