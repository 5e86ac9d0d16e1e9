"""Regimes as data: load and validate a regime file (resources/regimes/*.toml).

Code knows how to count; the regime file knows what the law says. A regime can be
replaced without a release by dropping a newer file in the user's data folder
(`<data>/regimes/`), and any named parameter can be overridden (for example once the
2026 Act's regulations fix a provisional value) through `overrides`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cattool.core.paths import resources_dir
from cattool.core.rules.calendar import Length, parse_length
from cattool.core.rules.events import event_kinds


class RegimeError(ValueError):
    """A regime file or setting that cannot be used; the message names the place."""


@dataclass(frozen=True, slots=True)
class Parameter:
    key: str
    label: str
    value: str
    provisional: bool
    source: str
    explain: str = ""
    setting: bool = False
    overridden: bool = False


@dataclass(frozen=True, slots=True)
class Condition:
    event: str
    within: str


@dataclass(frozen=True, slots=True)
class PeriodRule:
    key: str
    label: str
    length: Length
    source: str
    explain: str
    who: str = "nobody"
    starts: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    before: str | None = None
    margin: Length | None = None
    met_by: tuple[str, ...] = ()  # in the file's order, so ties resolve the same every run
    met_within: bool = False
    ends_if: tuple[str, ...] = ()  # events that make the period no longer apply
    expects_before: tuple[str, ...] = ()  # facts normally recorded before the trigger
    next_working_day: bool = False  # its rules let an act due on a closed day be done later
    only_if: Condition | None = None
    not_triggered: str = ""
    provisional: bool = False
    provisional_parameters: tuple[str, ...] = ()

    def rule_text(self) -> str:
        if self.before:
            extra = f" plus {self.margin}" if self.margin else ""
            return f"{self.length}{extra} before {self.before}"
        return f"{self.length} beginning with the start day"


@dataclass(frozen=True)
class Regime:
    id: str
    name: str
    short_name: str
    law: str
    in_force_from: str
    version: str
    provisional: bool
    summary: str
    parameters: Mapping[str, Parameter]
    periods: tuple[PeriodRule, ...]
    origin: str = ""
    period_index: Mapping[str, PeriodRule] = field(default_factory=dict)
    # A notice received while an earlier one's protected period runs starts nothing new
    # (Localism Act 2011 s.95(6)): (event kind, the period that protects).
    cycle: tuple[str, str] | None = None

    def provisional_parameters(self) -> list[Parameter]:
        return [p for p in self.parameters.values() if p.provisional]


def regime_dirs(extra: Path | None = None) -> list[Path]:
    """User-supplied regime files come first, so an adviser's update wins."""
    dirs = []
    if extra is not None:
        dirs.append(extra)
    dirs.append(resources_dir() / "regimes")
    return dirs


def available_regimes(user_dir: Path | None = None) -> list[str]:
    ids: set[str] = set()
    for folder in regime_dirs(user_dir):
        if folder.is_dir():
            ids.update(path.stem for path in folder.glob("*.toml"))
    return sorted(ids)


_CACHE: dict[tuple, Regime] = {}


def load_regime(
    regime_id: str,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    user_dir: Path | None = None,
) -> Regime:
    """Load, validate and cache a regime; `overrides` maps parameter keys to new values."""
    frozen = tuple(sorted((k, tuple(sorted(v.items()))) for k, v in (overrides or {}).items()))
    cache_key = (regime_id, frozen, str(user_dir))
    if cache_key not in _CACHE:
        for folder in regime_dirs(user_dir):
            path = folder / f"{regime_id}.toml"
            if path.is_file():
                break
        else:
            known = ", ".join(available_regimes(user_dir)) or "none"
            raise RegimeError(f"Unknown regime {regime_id!r}. Known regimes: {known}.")
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise RegimeError(f"{path}: not valid TOML ({exc})") from exc
        _CACHE[cache_key] = build_regime(data, overrides or {}, origin=str(path))
    return _CACHE[cache_key]


