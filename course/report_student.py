"""Render what the student-path commands did (files, backups, diffs, branches) for the terminal."""

from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from course.appfiles import Changes
from course.backups import Backup, how_to_restore
from course.branches import BranchReport
from course.catch_up import CatchUp
from course.project import Project
from course.scaffold import Outcome
from course.solution_diff import FileDiff
from course.theme import STYLE, mark

START_WORDS = {
    "added": "added",
    "replaced": "replaced (you had not changed it)",
    "kept": "already there",
    "conflict": "you changed it, so it was left as you wrote it",
}
RESET_WORDS = {
    "added": "put back (it was missing)",
    "replaced": "replaced by the lesson's version",
    "kept": "already the lesson's version",
}


def render_start(out: Console, project: Project, outcome: Outcome) -> None:
    """What `start` copied, what it left alone and where the TODOs are."""
    lesson = outcome.lesson
    out.print(f"[{STYLE['heading']}]Lesson {lesson.label} · {escape(lesson.title)}[/]")
    _render_plans(out, outcome, START_WORDS)
    for plan in outcome.having("conflict"):
        where = plan.ours.relative_to(project.root).as_posix()
        out.print(
            f"\n  {mark('conflict')} {plan.path.as_posix()}: the TODOs of this lesson are in "
            f"{where}. To take that file instead of yours (after a backup): "
            f"python -m course reset {lesson.number} {plan.path.as_posix()}"
        )
    _render_backup(out, outcome.backup)
    readme = lesson.readme.relative_to(project.root).as_posix()
    out.print(f"\nNext: read {readme}, then run `python -m course check {lesson.number}`.")


def render_reset(out: Console, outcome: Outcome) -> None:
    """What `reset` put back, and the backup it made first."""
    lesson = outcome.lesson
    out.print(f"[{STYLE['heading']}]Lesson {lesson.label}: its files reset[/]")
    _render_plans(out, outcome, RESET_WORDS)
    if outcome.writes:
        _render_backup(out, outcome.backup)
    else:
        out.print("\nNothing changed, so no backup was made.")


def _render_plans(out: Console, outcome: Outcome, words: dict[str, str]) -> None:
    for plan in outcome.plans:
        out.print(f"  {mark(plan.action)} {plan.path.as_posix()}  {words[plan.action]}")


def _render_backup(out: Console, backup: Backup | None) -> None:
    if backup:
        out.print(f"\nBackup made first: {backup.name}. {how_to_restore(backup)}")


def files_changed(changes: Changes) -> str:
    """The count as words: "1 file changed", "3 files changed"."""
    return f"{changes.count} file{'' if changes.count == 1 else 's'} changed"


def render_changes(out: Console, changes: Changes) -> None:
    """One line per file a catch-up or a restore replaced, added or removed."""
    for action in ("replaced", "added", "removed"):
        for path in getattr(changes, action):
            out.print(f"  {mark(action)} {path.as_posix()}  {action}")


def render_catch_up(out: Console, done: CatchUp) -> None:
    """Where the app now stands, what changed, and how to undo it."""
    lesson = done.lesson
    if done.already_there:
        out.print(
            f"{mark('kept')} starter_app/ is already exactly at the start of lesson "
            f"{lesson.label} · {escape(lesson.title)}: nothing changed, no backup made."
        )
        out.print(f"Next: `python -m course check {lesson.number}` shows what it asks.")
        return
    out.print(
        f"[{STYLE['heading']}]starter_app/ is now at the start of lesson {lesson.label} · "
        f"{escape(lesson.title)}[/] ({files_changed(done.changes)})"
    )
    render_changes(out, done.changes)
    if done.uncommitted:
        out.print(
            "\n  starter_app/ had changes you had not committed to git; they are in the backup."
        )
    out.print(f"\n{how_to_restore(done.backup)}")
    out.print(
        f"Next: `python -m course check {lesson.number}` shows what lesson {lesson.label} asks."
    )


def render_restore(out: Console, backup: Backup, changes: Changes, safety: Backup | None) -> None:
    """What a restore changed, and how to undo it."""
    out.print(f"[{STYLE['heading']}]Restored {backup.name}[/] ({files_changed(changes)})")
    render_changes(out, changes)
    if safety:
        out.print(
            f"\nThe app as it was just before is in backup {safety.name} "
            f"(`python -m course restore {safety.name}` to undo)."
        )


# Room the Made, Why and Files columns need next to the names; a narrower terminal gets one
# line per backup instead of a table.
TABLE_ROOM = 40


def render_backups(out: Console, backups: list[Backup]) -> None:
    """The backups, oldest first, and how to restore one. Names are never cut: they are
    what `restore` takes."""
    if not backups:
        out.print(
            "No backups yet. catch-up, reset, restore and start make one before they change files."
        )
        return
    widest = max(len(backup.name) for backup in backups)
    if out.width >= widest + TABLE_ROOM:
        out.print(_backups_table(backups, widest))
    else:
        out.print("Backups of starter_app/ (newest last):")
        for backup in backups:
            # soft_wrap: a line longer than the terminal wraps there, never cut or split.
            out.print(f"  {backup.name}  {_made(backup)}", soft_wrap=True, highlight=False)
    out.print(
        "\nBring one back with `python -m course restore NAME` (your app is backed up first)."
    )


def _backups_table(backups: list[Backup], widest: int) -> Table:
    table = Table(
        title="Backups of starter_app/ (newest last)", title_justify="left", show_edge=False
    )
    table.add_column("Name", no_wrap=True, min_width=widest)
    for column in ("Made", "Why", "Files"):
        table.add_column(column, overflow="fold")
    for backup in backups:
        table.add_row(backup.name, _made(backup), backup.reason, str(len(backup.files)))
    return table


def _made(backup: Backup) -> str:
    return datetime.fromisoformat(backup.created).strftime("%Y-%m-%d %H:%M:%S")


def render_diffs(out: Console, diffs: list[FileDiff]) -> None:
    """Each file's diff, yours to ours, coloured line by line."""
    styles = {"+": STYLE["diff_added"], "-": STYLE["diff_removed"], "@": STYLE["diff_hunk"]}
    for diff in diffs:
        name = diff.path.as_posix()
        if not diff.lines:
            out.print(f"{mark('kept')} {name} is the same as ours")
            continue
        note = " (you have no such file)" if diff.missing else ""
        out.print(f"\n[{STYLE['heading']}]{name}[/]{note}")
        for line in diff.lines[2:]:  # the two header lines only repeat the name
            out.print(Text(line, style=styles.get(line[:1], "")), soft_wrap=True)
    out.print(f"\n[{STYLE['muted']}]Lines with - are yours, lines with + are ours.[/]")


def render_branches(out: Console, made: BranchReport) -> None:
    """Each lesson branch and what happened to it."""
    for name, action in made.made:
        status = "kept" if action == "unchanged" else "added"
        out.print(f"  {mark(status)} {name}  {action}")
    first, second = made.made[0][0], made.made[min(1, len(made.made) - 1)][0]
    out.print(f"\nSee what one lesson changes: git diff {first} {second}")
    kept = " and your uncommitted changes" if made.uncommitted else ""
    out.print(f"Your branch {made.current}, its index, your files{kept} were left as they are.")
