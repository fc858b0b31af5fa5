"""Progress: saved in a git-ignored file, shown by `status` and, as one page, `status --html`."""

import re
import subprocess
from datetime import datetime, timezone

from course.paths import KIT_ROOT
from course.progress import Progress
from course.progress_html import write_report


def test_status_html_writes_one_self_contained_page(course_cli, state, tmp_path, course):
    course_cli("hint", "1", "2")
    page = tmp_path / "report" / "progress.html"
    result = course_cli("status", "--app-dir", str(state(1)), "--html", str(page))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Progress report written to {page}" in result.stdout.replace("\n", "")
    html = page.read_text(encoding="utf-8")
    assert "<style>" in html and not re.search(r"<script|<link|https?://", html)
    for lesson in course.lessons:
        assert lesson.title in html
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert html.count(f"<td>{today}") == len(course.get(0).steps) + len(course.get(1).steps)
    assert "<td>1 of 3</td>" in html  # the hint asked for lesson 01, step 2


def test_a_lesson_never_checked_says_so(tmp_path, course):
    page = write_report(tmp_path / "progress.html", course, Progress(tmp_path / "none.json"))
    html = page.read_text(encoding="utf-8")
    assert "0 of" in html and "not checked yet" in html and "last checked never" in html


def test_the_progress_file_is_ignored_by_git():
    ignored = subprocess.run(
        ["git", "check-ignore", ".course/progress.json", ".course/backups/x/manifest.json"],
        cwd=KIT_ROOT,
        capture_output=True,
        text=True,
    )
    assert len(ignored.stdout.splitlines()) == 2
