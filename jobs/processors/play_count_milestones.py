"""p1, p2, p3: 250, 1,000 and 10,000 plays in 2025 and later (numeric), for verified track owners.

One job for the three tiers, as the Go API (checkpoint challenges:play_count_milestones:last_play_id): the
owners of the tracks played since the checkpoint are recomputed once and each active tier gets its row from
the same count (see pc_candidates.sql). A tier whose catalog row is inactive is left out in the query, so the
others still run; with all three inactive the job writes nothing but still moves past the plays.
"""

from __future__ import annotations

from openaudio_api.jobs.engine import Processor, Tick
from openaudio_api.jobs.processors.incremental import reconcile

CHECKPOINT = "challenges:play_count_milestones:last_play_id"
# A plays batch large enough that 100,000 new plays are one tick; the work is per owner, not per play.
PLAYS_BATCH = 100_000

# (challenge id, the tier in the specifier, the tier below it whose threshold opens this one)
TIERS = (("p1", "250", None), ("p2", "1000", "p1"), ("p3", "10000", "p2"))


def run(tick: Tick) -> None:
    ids, tiers, previous = (list(column) for column in zip(*TIERS))
    reconcile(tick, CHECKPOINT, ("marks_plays",),
              lambda since, through: tick.upsert("pc_candidates", since=since, through=through, tier_ids=ids,
                                                 tiers=tiers, previous=previous),
              batch=PLAYS_BATCH)


PROCESSOR = Processor("play_count_milestones", run)
