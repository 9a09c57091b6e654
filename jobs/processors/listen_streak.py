"""e: endless listen streak, as the Go API port runs it (listen_streak.go), not as legacy.

Plays are read by id since the checkpoint (100,000 a tick); starting_block is ignored (legacy compared it with
plays.slot). Per listener, in the order the plays happened:
  - the first listen starts a streak of 1;
  - a listen at least 16 hours after the last counted one advances the streak, or restarts it at 1 when the
    gap is 48 hours or more, and becomes the last counted listen;
  - a listen less than 16 hours after the last counted one is ignored.
Every advance (the first listen and a restart included) mints its own row, specifier
<hex user><YYYYMMDDHH> of the listen's UTC hour: the Go API does not reuse one row for the first week as
legacy does. While the streak is 1..7 the row is step <streak> of 7 and completes at 7; from day 8 on each
day is a row of one step, complete at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import groupby
from operator import itemgetter

from openaudio_api.jobs.engine import Processor, Tick
from openaudio_api.jobs.processors.incremental import reconcile

CHECKPOINT = "challenges:e:last_play_id"
# The Go API reads 50,000 a tick; 100,000 (as p1-p3) keeps up with 100,000 new plays between two ticks.
PLAYS_BATCH = 100_000
NEXT_DAY = timedelta(hours=16)
BROKEN = timedelta(hours=48)
WEEK = 7
# The 7-step rows carry 7, as legacy pays 7 for the first week (its single week row has amount 7); the Go
# API would put the catalog amount (1) on them. The daily rows after the week carry the catalog amount.
WEEK_AMOUNT = 7


def advances(plays, last: datetime | None, streak: int):
    """(play time, streak after it) for each play of one listener that advances the streak."""
    for play in plays:
        at = play["created_at"]
        if last is not None:
            gap = at - last
            if gap < NEXT_DAY:
                continue
            streak = 1 if gap >= BROKEN else streak + 1
        else:
            streak = 1
        last = at
        yield at, streak


def run(tick: Tick) -> None:
    def work(since: int, through: int) -> None:
        plays = tick.rows("e_plays", since=since, through=through)
        if not plays:
            return
        listeners = sorted({play["user_id"] for play in plays})
        known = {row["user_id"]: row for row in tick.rows("e_streaks", user_id=listeners)}
        state = {"user_id": [], "last_listen_date": [], "listen_streak": []}
        rows = {"user_id": [], "specifier": [], "current_step_count": [], "step_count": [], "amount": []}
        for user_id, own in groupby(plays, key=itemgetter("user_id")):
            before = known.get(user_id)
            last, streak = (before["last_listen_date"], before["listen_streak"]) if before else (None, 0)
            for at, streak in advances(own, last, streak):
                last = at
                week = streak <= WEEK
                rows["user_id"].append(user_id)
                rows["specifier"].append(f"{user_id:x}{at:%Y%m%d%H}")
                rows["current_step_count"].append(streak if week else 1)
                rows["step_count"].append(WEEK if week else 1)
                rows["amount"].append(WEEK_AMOUNT if week else tick.challenge.amount)
            if before is None or (last, streak) != (before["last_listen_date"], before["listen_streak"]):
                state["user_id"].append(user_id)
                state["last_listen_date"].append(last)
                state["listen_streak"].append(streak)
        # The streak first: the user_challenges trigger reads listen_streak for the notification.
        if state["user_id"]:
            tick.execute("e_state", **state)
        if rows["user_id"]:
            tick.upsert("e_candidates", **rows)

    reconcile(tick, CHECKPOINT, ("marks_plays",), work, batch=PLAYS_BATCH)


PROCESSOR = Processor("e", run, challenge_id="e")
