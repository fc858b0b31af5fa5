"""What the grader copies from a submission: the app and the student's own tests, nothing else."""

import zipfile

from course.grading.submissions import prepare


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


def _zip(source, archive, top: str):
    """Zip source's files under the folder name top ('' for none)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in source.rglob("*"):
            if path.is_file():
                bundle.write(path, top + path.relative_to(source).as_posix())
    return archive


def test_a_zip_brings_its_app_and_its_own_tests(tmp_path):
    archive = _zip(_submission(tmp_path / "grace"), tmp_path / "grace.zip", "grace/")
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
    _zip(_submission(tmp_path / "work-of-carl"), tmp_path / "carl" / "withTop.zip", "withTop/")
    submission = prepare(tmp_path / "carl", "carl", tmp_path / "work")
    assert not submission.problem
    assert _copied(submission) == {"starter_app/__init__.py", "student_tests/test_mine.py"}


def test_two_apps_side_by_side_are_a_problem_not_a_guess(tmp_path):
    for version in ("v1", "v2"):
        _submission(tmp_path / "dana" / version)
    _zip(tmp_path / "dana", tmp_path / "dana.zip", "")
    for source in (tmp_path / "dana", tmp_path / "dana.zip"):
        submission = prepare(source, "dana", tmp_path / "work")
        assert "v1/starter_app/, v2/starter_app/" in submission.problem
        assert "keep one and grade again" in submission.problem


def test_an_app_too_deep_is_not_searched_for(tmp_path):
    _submission(tmp_path / "erin" / "a" / "b" / "c" / "d")
    submission = prepare(tmp_path / "erin", "erin", tmp_path / "work")
    assert "No starter_app/__init__.py in erin, nor in its folders" in submission.problem
