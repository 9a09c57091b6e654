"""trending_scores: the week, month and allTime TRACKS rows of track_trending_scores, for each version.

Not a challenge: it computes what tt, tut and t read (pnagD), and what GET /v1/tracks/trending and its
/{version} variants serve. As upstream's
index_trending, it refreshes at most once per hour of the tick's clock; the time of the last refresh (epoch
seconds) is its checkpoint, so a tick inside the hour costs one lookup. A refresh is one statement (see
trending_scores_refresh.sql for the formula), committed with the checkpoint in the processor's transaction.
"""

from __future__ import annotations

from openaudio_api.jobs.engine import Processor, Tick

CHECKPOINT = "trending:last_refresh_epoch"
REFRESH_SECONDS = 3600  # upstream's trending_refresh_seconds default
# The scoring strategies upstream's legacy provider serves for tracks (its TrendingStrategyFactory), the
# current one first: the default of every unversioned route. trending_scores_refresh.sql writes each.
from openaudio_api.trending import DEFAULT_VERSION, VERSIONS  # noqa: F401  (re-exported for the jobs)


def refresh_hourly(tick: Tick, checkpoint: str, queries) -> None:
    """Run the refresh statements (each answering its dropped and written counts) once REFRESH_SECONDS have
    passed since the checkpoint's last refresh; shared by the track and the playlist scores."""
    now = tick.due(checkpoint, REFRESH_SECONDS)
    if now is None:
        return
    tick.rows("trending_scores_work_mem")
    for query in queries:
        (result,) = tick.rows(query)
        tick.changed += result["dropped"] + result["written"]
    tick.advance(checkpoint, now)


def run(tick: Tick) -> None:
    refresh_hourly(tick, CHECKPOINT, ["trending_scores_refresh"])


PROCESSOR = Processor("trending_scores", run)
