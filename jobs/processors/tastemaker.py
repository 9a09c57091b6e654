"""t: tastemaker, as the Go API's port.

Every tick: for each of the week's top 10 trending tracks (the list tt rewards), the earliest 10 reposters
and the earliest 10 savers each get one complete reward, specifier `<hex_user>:t:<hex_track>`, at the catalog
amount. Legacy instead dispatched it from its hourly tastemaker notifications (top 5); here the notification
comes from the user_challenges trigger (db/functions/reward_notifications.sql), as in the Go API.

Cheap on every tick: a slice of the trending head, then at most ten reposts and ten saves per top track, read
in time order from the partial indexes of migration 0007. Rows already rewarded are left untouched by the
upsert, so an unchanged top writes nothing.
"""

from __future__ import annotations

from openaudio_api.jobs.engine import Processor, Tick
from openaudio_api.jobs.processors.trending_rewards import top_tracks

PER_TRACK = 10


def run(tick: Tick) -> None:
    top = top_tracks(tick)
    if top:
        tick.upsert("t_candidates", track_ids=[r["track_id"] for r in top], per_track=PER_TRACK)


PROCESSOR = Processor("t", run, challenge_id="t")
