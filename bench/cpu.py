"""CPU time of the bench's processes, from /proc (Linux): the server's own process, and every PostgreSQL
process on this machine. Read around one timed run, divided by its requests, they say which side a request's
CPU goes to, and whether the one server worker (a single Python process, one core at most) is what bounds
the requests/s: its CPU per request times the requests/s is the share of a core it used."""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def seconds(pid: int) -> float:
    """User and system CPU seconds a process has used; 0 for one that is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def postgres() -> dict[int, float]:
    """Every process named postgres (the postmaster and its backends), with its CPU seconds so far."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    found[int(entry.name)] = seconds(int(entry.name))
            except OSError:
                continue
    return found


def postgres_since(before: dict[int, float]) -> float:
    """PostgreSQL's CPU seconds since `before` (postgres()), backends started since counted whole."""
    return sum(now - before.get(pid, 0.0) for pid, now in postgres().items())
