"""The deadline detail pane: what a date is, why, under which rule and source, and the
warnings, in plain sentences large enough to read aloud at a committee meeting."""

from __future__ import annotations

import html
from collections.abc import Iterable

from cattool.core.dates import format_date_weekday_long
from cattool.core.rules.engine import MET, Deadline
from cattool.core.rules.events import event_label
from cattool.ui.models import STATUS_WORDS, days_text, deadline_label

WHO_WORDS = {
    "group": "The community group",
    "council": "The council",
    "owner": "The owner",
}

_CSS = """
h2 {{ font-size: large; margin-bottom: 4px; }}
p {{ margin-top: 6px; margin-bottom: 6px; }}
li {{ margin-bottom: 6px; }}
.when {{ font-size: large; }}
.label {{ color: {label}; }}
.passed {{ color: {passed}; }}
.due-soon {{ color: {due_soon}; }}
"""
# Readable on a light background, and on a dark one (a dark system theme).
_LIGHT = {"label": "#555555", "passed": "#9b1c1c", "due_soon": "#6b4500"}
_DARK = {"label": "#b0b0b0", "passed": "#ff8a80", "due_soon": "#ffcc66"}


def is_dark_theme() -> bool:
    """Whether the application's palette is dark (light text on a dark base)."""
    from PySide6.QtGui import QGuiApplication, QPalette

    if QGuiApplication.instance() is None:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def detail_css(dark: bool | None = None) -> str:
    """The detail pane's style sheet for the current (or the given) theme."""
    return _CSS.format(**(_DARK if (is_dark_theme() if dark is None else dark) else _LIGHT))


def __getattr__(name: str) -> str:
    # `DETAIL_CSS` follows the theme in use when it is first read (pages read it when
    # they are built, after the application and its palette exist).
    if name == "DETAIL_CSS":
        return detail_css()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def deadline_html(deadline: Deadline, siblings: Iterable[Deadline] = ()) -> str:
    """The detail pane: what the date is, why, under which rule and source, and warnings.

    Plain sentences and a large font, because it is read out at group meetings.
    """
    esc = html.escape
    labels = {d.key: d.label for d in siblings}
    out = [f"<h2>{esc(deadline_label(deadline))}</h2>"]

    status = STATUS_WORDS.get(deadline.status, deadline.status)
    if deadline.date is not None:
        when = f"<b>{esc(format_date_weekday_long(deadline.date))}</b>"
        if deadline.status == MET:
            met = f" on {format_date_weekday_long(deadline.met_on)}" if deadline.met_on else ""
            when += f" — met{esc(met)}"
        else:
            left = days_text(deadline.days_left)
            when += f" — {esc(status.lower())}" + (f", {esc(left)}" if left else "")
        css = deadline.status if deadline.status in ("passed", "due-soon") else ""
        out.append(f'<p class="when {css}">{when}</p>')
    else:
        out.append(f'<p class="when"><b>No date yet</b> — {esc(status.lower())}</p>')

    if deadline.explanation:
        out.append(f"<p>{esc(deadline.explanation)}</p>")

    # Warnings straight after the explanation: they are what must not be missed.
    if deadline.warnings:
        out.append("<p><b>Warnings</b></p><ul>")
        out.extend(f"<li>{esc(warning)}</li>" for warning in deadline.warnings)
        out.append("</ul>")

    facts: list[tuple[str, str]] = []
    if deadline.start_date or deadline.counts_from:
        facts.append(("Counts from", _counts_from_text(deadline, labels)))
    who = WHO_WORDS.get(deadline.who)
    if who:
        facts.append(("Who must act", who))
    if deadline.rule:
        facts.append(("Rule", _rule_text(deadline.rule, labels)))
    if deadline.source:
        facts.append(("Source", deadline.source))
    for label, text in facts:
        if text:
            out.append(f'<p><span class="label">{esc(label)}:</span> {esc(text)}</p>')

    if not deadline.warnings:
        out.append('<p><span class="label">Warnings:</span> none.</p>')
    return "".join(out)


def _counts_from_text(deadline: Deadline, labels: dict[str, str]) -> str:
    start = format_date_weekday_long(deadline.start_date) if deadline.start_date else ""
    origin = deadline.counts_from or ""
    if origin.startswith("deadline:"):
        key = origin.removeprefix("deadline:")
        what = f"the day after ‘{labels.get(key, key)}’"
    elif origin:
        what = event_label(origin)
    else:
        what = ""
    if what and start:
        return f"{what}: {start}"
    return what or start


def _rule_text(rule: str, labels: dict[str, str]) -> str:
    """The engine's rule text, with a deadline key it mentions replaced by its label."""
    for key, label in labels.items():
        if rule.endswith(f"before {key}"):
            return rule.removesuffix(key) + f"‘{label}’"
    return rule
