"""Where the reminder horizons are kept: QSettings("cattool", "cattool"), the global one
under "reminders/horizon_days", a case's own under "reminders/case/<case id>/horizon_days".

Apart from the rules (reminder_rules.py), which are pure, and the panel, which shows them:
only QSettings is needed here (no widgets), and values are clamped to the allowed range.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from cattool.ui.reminder_rules import DEFAULT_HORIZON_DAYS, MAX_HORIZON_DAYS, MIN_HORIZON_DAYS

SETTINGS_ORGANISATION = "cattool"
SETTINGS_APPLICATION = "cattool"
HORIZON_KEY = "reminders/horizon_days"
CASE_GROUP = "reminders/case"
CASE_HORIZON_KEY = CASE_GROUP + "/{case}/horizon_days"


def _settings() -> QSettings:
    # The default format (native unless changed, as tests do) rather than the two-string
    # constructor, which always means the native format (the registry on Windows).
    return QSettings(
        QSettings.defaultFormat(),
        QSettings.Scope.UserScope,
        SETTINGS_ORGANISATION,
        SETTINGS_APPLICATION,
    )


def _clamp(days: int) -> int:
    return max(MIN_HORIZON_DAYS, min(MAX_HORIZON_DAYS, days))


def _read_int(settings: QSettings, key: str) -> int | None:
    value = settings.value(key)
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None  # a hand-edited settings file: ignore the bad value


def global_horizon() -> int:
    """The global reminder horizon in days (default 14)."""
    value = _read_int(_settings(), HORIZON_KEY)
    return DEFAULT_HORIZON_DAYS if value is None else _clamp(value)


def set_global_horizon(days: int) -> None:
    _settings().setValue(HORIZON_KEY, _clamp(int(days)))


def case_horizon(case_id: int | str) -> int | None:
    """A case's own reminder horizon, or None when it follows the global one."""
    value = _read_int(_settings(), CASE_HORIZON_KEY.format(case=case_id))
    return None if value is None else _clamp(value)


def set_case_horizon(case_id: int | str, days: int | None) -> None:
    """Give a case its own horizon; None goes back to the global one."""
    settings = _settings()
    if days is None:
        settings.remove(f"{CASE_GROUP}/{case_id}")
    else:
        settings.setValue(CASE_HORIZON_KEY.format(case=case_id), _clamp(int(days)))


def case_horizons() -> dict[int, int]:
    """Every case's own horizon, by case id: the `case_days` argument of `due_items`."""
    settings = _settings()
    settings.beginGroup(CASE_GROUP)
    names = settings.childGroups()
    settings.endGroup()
    found = {}
    for name in names:
        if name.isdigit():
            days = _read_int(settings, CASE_HORIZON_KEY.format(case=name))
            if days is not None:
                found[int(name)] = _clamp(days)
    return found
