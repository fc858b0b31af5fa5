"""How busy the machine's cores were: CPU time that includes processes nobody waits for."""

import os
from pathlib import Path


def busy_cpu_seconds() -> float | None:
    """CPU seconds every core has spent busy since boot (Linux's /proc/stat), else None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = map(int, fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def busy_between(before: float | None, after: float | None) -> float | None:
    """Seconds of busy CPU between two readings, or None when either is missing."""
    return round(after - before, 1) if before is not None and after is not None else None
