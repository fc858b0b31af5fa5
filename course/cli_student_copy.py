"""The tool in a student copy (`course export --student`), which has no solutions/.

The commands that read the solutions refuse there in one line and change nothing, and
`--help` leaves them out: a student sees only the commands that work in their copy.
"""

import functools

import click

from course.compose import has_solutions, require_solutions
from course.lessons import Course

NEEDS_SOLUTIONS = ("solution", "catch-up", "branches", "verify", "new-lesson", "export")


def fit_to_this_copy(cli: click.Group, course: Course) -> None:
    """In a copy without solutions/, hide and guard the commands that need them."""
    if has_solutions(course.root):
        return
    for name in NEEDS_SOLUTIONS:
        command = cli.commands[name]
        command.hidden = True
        command.callback = _refusing_first(command.callback, course)


def _refusing_first(callback, course: Course):
    @functools.wraps(callback)
    def guarded(*args, **kwargs):
        require_solutions(course)  # before anything is read or written
        return callback(*args, **kwargs)

    return guarded
