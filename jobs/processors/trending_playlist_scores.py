"""trending_playlist_scores: the week, month and allTime PLAYLISTS rows of playlist_trending_scores.

Not a challenge (the trending playlist reward is removed): it computes what GET /v1/playlists/trending and
/playlists/trending/{version} serve, for each playlist version (openaudio_api.trending.PLAYLIST_VERSIONS:
pnagD, upstream's only playlist strategy). As trending_scores, it refreshes at most once per hour of the
tick's clock, the time of the last refresh (epoch seconds) being its checkpoint; a refresh is one statement
(trending_playlist_scores_refresh.sql, with the formula and who may trend), committed with the checkpoint, and
writes only what changed, so a second run at the same clock writes nothing.
"""

from __future__ import annotations

from openaudio_api.jobs.engine import Processor, Tick
from openaudio_api.jobs.processors.trending_scores import refresh_hourly
from openaudio_api.trending import PLAYLIST_VERSIONS

CHECKPOINT = "trending_playlists:last_refresh_epoch"
# The refresh statement per version (one formula so far; a new version adds its statement here).
REFRESH = {"pnagD": "trending_playlist_scores_refresh"}
assert tuple(REFRESH) == PLAYLIST_VERSIONS


def run(tick: Tick) -> None:
    refresh_hourly(tick, CHECKPOINT, REFRESH.values())


PROCESSOR = Processor("trending_playlist_scores", run)
