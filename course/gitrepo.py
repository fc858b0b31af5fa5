"""The few git operations the student-path commands need, each failing with one clear line."""

import os
import subprocess
from pathlib import Path

from course.errors import EXIT_SETUP, CourseError


def git(args: list[str], cwd: Path, env: dict | None = None, stdin: str | None = None) -> str:
    """Run git and return its output; a missing git or a failure is a CourseError."""
    try:
        finished = subprocess.run(
            ["git", "--no-optional-locks", *args],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            input=stdin,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        raise CourseError(
            "git is not installed (or not on PATH). Install it from https://git-scm.com "
            "and run the command again.",
            EXIT_SETUP,
        ) from None
    if finished.returncode:
        raise CourseError(f"git {args[0]} failed: {finished.stderr.strip()}", EXIT_SETUP)
    return finished.stdout


def optional(args: list[str], cwd: Path) -> str | None:
    """Git's answer, or None when git says no (not a repository, no such ref)."""
    try:
        return git(args, cwd).strip()
    except CourseError as error:
        if "not installed" in str(error):
            raise
        return None


def require_repo(folder: Path) -> Path:
    """The top of the git clone that holds `folder`, or one clear error."""
    top = optional(["rev-parse", "--show-toplevel"], folder)
    if not top:
        raise CourseError(
            f"{folder} is not a git repository, so there is nowhere to put branches. "
            "Clone the course with `git clone`, or run `git init` and commit once.",
            EXIT_SETUP,
        )
    return Path(top)


def has_uncommitted(folder: Path, path: str) -> bool:
    """Whether `path` has changes git has not committed (False outside git, or without git)."""
    try:
        return bool(optional(["status", "--porcelain", "--", path], folder))
    except CourseError:
        return False
