"""What in a regime moves which statutory deadline: the event kinds each period counts
from (and those that meet or end it) and the parameters its rule uses, each with the
deadlines that depend on it. The deadline-control log (history.py) is built on this."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cattool.core.rules.regime import Regime


@dataclass(frozen=True, slots=True)
class DeadlineLinks:
    """What in a regime moves which deadlines: event kinds and parameters → labels."""

    moves: dict[str, tuple[str, ...]]  # event kind → deadlines counted from it
    settles: dict[str, tuple[str, ...]]  # event kind → deadlines it meets or ends
    parameters: dict[str, tuple[str, ...]]  # parameter → deadlines whose rule uses it

    def drives(self, kind: str) -> bool:
        return kind in self.moves or kind in self.settles


@cache
def _raw_periods(origin: str) -> dict[str, dict[str, Any]]:
    path = Path(origin)
    if not path.is_file():
        return {}
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    periods = dict(data.get("period", {}))
    if "cycle" in data:
        periods["__cycle__"] = data["cycle"]
    return periods


def deadline_links(regime: Regime) -> DeadlineLinks:
    """The regime's triggers and parameters, each with the deadlines that depend on it
    (directly, or through a period counted after or before another)."""
    dependants: dict[str, set[str]] = defaultdict(set)
    for rule in regime.periods:
        for base in (*rule.after, *([rule.before] if rule.before else [])):
            dependants[base].add(rule.key)

    def closure(keys: set[str]) -> tuple[str, ...]:
        found, todo = set(), list(keys)
        while todo:
            key = todo.pop()
            if key not in found:
                found.add(key)
                todo.extend(dependants.get(key, ()))
        return tuple(r.label for r in regime.periods if r.key in found)  # regime order

    starts: dict[str, set[str]] = defaultdict(set)
    settles: dict[str, set[str]] = defaultdict(set)
    for rule in regime.periods:
        for kind in rule.starts:
            starts[kind].add(rule.key)
        for kind in (*rule.met_by, *rule.ends_if):
            settles[kind].add(rule.key)
        if rule.only_if is not None:
            settles[rule.only_if.event].add(rule.key)
    uses: dict[str, set[str]] = defaultdict(set)
    for key, spec in _raw_periods(regime.origin).items():
        for value in _flat_values(spec):
            if isinstance(value, str) and value.startswith("@") and key in regime.period_index:
                uses[value[1:]].add(key)
            elif isinstance(value, str) and value.startswith("@") and key == "__cycle__":
                uses[value[1:]].update(starts.get(regime.cycle[0], ()) if regime.cycle else ())
    return DeadlineLinks(
        moves={kind: closure(keys) for kind, keys in starts.items()},
        settles={
            kind: tuple(r.label for r in regime.periods if r.key in keys)
            for kind, keys in settles.items()
        },
        parameters={name: closure(keys) for name, keys in uses.items()},
    )


def _flat_values(spec: Any) -> list[Any]:
    if isinstance(spec, dict):
        return [v for value in spec.values() for v in _flat_values(value)]
    if isinstance(spec, list):
        return [v for value in spec for v in _flat_values(value)]
    return [spec]
