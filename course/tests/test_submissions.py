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


def test_a_zip_brings_its_app_and_its_own_tests(tmp_path):
    source = _submission(tmp_path / "grace")
    archive = tmp_path / "grace.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in source.rglob("*"):
            if path.is_file():
                bundle.write(path, "grace/" + path.relative_to(source).as_posix())
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
