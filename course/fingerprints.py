"""What a student copy knows of our finished lessons: fingerprints, never the code.

`start N` replaces a file only when the student's is still ours as lesson N-1 finished it,
which the kit tells by comparing with state(N-1), built from solutions/. A student copy has
no solutions/, so `export --student` writes, in each lesson's folder, the SHA-256 of the
files of state(N-1) that lesson N's scaffold replaces (the format of `sha256sum`). A hash
tells that two files are the same without telling what is in them.
"""

import tempfile
from pathlib import Path

from course.appfiles import digest
from course.compose import compose_state, overlay_files
from course.lessons import Course, Lesson

FILE_NAME = "finished-before.sha256"


def write_fingerprints(course: Course, copy_root: Path) -> None:
    """For each lesson N of the copy, the fingerprints of state(N-1)'s files that its
    scaffold hands over."""
    with tempfile.TemporaryDirectory(prefix="course-fingerprints-") as folder:
        for lesson in course.lessons[1:]:
            before = compose_state(course, lesson.number - 1, Path(folder) / lesson.label)
            _write(lesson, before, copy_root / lesson.folder.relative_to(course.root))


def _write(lesson: Lesson, state_before: Path, lesson_copy: Path) -> None:
    lines = [
        f"{digest(state_before / path)}  {path.as_posix()}\n"
        for path in overlay_files(lesson.scaffold_dir)
        if (state_before / path).is_file()
    ]
    (lesson_copy / FILE_NAME).write_text("".join(lines), encoding="utf-8")


def read_fingerprints(lesson: Lesson) -> dict[str, str]:
    """path -> SHA-256 of state(N-1)'s file, from the lesson's folder ({} when none)."""
    try:
        text = (lesson.folder / FILE_NAME).read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split("  ", 1) for line in text.splitlines() if "  " in line)
    return {path: value for value, path in pairs}