def build_regime(
    data: Mapping, overrides: Mapping[str, Mapping[str, object]], origin: str = "<data>"
) -> Regime:
    """Turn parsed TOML into a validated Regime; every problem names the file and key."""

    def fail(where: str, problem: str) -> RegimeError:
        return RegimeError(f"{origin}: {where}: {problem}")

    parameters: dict[str, Parameter] = {}
    for key, spec in data.get("parameter", {}).items():
        override = overrides.get(key)
        value = str(spec["value"])
        provisional = bool(spec.get("provisional", False))
        source = spec.get("source", "")
        if override:
            value = str(override.get("value", value))
            provisional = bool(override.get("provisional", False))
            source = str(override.get("source") or source)
        parameters[key] = Parameter(
            key=key,
            label=spec.get("label", key),
            value=value,
            provisional=provisional,
            source=source,
            explain=spec.get("explain", ""),
            setting=bool(spec.get("setting", False)),
            overridden=bool(override),
        )
    unknown = set(overrides) - set(parameters)
    if unknown:
        raise fail("overrides", f"no such parameter: {', '.join(sorted(unknown))}")

    kinds = event_kinds()
    periods: list[PeriodRule] = []
    seen: set[str] = set()
    for key, spec in data.get("period", {}).items():
        where = f"period.{key}"
        used_params: list[str] = []

        def resolve(text: str, *, where: str = where, used: list[str] = used_params) -> str:
            if isinstance(text, str) and text.startswith("@"):
                name = text[1:]
                if name not in parameters:
                    raise fail(where, f"unknown parameter {text!r}")
                used.append(name)
                return parameters[name].value
            return text

        try:
            length = parse_length(resolve(spec["length"]))
            margin = parse_length(resolve(spec["margin"])) if "margin" in spec else None
        except (KeyError, ValueError) as exc:
            raise fail(where, f"bad or missing length ({exc})") from exc
        starts = tuple(resolve(kind) for kind in spec.get("starts", ()))
        after = tuple(spec.get("after", ()))
        before = spec.get("before")
        if sum(bool(x) for x in (starts, after, before)) != 1:
            raise fail(where, "needs exactly one of 'starts', 'after' or 'before'")
        ends_if = tuple(spec.get("ends-if", ()))
        expects_before = tuple(spec.get("expects-before", ()))
        for kind in (*starts, *spec.get("met-by", ()), *ends_if, *expects_before):
            if kind not in kinds:
                raise fail(where, f"unknown event kind {kind!r}")
        for ref in (*after, *([before] if before else [])):
            if ref not in seen:
                raise fail(where, f"refers to {ref!r}, which must be defined earlier")
        only_if = None
        if "only-if" in spec:
            cond = spec["only-if"]
            if cond.get("event") not in kinds or cond.get("within") not in seen:
                raise fail(where, "'only-if' needs a known event and an earlier period")
            only_if = Condition(cond["event"], cond["within"])
        for required in ("label", "source", "explain"):
            if not spec.get(required):
                raise fail(where, f"missing {required!r}")
        provisional_params = tuple(p for p in used_params if parameters[p].provisional)
        periods.append(
            PeriodRule(
                key=key,
                label=spec["label"],
                length=length,
                source=spec["source"],
                explain=spec["explain"],
                who=spec.get("who", "nobody"),
                starts=starts,
                after=after,
                before=before,
                margin=margin,
                met_by=tuple(spec.get("met-by", ())),
                ends_if=ends_if,
                expects_before=expects_before,
                next_working_day=bool(spec.get("next-working-day", False)),
                met_within=bool(spec.get("met-within", False)),
                only_if=only_if,
                not_triggered=spec.get("not-triggered", ""),
                provisional=bool(spec.get("provisional", False)) or bool(provisional_params),
                provisional_parameters=provisional_params,
            )
        )
        seen.add(key)
    for required in ("id", "name", "law"):
        if not data.get(required):
            raise fail("top level", f"missing {required!r}")
    cycle = None
    if "cycle" in data:
        spec = data["cycle"]
        kind = spec.get("event", "")
        if kind.startswith("@"):
            kind = parameters[kind[1:]].value if kind[1:] in parameters else ""
        if kind not in kinds or spec.get("protected-by") not in seen:
            raise fail("cycle", "needs a known 'event' and a 'protected-by' period")
        cycle = (kind, spec["protected-by"])
    return Regime(
        id=data["id"],
        name=data["name"],
        short_name=data.get("short-name", data["name"]),
        law=data["law"],
        in_force_from=str(data.get("in-force-from", "")),
        version=str(data.get("version", "")),
        provisional=bool(data.get("provisional", False)),
        summary=" ".join(data.get("summary", "").split()),
        parameters=parameters,
        periods=tuple(periods),
        origin=origin,
        period_index={p.key: p for p in periods},
        cycle=cycle,
    )
