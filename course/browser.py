"""Chromium for the kit's browser tests: find it, and install Debian's when it is missing.

`python -m course.browser` (run by `make test`) does nothing when a Chromium is found;
otherwise, as root or with password-less sudo on a Debian-like system, it installs the
`chromium` package with apt-get; otherwise it prints how to install it. It never fails
`make test` by itself: the browser tests then fail in CI, or are skipped elsewhere.
The load generator of the kit's benchmarks, wrk, is installed the same way when it is
missing (its test is skipped where it cannot be).
"""

import os
import shutil
import subprocess
from pathlib import Path

# CHROMIUM_PATH, when set, is the only one used, so a wrong value is reported, not bypassed.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "Chromium not found: install it with `sudo apt-get install chromium` (or set CHROMIUM_PATH)"
)
# What works in a container with no display, no GPU and no outgoing network.
LAUNCH_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# fonts-liberation is a recommended package we keep, so pages render real text.
APT_PACKAGES = ("chromium", "fonts-liberation")
LOAD_GENERATOR = "wrk"  # bench/load.py; Debian's package of the same name


def find_chromium() -> Path | None:
    """The Chromium to use: CHROMIUM_PATH if set, else the first candidate on PATH."""
    configured = os.environ.get("CHROMIUM_PATH", "").strip()
    if configured:
        path = Path(configured)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def running_in_ci() -> bool:
    """Whether a CI service runs us (they set CI=true), so a missing browser is an error."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def privilege_prefix() -> list[str] | None:
    """[] as root, ["sudo", "-n"] when sudo needs no password, else None (cannot install)."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") is None:
        return None
    probe = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
    return ["sudo", "-n"] if probe.returncode == 0 else None


def install_commands(prefix: list[str], packages=APT_PACKAGES) -> list[list[str]]:
    """The apt-get commands that install `packages`, quiet and with no questions asked."""
    apt = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    return [
        [*apt, "update", "-qq"],
        [*apt, "install", "-y", "-qq", "--no-install-recommends", *packages],
    ]


def can_install(prefix: list[str] | None) -> bool:
    """Whether we may install Debian packages: privileges (see privilege_prefix) and apt-get."""
    return prefix is not None and shutil.which("apt-get") is not None


def installed(packages, prefix: list[str]) -> bool:
    """Install Debian's `packages`; whether every apt-get command succeeded."""
    commands = install_commands(prefix, packages)
    return all(subprocess.run(command, stdin=subprocess.DEVNULL, check=False).returncode == 0
               for command in commands)  # fmt: skip


def missing_message() -> str:
    """The one line a machine without Chromium gets, and what that means for the tests."""
    outcome = "fail (CI=true)" if running_in_ci() else "are skipped"
    return f"{INSTALL_HINT}. Until then the browser tests {outcome}."


def ensure_chromium() -> str:
    """Make sure a Chromium is there, installing it when we may; return what happened."""
    found = find_chromium()
    if found:
        return f"Browser tests use {found}."
    if os.environ.get("CHROMIUM_PATH", "").strip():
        # The user chose a browser: installing another one would not help them.
        return f"CHROMIUM_PATH={os.environ['CHROMIUM_PATH']} is not a program. {missing_message()}"
    prefix = privilege_prefix()
    if not can_install(prefix):
        return missing_message()
    print("Installing Chromium for the browser tests (apt-get install chromium)...", flush=True)
    if not installed(APT_PACKAGES, prefix):
        return f"Installing Chromium failed (apt-get install chromium). {missing_message()}"
    found = find_chromium()
    return f"Installed {found} for the browser tests." if found else missing_message()


def ensure_load_generator() -> str:
    """Make sure wrk is there, installing it when we may; return what happened."""
    if shutil.which(LOAD_GENERATOR):
        return f"Load tests use {shutil.which(LOAD_GENERATOR)}."
    prefix = privilege_prefix()
    if can_install(prefix):
        print(
            f"Installing {LOAD_GENERATOR} for the load tests (apt-get install wrk)...", flush=True
        )
        if installed((LOAD_GENERATOR,), prefix) and shutil.which(LOAD_GENERATOR):
            return f"Installed {shutil.which(LOAD_GENERATOR)} for the load tests."
    return (
        f"{LOAD_GENERATOR} not found: install it with `sudo apt-get install wrk`. Until then "
        "its load test is skipped, and the benchmarks send their load from Python threads."
    )


def main() -> None:
    """Print one line about each tool (the exit code stays 0: see the module docstring)."""
    print(ensure_chromium())
    print(ensure_load_generator())


if __name__ == "__main__":
    main()
