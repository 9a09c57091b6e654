"""tt / tut: the weekly trending rewards, as the Go API's port (not legacy's).

On any tick whose clock is a Friday (UTC), once per (type, version, week), where week is that Friday's date:
the top 10 of the week's trending (tt: TRACKS; tut: the underground list) are written to trending_results and
each rank's track owner gets a complete reward with specifier `<week>:<rank>`. Legacy differs: top 5 only, a
Friday-afternoon Pacific window, and type/version strings with Enum prefixes; we follow the Go API.

tp (trending playlists) is removed as a product feature: there is no processor for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from openaudio_api.jobs.engine import Processor, Tick
from openaudio_api.trending import REWARDED_VERSION, TRACKS_RESULTS, UNDERGROUND_RESULTS

VERSION = REWARDED_VERSION
TOP = 10
FRIDAY = 4


@dataclass(frozen=True)
class Kind:
    challenge_id: str
    type: str  # trending_results.type, as the Go API writes it
    top_query: str


TRACKS = Kind("tt", TRACKS_RESULTS, "tt_top")
UNDERGROUND = Kind("tut", UNDERGROUND_RESULTS, "tut_top")


def top_tracks(tick: Tick, query: str = TRACKS.top_query) -> list[dict]:
    """rank, track_id, owner_id of the week's top 10 live tracks (tastemaker reads the same list).

    Deleted tracks (or tracks with no current row) do not hold a rank. The query reads a slice of the ranking
    head; the slice widens only when deletions leave fewer than 10 live tracks in it.
    """
    scan = 2 * TOP
    while True:
        head = tick.rows(query, version=VERSION, scan=scan)
        live = [r for r in head if r["live"]][:TOP]
        if len(live) == TOP or len(head) < scan:
            break
        scan *= 2
    return [{"rank": rank, "track_id": r["track_id"], "owner_id": r["owner_id"]} for rank, r in enumerate(live, 1)]


def run(kind: Kind, tick: Tick) -> None:
    if tick.now.weekday() != FRIDAY:
        return
    week = {"type": kind.type, "version": VERSION, "week": tick.now.date()}
    if tick.rows("tt_results_exist", **week):
        return
    top = top_tracks(tick, kind.top_query)
    if not top:
        return  # no scores yet this week: a later tick of the same Friday tries again
    tick.execute("tt_results", **week, ranks=[r["rank"] for r in top], track_ids=[r["track_id"] for r in top],
                 owner_ids=[r["owner_id"] for r in top])
    # What each rank pays is the catalog's (challenges.rank_amounts: the Go API's table, ranks 1-5 1000 and
    # 6-10 100), stored on the row so every endpoint shows the same amount.
    tick.upsert("tt_candidates", **week, rank_amounts=tick.challenge.rank_amounts)


TT = Processor("tt", partial(run, TRACKS), challenge_id="tt")
TUT = Processor("tut", partial(run, UNDERGROUND), challenge_id="tut")
