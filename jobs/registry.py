"""The processors, in the order a tick runs them (the Go API's phases). Trending scores come before the
challenges that read them (tt, tut, t)."""

from __future__ import annotations

from jobs.engine import Processor
from jobs.processors import uploads

PROCESSORS: list[Processor] = [
    # Phase 1
    uploads.PROCESSOR,
]
