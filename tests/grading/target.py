"""Import the student's app from a target folder, and explain it simply when that fails."""

import importlib.util
import re
import sys
import traceback
from pathlib import Path

import pytest

from grading.compiled import sharing_compiled_code

APP_PACKAGE = "starter_app"
# How Python says that `from . import pages` found no pages.py (in the middle of an import,
# it adds "partially initialized module" and blames a circular import).
CANNOT_IMPORT = re.compile(
    rf"cannot import name '(\w+)' from (partially initialized module )?'{APP_PACKAGE}'"
)


class AppLoadError(Exception):
    """The app could not be imported, so no test of it can run."""


def load_app_factory(target: Path):
    """Import `starter_app` from the target folder and return its `create_app`."""
    package_dir = target / APP_PACKAGE
    init_file = package_dir / "__init__.py"
    if not init_file.is_file():
        raise AppLoadError(
            f"There is no app to test: {APP_PACKAGE}/__init__.py is missing in {target}."
        )
    # Load by file location, so an app installed elsewhere can never be picked up instead.
    spec = importlib.util.spec_from_file_location(
        APP_PACKAGE, init_file, submodule_search_locations=[str(package_dir)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[APP_PACKAGE] = module
    try:
        spec.loader.exec_module(module)
    except pytest.fail.Exception as error:  # not an Exception: caught apart
        if not str(error).startswith("Timeout"):
            raise
        raise AppLoadError(  # pytest-timeout stopped the import: it would never end
            "Importing your app did not finish in time. Is there an endless loop at the top "
            "level of a file (outside any function)? Fix it, then check again."
        ) from None
    except SyntaxError as error:
        where = _relative(error.filename, target)
        raise AppLoadError(
            f"Python cannot read {where}, line {error.lineno}: {error.msg}. "
            "Fix that line (look just before it too), then check again."
        ) from None
    except SystemExit as error:  # sys.exit() or exit() at the top level of a file
        raise AppLoadError(
            f"Importing your app called sys.exit({error.code!r})"
            f"{where_in_target(error, target)}: a file of the app must not end the program "
            "when it is imported. Remove that call, then check again."
        ) from None
    except Exception as error:  # any error while importing is the student's to see
        raise AppLoadError(
            f"Importing your app failed with {error.__class__.__name__}: {error}"
            f"{where_in_target(error, target)}. {_missing_file(error, target)}"
            "Fix it, then check again."
        ) from None
    factory = getattr(module, "create_app", None)
    if not callable(factory):
        raise AppLoadError(
            f"{APP_PACKAGE}/__init__.py has no create_app() function: the tests build "
            "the app by calling create_app(test_config)."
        )
    # The module's own name for the factory gets the same wrapper, so code that imports it
    # from starter_app (a student's conftest, the mutants) builds apps the same way.
    module.create_app = sharing_compiled_code(factory)
    return module.create_app


def _missing_file(error: Exception, target: Path) -> str:
    """A sentence for an import of an app file that is not there ('' for other errors)."""
    match = CANNOT_IMPORT.search(str(error))
    module = getattr(error, "name", None) or ""  # ModuleNotFoundError: 'starter_app.books'
    if match:
        name = match.group(1)
    elif isinstance(error, ModuleNotFoundError) and module.startswith(f"{APP_PACKAGE}."):
        name = module.split(".")[1]
    else:
        return ""
    package = target / APP_PACKAGE
    if (package / f"{name}.py").is_file() or (package / name).is_dir():
        return ""  # the file is there: the problem is inside it
    return (
        f"There is no {APP_PACKAGE}/{name}.py. If you deleted or renamed it, bring it back: "
        "`python -m course backups` lists the copies the course made, or `git checkout -- "
        f"{APP_PACKAGE}/{name}.py` takes your last commit. "
    )


def where_in_target(error: BaseException, target: Path) -> str:
    """' (file, line N)' for the deepest place in the target folder that raised, else ''."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if _inside(frame.filename, target):
            return f" ({_relative(frame.filename, target)}, line {frame.lineno})"
    return ""


def _inside(filename: str | None, target: Path) -> bool:
    return bool(filename) and Path(filename).resolve().is_relative_to(target.resolve())


def _relative(filename: str | None, target: Path) -> str:
    if not _inside(filename, target):
        return str(filename)
    return Path(filename).resolve().relative_to(target.resolve()).as_posix()
