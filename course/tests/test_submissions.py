"""What the grader copies from a submission: the app and the student's own tests, nothing else."""

import unicodedata
from pathlib import Path

import pytest

from course.grading.entries import expand, student_ids
from course.grading.submissions import prepare
from course.tests.hostile import zip_folder


def _submission(folder):
    (folder / "starter_app").mkdir(parents=True)
    (folder / "starter_app" / "__init__.py").write_text("def create_app(config=None): ...\n")
    (folder / "student_tests").mkdir()
    (folder / "student_tests" / "test_mine.py").write_text("def test_one():\n    pass\n")
    (folder / "tests").mkdir()
    (folder / "tests" / "conftest.py").write_text("raise SystemExit\n")
    return folder


def _copied(submission) -> set[str]:
    root = submission.app_dir
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_a_folder_brings_its_app_and_its_own_tests(tmp_path):
    source = _submission(tmp_path / "ada")
    submission = prepare(source, "ada", tmp_path / "work")
    assert not submission.problem
    assert _copied(submission) == {"starter_app/__init__.py", "student_tests/test_mine.py"}


def test_a_zip_brings_its_app_and_its_own_tests(tmp_path):
    archive = zip_folder(_submission(tmp_path / "grace"), tmp_path / "grace.zip", "grace/")
    submission = prepare(archive, "grace", tmp_path / "work")
    assert not submission.problem
    assert _copied(submission) == {"starter_app/__init__.py", "student_tests/test_mine.py"}


def test_a_student_tests_link_is_not_followed(tmp_path):
    source = _submission(tmp_path / "mallory")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("SECRET = 1\n")
    (source / "student_tests" / "test_mine.py").unlink()
    (source / "student_tests").rmdir()
    (source / "student_tests").symlink_to(outside)
    submission = prepare(source, "mallory", tmp_path / "work")
    assert _copied(submission) == {"starter_app/__init__.py"}


def test_a_folder_wrapped_in_another_brings_its_app(tmp_path):
    """What a learning platform gives after extracting a zip that has a top folder."""
    _submission(tmp_path / "bob" / "Bookshelf-main")
    for noise in ("__MACOSX", ".old"):  # beside it, at the same level: not a second app
        _submission(tmp_path / "bob" / noise)
    submission = prepare(tmp_path / "bob", "bob", tmp_path / "work")
    assert not submission.problem
    assert _copied(submission) == {"starter_app/__init__.py", "student_tests/test_mine.py"}


def test_a_folder_holding_one_zip_is_that_zip(tmp_path):
    archive = tmp_path / "carl" / "withTop.zip"
    zip_folder(_submission(tmp_path / "work-of-carl"), archive, "withTop/")
    submission = prepare(tmp_path / "carl", "carl", tmp_path / "work")
    assert not submission.problem
    assert _copied(submission) == {"starter_app/__init__.py", "student_tests/test_mine.py"}


def test_two_apps_side_by_side_are_a_problem_not_a_guess(tmp_path):
    for version in ("v1", "v2"):
        _submission(tmp_path / "dana" / version)
    zip_folder(tmp_path / "dana", tmp_path / "dana.zip", "")
    for source in (tmp_path / "dana", tmp_path / "dana.zip"):
        submission = prepare(source, "dana", tmp_path / "work")
        assert "v1/starter_app/, v2/starter_app/" in submission.problem
        assert "keep one and grade again" in submission.problem


def test_an_app_too_deep_is_not_searched_for(tmp_path):
    _submission(tmp_path / "erin" / "a" / "b" / "c" / "d")
    submission = prepare(tmp_path / "erin", "erin", tmp_path / "work")
    assert "No starter_app/__init__.py in erin, nor in its folders" in submission.problem


def test_every_entry_but_system_leftovers_is_a_submission(tmp_path):
    """A .ZIP is a zip, and a .tar.gz gets a row saying why it was not graded."""
    folder = tmp_path / "class"
    zip_folder(_submission(tmp_path / "frank"), folder / "frank.ZIP", "frank/")
    for name in ("gina.tar.gz", ".DS_Store", "Thumbs.db"):
        (folder / name).write_text("")
    (folder / "__MACOSX").mkdir()
    found = expand([folder])
    assert [path.name for path in found] == ["frank.ZIP", "gina.tar.gz"]
    frank, gina = (prepare(path, path.stem, tmp_path / "work") for path in found)
    assert not frank.problem and "starter_app/__init__.py" in _copied(frank)
    assert gina.problem.startswith("gina.tar.gz is not a folder or a .zip: ask for a .zip")


def test_a_student_who_graded_their_own_work_is_still_graded(tmp_path):
    """A gradebook.csv beside an app is the student's; only results with no app are passed over."""
    folder = tmp_path / "class"
    _submission(folder / "ada")
    _submission(folder / "bob" / "Bookshelf-main")
    for student in ("ada", "bob"):
        (folder / student / "gradebook.csv").write_text("student,total\n")
    (folder / "old-grades" / "students" / "ada").mkdir(parents=True)
    (folder / "old-grades" / "gradebook.csv").write_text("student,total\n")
    assert [path.name for path in expand([folder])] == ["ada", "bob"]


def test_a_class_folder_under_git_is_still_a_class(tmp_path):
    """After `git init` in the class folder, each student is still a row of their own."""
    folder = tmp_path / "class"
    for student in ("ada", "grace"):
        _submission(folder / student)
    (folder / ".git").mkdir()
    assert [path.name for path in expand([folder])] == ["ada", "grace"]
    clone = tmp_path / "clone"  # a student's clone with its app deleted: one row that says so
    (clone / ".git").mkdir(parents=True)
    (clone / "lessons").mkdir()
    assert expand([clone]) == [clone]


def test_an_app_unpacked_with_its_top_folder_and_notes_beside_it_is_one_submission(tmp_path):
    """Gradescope's submission folder: Alice/Bookshelf-main/starter_app/ and Alice/NOTES.txt."""
    alice = tmp_path / "Alice"
    _submission(alice / "Bookshelf-main")
    (alice / "NOTES.txt").write_text("I did the extra step\n")
    assert expand([alice]) == [alice]
    folder = tmp_path / "class"  # beside another student's entry, it stays a class folder
    _submission(folder / "ada")
    (folder / "gina.tar.gz").write_text("")
    assert [path.name for path in expand([folder])] == ["ada", "gina.tar.gz"]


@pytest.mark.parametrize(
    ("names", "ids"),
    [(["王小明", "José García.zip", "Zoë"], ["王小明", "José_García", "Zoë"]),
     (["héctor ñ", "héctor ü"], ["héctor_ñ", "héctor_ü"]),
     (["Zoë", unicodedata.normalize("NFD", "Zoë")], ["Zoë", "Zoë-2"]),
     (["Bob", "bob", "frank.ZIP"], ["Bob", "bob-2", "frank"]),
     (["..", ".hidden", "-rf", "x" * 300], ["submission", "hidden", "rf", "x" * 40])],
)  # fmt: skip
def test_student_ids_keep_every_script_and_stay_safe_folder_names(names, ids):
    assert student_ids([Path(name) for name in names]) == ids


def test_a_class_folder_of_one_student_gives_the_students_row(tmp_path):
    """class/bob/starter_app/ with nothing beside bob/: bob's row, not class's."""
    (tmp_path / "class" / "bob" / "starter_app").mkdir(parents=True)
    assert expand([tmp_path / "class"]) == [tmp_path / "class" / "bob"]
