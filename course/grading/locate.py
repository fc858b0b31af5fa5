"""Where the app is inside a submission: the shallowest folder holding starter_app/__init__.py.

Learning platforms wrap the work in a folder or two when they extract a zip
(bob/Bookshelf-main/starter_app/), so the grader looks a few folders down, in a folder
as in a zip, and skips what operating systems add (__MACOSX/, .DS_Store, hidden folders).
"""

from pathlib import Path, PurePosixPath

from course.paths import APP_PACKAGE

MAX_DEPTH = 3  # folders between the submission and its starter_app/
NOISE = {"__MACOSX", "__pycache__", "node_modules", "Thumbs.db", "desktop.ini"}


def is_noise(name: str) -> bool:
    """Files and folders no student hands in on purpose: hidden ones and system leftovers."""
    return name.startswith(".") or name in NOISE


def app_roots_in_folder(folder: Path) -> list[PurePosixPath]:
    """The shallowest folders (relative to folder) that hold starter_app/__init__.py."""
    level = [PurePosixPath()]
    for _ in range(MAX_DEPTH + 1):
        found = [path for path in level if _holds_app(folder / path)]
        if found:
            return found
        level = [path / child.name for path in level for child in _subfolders(folder / path)]
    return []


def _holds_app(folder: Path) -> bool:
    app = folder / APP_PACKAGE
    return not app.is_symlink() and (app / "__init__.py").is_file()


def _subfolders(folder: Path) -> list[Path]:
    # Links are not followed: one could point anywhere on the grader's machine.
    children = sorted(folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []
    return [c for c in children if c.is_dir() and not c.is_symlink() and not is_noise(c.name)]


def app_roots_in_zip(names: list[str]) -> list[str]:
    """The shallowest prefixes ('' or 'name/') in a zip's file names that hold starter_app/."""
    marker = APP_PACKAGE + "/__init__.py"
    prefixes = {name[: -len(marker)] for name in names if name.endswith(marker)}
    prefixes = {
        prefix
        for prefix in prefixes
        if (prefix == "" or prefix.endswith("/"))
        and prefix.count("/") <= MAX_DEPTH
        and not any(is_noise(part) for part in prefix.split("/") if part)
    }
    if not prefixes:
        return []
    depth = min(prefix.count("/") for prefix in prefixes)
    return sorted(prefix for prefix in prefixes if prefix.count("/") == depth)
