"""curated_lists: the precomputed global track lists and genre buckets the API pages through.

Remixables, recent premium tracks and the most shared tracks (week, month, allTime) rank tracks by an
aggregate over the whole catalogue (engagement, one track per artist, share counts); popular genres count
tracks per genre since any time. None of these can be computed per request at 1,000,000 tracks without
reading them all, so this job writes them to curated_track_lists and genre_track_counts and a request reads a
range of rows (db/queries/get_curated_track_ids.sql, get_popular_genres.sql).

As trending_scores, it refreshes at most once per REFRESH_SECONDS of the tick's clock; the time of the last
refresh (epoch seconds) is its checkpoint. A refresh deletes and rewrites every list in the processor's
transaction, with the checkpoint: running it twice writes the same rows, and a crash before the commit
leaves the previous refresh whole.
"""

from __future__ import annotations

from datetime import timedelta

from openaudio_api.jobs.engine import Processor, Tick

CHECKPOINT = "curated_lists:last_refresh_epoch"
# Upstream caches these lists for 5 to 10 seconds (Python) or not at all (Go); ten minutes keeps the job's
# whole-catalogue passes rare while a new track, share or stem shows within a coffee break.
REFRESH_SECONDS = 600
REMIXABLES_DEPTH = 100  # getRemixableTracks: limit at most 100, no offset
MOST_SHARED_DEPTH = 1000  # getMostSharedTracks: pages past rank 1000 are empty
SHARE_WINDOWS = {"week": timedelta(weeks=1), "month": timedelta(days=30), "allTime": None}


def run(tick: Tick) -> None:
    now = tick.due(CHECKPOINT, REFRESH_SECONDS)
    if now is None:
        return
    tick.execute("curated_lists_clear")
    tick.execute("curated_lists_remixables", depth=REMIXABLES_DEPTH)
    tick.execute("curated_lists_recent_premium")
    for time_range, window in SHARE_WINDOWS.items():
        since = None if window is None else tick.now - window
        tick.execute("curated_lists_most_shared", time_range=time_range, since=since, depth=MOST_SHARED_DEPTH)
    tick.execute("curated_genres_clear")
    tick.execute("curated_genres_refresh")
    tick.advance(CHECKPOINT, now)


PROCESSOR = Processor("curated_lists", run)
