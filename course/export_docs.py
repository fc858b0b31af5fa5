"""The student copy's README.md, Makefile and lesson READMEs: the kit's own, without the
instructor's parts.

The instructor-only parts are marked where they are written, so one README (or lesson
README) and one Makefile serve both copies and cannot drift apart: a line that starts with
`<!-- instructor-only` (a README) or `# instructor-only` (Makefile) opens a part, and
`<!-- /instructor-only -->` or `# /instructor-only` closes it. Both lines go too.
"""

from pathlib import Path

# File name -> (what opens a part, what closes it), each at the start of a line.
MARKED = {
    "README.md": ("<!-- instructor-only", "<!-- /instructor-only"),
    "Makefile": ("# instructor-only", "# /instructor-only"),
}


def without_instructor_parts(text: str, opens: str, closes: str) -> str:
    """`text` without its marked parts; a part left open runs to the end."""
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(opens):
            inside = True
        elif line.startswith(closes):
            inside = False
        elif not inside:
            kept.append(line)
    return "".join(kept).rstrip("\n") + "\n"


def strip_instructor_parts(copy: Path) -> None:
    """Rewrite the copy's README.md, Makefile and lesson READMEs so they only speak of what
    it holds (a lesson's README may name the commands that read solutions/, say)."""
    for path in [copy / name for name in MARKED] + sorted(copy.glob("lessons/*/README.md")):
        if path.is_file():
            opens, closes = MARKED[path.name]
            text = path.read_text(encoding="utf-8")
            path.write_text(without_instructor_parts(text, opens, closes), encoding="utf-8")
