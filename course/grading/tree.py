"""The tests a batch grades with: read once from the kit when the batch starts.

The copy holds the kit's pytest settings, the graded tests of the chosen lessons, the
hidden tests under tests/hidden/ (deleted right after collection), and the plugin itself.
The fork server imports all of it before any submission runs, so a submission that rewrites
files on disk cannot change how the next one is tested.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from course.lessons import Lesson
from course.paths import KIT_ROOT

HIDDEN = "tests/hidden"
PLUGIN_FILES = ("__init__.py", "plugin.py", "recorder.py", "explain.py", "channel.py",
                "text.py", "hangs.py", "interrupts.py", "integrity.py", "zygote.py")  # fmt: skip


@dataclass(frozen=True)
class TestTree:
    files: dict[str, bytes]  # relative path -> content
    test_dirs: tuple[str, ...]  # what pytest runs, relative to the tree
    has_hidden: bool

    def write(self, root: Path) -> Path:
        """Write a fresh copy under root and return it."""
        for relative, content in self.files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return root


def _read_folder(folder: Path, prefix: str) -> dict[str, bytes]:
    return {
        f"{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def build_tree(lessons: list[Lesson], hidden_files: dict[str, bytes]) -> TestTree:
    """Capture the pristine tests of `lessons` (plus hidden ones) from the kit."""
    root = lessons[0].root
    tests = root / "tests"
    files = {"pyproject.toml": (root / "pyproject.toml").read_bytes()}
    for path in sorted(tests.iterdir()):
        if path.is_file():
            files[f"tests/{path.name}"] = path.read_bytes()
        elif not path.name.startswith("lesson") and path.name != "__pycache__":
            files.update(_read_folder(path, f"tests/{path.name}"))
    for lesson in lessons:
        files.update(_read_folder(lesson.tests_dir, f"tests/{lesson.tests_dir.name}"))
    chosen = {lesson.tests_dir.name for lesson in lessons}
    for relative, content in hidden_files.items():
        if relative.split("/")[0] in chosen:
            files[f"{HIDDEN}/{relative}"] = content
    for name in PLUGIN_FILES:
        files[f"course/{name}"] = (KIT_ROOT / "course" / name).read_bytes()
    test_dirs = tuple(f"tests/{lesson.tests_dir.name}" for lesson in lessons)
    has_hidden = any(name.startswith(HIDDEN) for name in files)
    return TestTree(files, test_dirs + ((HIDDEN,) if has_hidden else ()), has_hidden)


def hidden_sources(tree: TestTree) -> list[str]:
    """The hidden tests' source, to keep it out of anything students see."""
    return _texts(tree, lambda name: name.startswith(HIDDEN))


def visible_sources(tree: TestTree) -> list[str]:
    """The graded tests students have too (tests/ is in their copy): nothing there is secret."""
    return _texts(tree, lambda name: name.startswith("tests/") and not name.startswith(HIDDEN))


def _texts(tree: TestTree, wanted: Callable[[str], bool]) -> list[str]:
    return [content.decode("utf-8", "replace") for name, content in tree.files.items()
            if wanted(name)]  # fmt: skip
