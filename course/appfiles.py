"""The student's app as files: listed, compared, copied without ever leaving half a file."""

import filecmp
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from course.compose import overlay_files
from course.errors import CourseError
from course.paths import APP_PACKAGE, STUDENT_TESTS

# The student's work: the app, and from lesson 12 their own tests. Backups, catch-up,
# restore and the lesson branches all handle both folders.
WORK_FOLDERS = (APP_PACKAGE, STUDENT_TESTS)

TEMPORARY_SUFFIX = ".course-tmp"


@dataclass
class Changes:
    added: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.replaced) + len(self.removed)


def app_files(root: Path) -> list[Path]:
    """The student's files under a course-like folder, as starter_app/... and
    student_tests/... paths (no caches)."""
    return [
        Path(folder) / relative
        for folder in WORK_FOLDERS
        for relative in overlay_files(root / folder)
    ]


def same_bytes(first: Path, second: Path) -> bool:
    """Whether both files exist and hold the same bytes."""
    return first.is_file() and second.is_file() and filecmp.cmp(first, second, shallow=False)


def digest(path: Path) -> str:
    """The SHA-256 of the file's bytes, in hex (as `sha256sum` writes it)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_atomic(source: Path, target: Path) -> None:
    """Copy a file so that the target is always either the old or the new file, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}{TEMPORARY_SUFFIX}")
    try:
        shutil.copyfile(source, temporary)
        shutil.copymode(source, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def compare_app(source_root: Path, project_root: Path) -> Changes:
    """What sync_app would change in project_root, without changing anything."""
    wanted, present = app_files(source_root), set(app_files(project_root))
    changes = Changes(removed=sorted(present - set(wanted)))
    for relative in wanted:
        target = project_root / relative
        if not same_bytes(source_root / relative, target):
            (changes.replaced if target.exists() else changes.added).append(relative)
    return changes


def sync_app(source_root: Path, project_root: Path) -> Changes:
    """Make project_root's work folders hold exactly source_root's files (instance/ is kept)."""
    return apply_changes(source_root, project_root, compare_app(source_root, project_root))


def apply_changes(source_root: Path, project_root: Path, changes: Changes) -> Changes:
    """Carry out what compare_app found; return it."""
    for relative in changes.replaced + changes.added:
        copy_atomic(source_root / relative, project_root / relative)
    for relative in changes.removed:
        (project_root / relative).unlink()
    for folder in WORK_FOLDERS:
        _remove_empty_folders(project_root / folder)
    return changes


def _remove_empty_folders(top: Path) -> None:
    """Remove the empty folders under `top`, and `top` too when it is not the app's."""
    for folder, _, _ in sorted(os.walk(top), key=lambda entry: -len(entry[0])):
        path = Path(folder)
        if (path != top or top.name != APP_PACKAGE) and not any(path.iterdir()):
            path.rmdir()


def pick_file(choices: list[Path], text: str, root: Path) -> Path:
    """The app file a student named (pages.py, starter_app/pages.py or a full path)."""
    path = Path(text)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(root)
        except ValueError:
            path = Path(path.name)
    if path.parts[:1] != (APP_PACKAGE,):
        path = Path(APP_PACKAGE) / path
    if path not in choices:
        listed = ", ".join(choice.as_posix() for choice in choices) or "none"
        raise CourseError(f"{text} is not one of this lesson's files. They are: {listed}.")
    return path
