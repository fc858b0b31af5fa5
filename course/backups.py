"""Backups of the student's app, made before any command replaces files; listed and restored."""

import contextlib
import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from course.appfiles import TEMPORARY_SUFFIX, Changes, app_files, digest, sync_app
from course.errors import EXIT_INTERRUPTED, EXIT_SETUP, EXIT_USAGE, CourseError
from course.project import Project

MANIFEST = "manifest.json"
PARTIAL = ".partial-"  # a backup still being written; never listed, never restored


@dataclass(frozen=True)
class Backup:
    folder: Path
    created: str  # ISO 8601, local time with offset
    reason: str
    files: dict[str, str]  # starter_app/... path -> sha256 of its bytes

    @property
    def name(self) -> str:
        return self.folder.name


def create_backup(project: Project, reason: str) -> Backup | None:
    """Copy the whole app into a new backup folder; None when there is no app to save."""
    if not project.app.is_dir():
        return None
    now = datetime.now().astimezone()
    name = _free_name(project.backups_dir, f"{now:%Y%m%d-%H%M%S}-{reason}")
    partial = project.backups_dir / f"{PARTIAL}{name}"
    try:
        files = {
            path.as_posix(): _copy(project.root / path, partial / path)
            for path in app_files(project.root)
        }
        manifest = {"created": now.isoformat(), "reason": reason, "files": files}
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial.rename(project.backups_dir / name)  # the backup appears whole, or not at all
    except KeyboardInterrupt:
        shutil.rmtree(partial, ignore_errors=True)
        raise CourseError(
            "Interrupted while backing up: nothing in starter_app/ was changed.", EXIT_INTERRUPTED
        ) from None
    except OSError as error:
        shutil.rmtree(partial, ignore_errors=True)
        raise CourseError(
            f"Could not back up starter_app/ ({error}); nothing was changed. "
            f"Check that {project.backups_dir} can be written to.",
            EXIT_SETUP,
        ) from None
    return Backup(project.backups_dir / name, now.isoformat(), reason, files)


def _copy(source: Path, target: Path) -> str:
    data = source.read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    shutil.copymode(source, target)
    return hashlib.sha256(data).hexdigest()


def _free_name(folder: Path, name: str) -> str:
    candidate, count = name, 1
    while (folder / candidate).exists():
        count += 1
        candidate = f"{name}-{count}"
    return candidate


def list_backups(project: Project) -> list[Backup]:
    """Every complete backup, oldest first."""
    if not project.backups_dir.is_dir():
        return []
    found = (_load(folder) for folder in project.backups_dir.iterdir() if folder.is_dir())
    return sorted((b for b in found if b), key=lambda backup: (backup.created, backup.name))


def _load(folder: Path) -> Backup | None:
    if folder.name.startswith("."):
        return None
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return Backup(folder, data["created"], data["reason"], dict(data["files"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not a backup this tool wrote


def find_backup(project: Project, name: str | None) -> Backup:
    """The backup with this name (or a unique start of it); the latest when no name is given."""
    backups = list_backups(project)
    if not backups:
        raise CourseError("There are no backups yet: nothing to restore.", EXIT_USAGE)
    if name is None:
        return backups[-1]
    matches = [b for b in backups if b.name == name] or [
        b for b in backups if b.name.startswith(name)
    ]
    if len(matches) != 1:
        problem = "matches several backups" if matches else "is not a backup"
        raise CourseError(f"'{name}' {problem}. `python -m course backups` lists them.")
    return matches[0]


def restore_backup(project: Project, backup: Backup) -> tuple[Changes, Backup | None]:
    """Set the app to the backup's files, after backing up the app as it is now."""
    with backed_up(project, "before-restore") as safety:
        changes = sync_app(backup.folder, project.root)
    for path, saved in backup.files.items():
        if digest(project.root / path) != saved:
            raise CourseError(f"{path} in backup {backup.name} is damaged; it was restored as is.")
    return changes, safety


def how_to_restore(backup: Backup | None) -> str:
    """The sentence that tells the student how to get their app back."""
    if backup is None:
        return "There was no starter_app/ to back up, so nothing of yours was lost."
    return f"Your app as it was is saved: `python -m course restore {backup.name}` brings it back."


@contextmanager
def backed_up(project: Project, reason: str) -> Iterator[Backup | None]:
    """Back up the app, then run the block. When the block cannot finish (a file that
    cannot be written, or Ctrl+C), every file already changed is put back from the backup,
    which is then removed: a half-changed app may not even load."""
    backup = create_backup(project, reason)
    try:
        yield backup
    except KeyboardInterrupt:
        raise CourseError(_undo_after_interrupt(project, backup), EXIT_INTERRUPTED) from None
    except OSError as error:
        raise CourseError(_undo_after(project, backup, error), EXIT_SETUP) from None


def _undo_after_interrupt(project: Project, backup: Backup | None) -> str:
    """Put the app back after Ctrl+C; the sentence that says what happened."""
    if backup is None:
        return f"Interrupted. {how_to_restore(backup)} Run the command again to finish it."
    problem = _put_back(project, backup)
    if problem:
        return f"Interrupted, and {problem}. {how_to_restore(backup)}"
    return (
        "Interrupted before the end, so every file already changed was put back: "
        "your app is as it was before this command."
    )


def _undo_after(project: Project, backup: Backup | None, error: OSError) -> str:
    """Put the app back after a file could not be written; the sentence that says what
    happened."""
    failed = f"Could not change {_file_named(error, project.root)} ({error.strerror or error})"
    advice = "check that you can write to it (its permissions, the free disk space), then run "
    if backup is None:
        return f"{failed}: {advice}the command again. {how_to_restore(backup)}"
    problem = _put_back(project, backup)
    if problem:
        return f"{failed}, and {problem}. {how_to_restore(backup)}"
    return (
        f"{failed}, so every file already changed was put back: your app is as it was. "
        f"To go on, {advice}the command again."
    )


def _put_back(project: Project, backup: Backup) -> str:
    """Set the app to the backup's files, then remove the backup; '' when that worked, else
    what went wrong (and the backup is kept, the only whole copy of the app)."""
    try:
        sync_app(backup.folder, project.root)
    except KeyboardInterrupt:  # Ctrl+C pressed again: stop, and keep the backup
        return "putting the files back was interrupted"
    except OSError as error:
        return (
            f"putting back the files already changed failed too "
            f"({_file_named(error, project.root)}: {error.strerror or error})"
        )
    # The app is that backup again: kept, it would only become the latest one `restore` takes.
    with contextlib.suppress(KeyboardInterrupt):  # the app is whole: a spare backup is harmless
        _discard(backup)
    return ""


def _discard(backup: Backup) -> None:
    """Remove a backup: unlisted at once (named as a partial one), then deleted."""
    hidden = backup.folder.with_name(f"{PARTIAL}{backup.name}")
    try:
        backup.folder.rename(hidden)
    except OSError:
        return  # a backup too many does no harm
    shutil.rmtree(hidden, ignore_errors=True)


def _file_named(error: OSError, root: Path) -> str:
    """The file an error is about, as the student knows it: the target of a rename, and
    never the temporary file written next to it."""
    name = error.filename2 or error.filename
    if not name:
        return "a file"
    path = Path(name)
    if path.name.startswith(".") and path.name.endswith(TEMPORARY_SUFFIX):
        path = path.with_name(path.name[1 : -len(TEMPORARY_SUFFIX)])
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
