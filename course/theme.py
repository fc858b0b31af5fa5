"""Symbols and colours of the tool's output, defined once."""

SYMBOL = {
    "passed": "✔",
    "failed": "✘",
    "error": "✘",
    "skipped": "–",
    "missing": "?",
    # What a command did to one of the student's files.
    "added": "+",
    "replaced": "~",
    "removed": "-",
    "kept": "=",
    "conflict": "!",
}
STYLE = {
    "passed": "green",
    "failed": "red",
    "error": "red",
    "skipped": "yellow",
    "missing": "yellow",
    "heading": "bold",
    "hint": "cyan",
    "muted": "dim",
    "added": "green",
    "replaced": "cyan",
    "removed": "red",
    "kept": "dim",
    "conflict": "yellow",
    "diff_added": "green",
    "diff_removed": "red",
    "diff_hunk": "cyan",
}
# The same meanings in the HTML progress report.
HTML_COLOUR = {
    "passed": "#1a7f37",
    "failed": "#cf222e",
    "missing": "#8c959f",
    "bar": "#2da44e",
    "track": "#eaeef2",
    "text": "#1f2328",
    "muted": "#59636e",
}
BAR_WIDTH = 24


def mark(status: str) -> str:
    """A coloured symbol for a status, as rich markup."""
    return f"[{STYLE[status]}]{SYMBOL[status]}[/]"


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text progress bar, as rich markup."""
    filled = round(width * done / total) if total else 0
    return f"[green]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"
