"""p1, p2, p3: 250, 1,000 and 10,000 plays in 2025 and later (numeric), for verified track owners.

Three jobs, not one: each acts only while its own catalog row is active (the Go API's early return), so an
inactive tier costs nothing, and each keeps its own checkpoint over plays ids
(challenges:p1:last_play_id, challenges:p2:last_play_id, challenges:p3:last_play_id; the Go API's single
challenges:play_count_milestones:last_play_id served one job for the three). The owners of the tracks played
since the checkpoint are recomputed (see pc_candidates.sql).
"""

from __future__ import annotations

from jobs.processors.incremental import upserting

# A plays batch large enough that 100,000 new plays are one tick; the work is per owner, not per play.
PLAYS_BATCH = 100_000

# (challenge id, the tier in the specifier, the tier below it whose threshold opens this one)
TIERS = (("p1", "250", None), ("p2", "1000", "p1"), ("p3", "10000", "p2"))

PROCESSORS = [upserting(challenge_id, ("marks_plays",), "pc_candidates", batch=PLAYS_BATCH,
                        checkpoint_kind="last_play_id", tier=tier, previous=previous)
              for challenge_id, tier, previous in TIERS]
