"""p: profile completion (numeric, 7 steps), as the Go API reconciles it.

The users touched since the checkpoint (a follow they made, a repost, a save, or their own user row; one
checkpoint across the four sources, so the window never skips a row of any of them) get all seven steps
recomputed: bio, name, picture, cover photo, following at least 5 users, at least one repost, at least one
save. The steps go to challenge_profile_completion and their number to user_challenges.
"""

from __future__ import annotations

from openaudio_api.jobs.engine import Processor, Tick
from openaudio_api.jobs.processors.incremental import reconcile

CHECKPOINT = "challenges:p:last_blocknumber"
MARKS = ("marks_follows", "marks_reposts", "marks_saves", "marks_users")
FOLLOWS_NEEDED = 5
STEPS = ("profile_description", "profile_name", "profile_picture", "profile_cover_photo", "follows",
         "reposts", "favorites")


def run(tick: Tick) -> None:
    def work(since: int, through: int) -> None:
        flags = tick.rows("p_flags", since=since, through=through, follows=FOLLOWS_NEEDED)
        if not flags:
            return
        columns = {name: [row[name] for row in flags] for name in ("user_id", *STEPS)}
        tick.execute("p_state", **columns)
        tick.upsert("p_candidates", user_id=columns["user_id"],
                    steps=[sum(row[name] for name in STEPS) for row in flags])

    reconcile(tick, CHECKPOINT, MARKS, work)


PROCESSOR = Processor("p", run, challenge_id="p")
