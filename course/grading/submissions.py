"""Submissions: a folder holding starter_app/ (a few folders down is fine), a .zip of one,
a folder holding just such a .zip, or a git clone; each is copied into a private folder,
and only its starter_app/ and student_tests/ (no symlinks, no caches, within size limits).
"""

import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from course.grading.locate import MAX_DEPTH, app_roots_in_folder, app_roots_in_zip, is_noise
from course.paths import APP_PACKAGE, STUDENT_TESTS

# What a submission is graded on: its app, and its own tests when it has them.
GRADED_FOLDERS = (APP_PACKAGE, STUDENT_TESTS)

MAX_FILES = 2000
MAX_BYTES = 50 * 1024 * 1024
SKIPPED = {"__pycache__", ".pytest_cache", "instance", ".git"}


class Refused(Exception):
    """A submission that cannot be graded; the message says why and what to do."""


@dataclass
class Submission:
    student: str
    source: Path
    app_dir: Path | None = None  # the private copy: a folder holding starter_app/
    problem: str = ""


def prepare(source: Path, student: str, workdir: Path) -> Submission:
    """Copy a submission's app into workdir/student; a bad one gets a problem, not an error."""
    submission = Submission(student, source)
    destination = workdir / student
    try:
        if source.is_file() and source.suffix.lower() == ".zip":
            _extract_app(source, destination)
        elif source.is_dir():
            _copy_folder(source, destination)
        else:
            raise Refused(
                f"{source.name} is not a folder or a .zip: ask for a .zip of the folder "
                f"that holds {APP_PACKAGE}/."
            )
    except Refused as error:
        submission.problem = str(error)
        return submission
    submission.app_dir = destination
    return submission


def _copy_folder(folder: Path, destination: Path) -> None:
    """The folder's app; or, when it has none, the one .zip it holds (an upload kept as is)."""
    roots = app_roots_in_folder(folder)
    archive = _single_zip(folder)
    if archive and not roots:
        _extract_app(archive, destination)
        return
    advice = f"ask the student for the folder that holds {APP_PACKAGE}/"
    _copy_app(folder, folder / _only_one(roots, folder.resolve().name, advice), destination)


def _single_zip(folder: Path) -> Path | None:
    zips = [
        path
        for path in folder.iterdir()
        if path.suffix.lower() == ".zip"
        and not is_noise(path.name)
        and path.is_file()
        and not path.is_symlink()
    ]
    return zips[0] if len(zips) == 1 else None


def _only_one(roots: list, name: str, advice: str):
    """The one place starter_app/ is in; none, or two side by side, cannot be graded."""
    if not roots:
        raise Refused(
            f"No {APP_PACKAGE}/__init__.py in {name}, nor in its folders up to {MAX_DEPTH} "
            f"levels down: nothing to grade; {advice}."
        )
    if len(roots) > 1:
        places = ", ".join(f"{PurePosixPath(root) / APP_PACKAGE}/" for root in roots)
        raise Refused(
            f"{name} holds {len(roots)} {APP_PACKAGE}/ folders side by side ({places}), so "
            f"which one to grade is not clear: keep one and grade again."
        )
    return roots[0]


def _copy_app(folder: Path, root: Path, destination: Path) -> None:
    """Copy what is graded from root (the folder holding starter_app/, inside folder)."""
    graded = [root / name for name in GRADED_FOLDERS if (root / name).is_dir()]
    files = [
        path
        for top in graded
        if not top.is_symlink()
        for path in sorted(top.rglob("*"))
        if not SKIPPED.intersection(path.relative_to(root).parts)
    ]
    _check_size(len(files), sum(p.lstat().st_size for p in files if p.is_file()), folder)
    for path in files:
        if path.is_symlink():
            continue  # a link could point anywhere on the grader's machine
        target = destination / path.relative_to(root)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _check_size(count: int, size: int, source: Path) -> None:
    if count > MAX_FILES or size > MAX_BYTES:
        raise Refused(
            f"{source.name} is too big to grade ({count} files, {size // 1024} KiB; the limits "
            f"are {MAX_FILES} files and {MAX_BYTES // 1024 // 1024} MiB in {APP_PACKAGE}/)."
        )


def _extract_app(archive: Path, destination: Path) -> None:
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = [m for m in bundle.infolist() if not m.is_dir()]
            for member in members:
                _refuse_unsafe(member, archive)
            advice = f"zip the folder that holds {APP_PACKAGE}/"
            roots = app_roots_in_zip([m.filename for m in members])
            prefix = _only_one(roots, archive.name, advice)
            tops = tuple(f"{prefix}{name}/" for name in GRADED_FOLDERS)
            chosen = [m for m in members if m.filename.startswith(tops)]
            chosen = [m for m in chosen if not SKIPPED.intersection(m.filename.split("/"))]
            _check_size(len(chosen), sum(m.file_size for m in chosen), archive)
            for member in chosen:
                target = destination / member.filename[len(prefix) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(member) as data, target.open("wb") as out:
                    shutil.copyfileobj(data, out)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
        raise Refused(f"{archive.name} is not a readable zip file ({error}).") from None


def _refuse_unsafe(member: zipfile.ZipInfo, archive: Path) -> None:
    """No absolute paths, no '..', no links: nothing may land outside the private copy."""
    path = PurePosixPath(member.filename.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", member.filename):
        raise Refused(f"{archive.name} holds a path outside the archive: {member.filename}.")
    if stat.S_ISLNK(member.external_attr >> 16):
        raise Refused(f"{archive.name} holds a symbolic link ({member.filename}); zip real files.")
