"""Whole-number settings from the environment (and `.env`), read by config.py.

A value the app cannot use stops it with a message that names the setting and `.env`,
where the student fixes it, rather than a ValueError that points at config.py.
"""

import os


class SettingError(ValueError):
    """A setting in .env that the app cannot use; the message says which, and what it needs."""


def whole_number(name: str, default: int, unit: str, at_least: int = 0) -> int:
    """A setting that counts something (milliseconds, bytes), `at_least` or more; empty or
    unset: `default`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = at_least - 1
    if number < at_least:
        allowed = f"a whole number of {unit}" + (f", at least {at_least}" if at_least else "")
        raise SettingError(f"{name} in .env must be {allowed}, got {value!r}")
    return number
