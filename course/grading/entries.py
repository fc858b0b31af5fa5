"""What the command line names: each submission to grade, and a file-safe id for each."""

import os
import re
import unicodedata
from pathlib import Path

from course.grading.locate import app_roots_in_folder, is_noise
from course.paths import APP_PACKAGE

GRADEBOOK = "gradebook.csv"  # with no student's work beside it: an earlier grade's results
# Characters in an id: at most 160 bytes in UTF-8, well under a folder name's 255.
MAX_ID = 40
# What a student hands in as one file. Beside a folder holding starter_app/, one of these
# is another student's entry; any other file there (NOTES.txt) is that student's.
ARCHIVES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".rar", ".7z")


def is_grade_output(folder: Path) -> bool:
    """An earlier grade's results: a gradebook.csv, and no student's work anywhere inside."""
    return (folder / GRADEBOOK).is_file() and not _holds_work_anywhere(folder)


def _holds_work_anywhere(folder: Path) -> bool:
    # A student who graded their own work keeps its gradebook.csv beside the app; the grader
    # itself never writes a starter_app/ or a .zip, so either one means a submission.
    for _, folders, files in os.walk(folder):
        if APP_PACKAGE in folders or any(name.lower().endswith(".zip") for name in files):
            return True
    return False


def expand(paths: list[Path], out: Path | None = None) -> list[Path]:
    """Each path is a submission, or a folder of submissions (one per entry inside).

    Every entry but system leftovers is listed, files of any kind too: one that cannot be
    graded gets a row that says why, rather than vanishing from the gradebook. Results
    (the folder `out`, or one an earlier grade wrote) kept beside the submissions are no
    student's work, and are passed over.
    """
    found = []
    for path in paths:
        if path.is_dir() and not _is_one_submission(path, out):
            found += _entries(path, out) or [path]
        else:
            found.append(path)
    return found


def _entries(folder: Path, out: Path | None) -> list[Path]:
    return sorted(entry for entry in folder.iterdir() if not _passed_over(entry, out))


def _passed_over(entry: Path, out: Path | None) -> bool:
    results = is_grade_output(entry) or (out is not None and entry.resolve() == out.resolve())
    return is_noise(entry.name) or results


def _is_one_submission(folder: Path, out: Path | None) -> bool:
    """One student's work, rather than a folder of submissions (one per entry)."""
    if (folder / APP_PACKAGE).exists():
        return True
    entries = _entries(folder, out)
    # Two entries holding work make a class folder, even under git (`git init` in it).
    if sum(1 for entry in entries if _holds_submission(entry)) >= 2:
        return False
    if (folder / ".git").exists():
        return True  # a clone whose app was moved or deleted: a row that says so
    # A zip unpacked with its top folder (Alice/Bookshelf-main/starter_app/), notes beside
    # it. Without the notes it reads as a class of one (class/bob/starter_app/): bob's row.
    handed_in = [entry for entry in entries if entry.is_dir() or _is_archive(entry)]
    notes = len(entries) > len(handed_in)
    return notes and len(handed_in) == 1 and (handed_in[0] / APP_PACKAGE).is_dir()


def _holds_submission(entry: Path) -> bool:
    if entry.is_dir():
        return bool(app_roots_in_folder(entry))
    return entry.name.lower().endswith(".zip")


def _is_archive(entry: Path) -> bool:
    return entry.is_file() and entry.name.lower().endswith(ARCHIVES)


def student_ids(paths: list[Path]) -> list[str]:
    """A file-safe id per submission (its folder or zip name), unique within the batch."""
    ids: list[str] = []
    taken: set[str] = set()
    for path in paths:
        base, number = _safe_name(path.name), 2
        candidate = base
        # Unique whatever the case: on macOS and Windows, Bob/ and bob/ are one folder.
        while candidate.casefold() in taken:
            candidate, number = f"{base}-{number}", number + 1
        ids.append(candidate)
        taken.add(candidate.casefold())
    return ids


def _safe_name(name: str) -> str:
    """Letters and digits of any script kept (José, 王小明); no separators, no leading dot."""
    # NFC: macOS hands names over decomposed (e + a combining accent), which \w splits.
    name = re.sub(r"\.zip$", "", unicodedata.normalize("NFC", name), flags=re.IGNORECASE)
    return re.sub(r"[^\w.-]+", "_", name)[:MAX_ID].strip("._-") or "submission"
