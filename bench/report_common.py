"""Pieces the sections of docs/PERFORMANCE.md share."""

from datetime import datetime, timezone


def yes(ok: bool) -> str:
    """A goal met, or not (in bold)."""
    return "yes" if ok else "**no**"


def database(data: dict) -> str:
    """'Database: …. ' (figures saved before it was recorded were all on the embedded one)."""
    return f"Database: {data.get('database', 'the embedded server (SecantusDB)')}. "


def missing(entries: dict) -> list[str]:
    """The endpoints left out, and why."""
    return [f"- {name}: {why}" for name, why in entries.items()] or ["- Every endpoint is there."]


def when(data: dict) -> str:
    """'Measured … UTC. ' (figures saved before the time was recorded say nothing)."""
    return f"Measured {data['measured_at']}. " if data.get("measured_at") else ""


def measured_at() -> str:
    """Now, as the page shows it (`when`): a section kept from an earlier run keeps its own."""
    return f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
