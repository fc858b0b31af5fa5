"""Symbols and colours of the tool's output, defined once."""

SYMBOL = {"passed": "✔", "failed": "✘", "error": "✘", "skipped": "–", "missing": "?"}
STYLE = {
    "passed": "green",
    "failed": "red",
    "error": "red",
    "skipped": "yellow",
    "missing": "yellow",
    "heading": "bold",
    "hint": "cyan",
    "muted": "dim",
}
BAR_WIDTH = 24


def mark(status: str) -> str:
    """A coloured symbol for a status, as rich markup."""
    return f"[{STYLE[status]}]{SYMBOL[status]}[/]"


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text progress bar, as rich markup."""
    filled = round(width * done / total) if total else 0
    return f"[green]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"
