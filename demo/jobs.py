"""The live demo's jobs: right after seeding, the database holds what a deployment that had run the jobs all
along would hold at the seed's now.

Two catch-ups, in clock order (a runner's clock never goes back: trending refreshes only forward):
1. the weekly trending rewards (trending scores, tt, tut) as of noon of the last Friday before now's day, so
   the demo has a week's winners and their notifications whatever day it is seeded on;
2. every processor as of now: challenges, rewards, reward notifications and the trending lists of now.
Only the trending processors run at the earlier clock: the others would see activity after it (the whole
data set is there) as if it had already happened.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from openaudio_api.jobs.processors.trending_rewards import FRIDAY
from openaudio_api.jobs.runner import JobsRunner

log = logging.getLogger("openaudio.demo")

TRENDING_REWARDS = ("trending_scores", "tt", "tut")


def rewards_friday(now: datetime) -> datetime:
    """Noon of the last Friday strictly before now's day (on a Friday, the one a week earlier: the catch-up as
    of now rewards today's)."""
    days = (now.weekday() - FRIDAY) % 7 or 7
    return (now - timedelta(days=days)).replace(hour=12, minute=0, second=0, microsecond=0)


def catch_up(url: str, now: datetime) -> bool:
    """Run the demo's jobs (see the module doc); False if another jobs runner holds the lock (it will do the
    catch-up as of now itself, without last week's trending rewards)."""
    runner = JobsRunner(url)
    if not runner.acquire(wait=False):
        return False
    try:
        friday = rewards_friday(now)
        ticks, rows = runner.catch_up(friday, only=TRENDING_REWARDS)
        more_ticks, more_rows = runner.catch_up(now)
        log.info("demo jobs ran", extra={"ticks": ticks + more_ticks, "rows": rows + more_rows,
                                         "rewards_week": friday.date().isoformat(), "as_of": now.isoformat()})
    finally:
        runner.close()
    return True
