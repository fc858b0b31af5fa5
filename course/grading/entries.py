"""What the command line names: each submission to grade, and a file-safe id for each."""

import re
import unicodedata
from pathlib import Path

from course.grading.locate import is_noise
from course.paths import APP_PACKAGE

GRADEBOOK = "gradebook.csv"  # its presence marks a folder as an earlier grade's results
# Characters in an id: at most 160 bytes in UTF-8, well under a folder name's 255.
MAX_ID = 40


def is_grade_output(folder: Path) -> bool:
    return (folder / GRADEBOOK).is_file()


def expand(paths: list[Path], out: Path | None = None) -> list[Path]:
    """Each path is a submission, or a folder of submissions (one per entry inside).

    Every entry but system leftovers is listed, files of any kind too: one that cannot be
    graded gets a row that says why, rather than vanishing from the gradebook. Results
    (the folder `out`, or one an earlier grade wrote) kept beside the submissions are no
    student's work, and are passed over.
    """
    found = []
    for path in paths:
        if path.is_dir() and not _looks_like_submission(path):
            inside = sorted(p for p in path.iterdir() if not _passed_over(p, out))
            found += inside or [path]
        else:
            found.append(path)
    return found


def _passed_over(entry: Path, out: Path | None) -> bool:
    results = is_grade_output(entry) or (out is not None and entry.resolve() == out.resolve())
    return is_noise(entry.name) or results


def _looks_like_submission(path: Path) -> bool:
    return (path / APP_PACKAGE).exists() or (path / ".git").exists()


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
