"""Operations tagged `tracks`."""

from __future__ import annotations

from openaudio_api import hydrate, serialize
from openaudio_api.errors import not_found
from openaudio_api.web import database, my_id, path_id, query_ids, respond

# A track's reposters and savers are user lists of the social module; the resolver finds them here.
from openaudio_api.handlers.social import get_users_from_favorites, get_users_from_reposts  # noqa: F401
# Curated lists, access info and download counts (issue 19) live in their own topic module.
from openaudio_api.handlers.discovery import (  # noqa: F401
    get_best_new_releases, get_latest_tracks, get_most_loved_tracks, get_most_shared_tracks,
    get_recent_premium_tracks, get_remixable_tracks, get_track_access_info, get_track_download_count,
    get_track_download_counts, get_under_the_radar_tracks)

# Trending variants, recommendations and feeling lucky (issue 19) have their own module.
from openaudio_api.handlers import trending
from openaudio_api.handlers.trending import (  # noqa: F401
    get_feeling_lucky_tracks, get_recommended_tracks, get_recommended_tracks_with_version,
    get_trending_track_ids, get_trending_tracks_ids_with_version, get_trending_tracks_with_version,
    get_trending_usdc_purchase_tracks, get_trending_usdc_purchase_tracks_with_version,
    get_trending_underground_winners, get_trending_winners, get_underground_trending_tracks_with_version,
)
from openaudio_api.trending import DEFAULT_VERSION
# Comments (issue 21) under /tracks and /users: handlers/comments.py.
from openaudio_api.handlers.comments import (get_track_comment_count,  # noqa: F401
                                             get_track_comment_notification_setting, get_track_comments,
                                             get_tracks_with_recent_comments)

# Search (issue 22) of every kind lives in handlers/search.py.
from openaudio_api.handlers.search import search_tracks  # noqa: F401


async def get_track(track_id: str, user_id: str | None = None, **_):
    db = database()
    found = await hydrate.tracks(db, [path_id(track_id)], my_id(user_id))
    if not found:
        raise not_found("track not found")
    return respond(found[0])


async def get_bulk_tracks(id: list[str] | None = None, permalink: list[str] | None = None,
                          isrc: list[str] | None = None, user_id: str | None = None, **_):
    db = database()
    wanted = query_ids(id)
    links = [p.strip("/").split("/", 1) for p in permalink or []]
    links = [pair for pair in links if len(pair) == 2 and all(pair)]
    if links:
        rows = await db.fetch_all(
            "get_track_ids_by_permalink",
            {"handles": [h for h, _ in links], "slugs": [s for _, s in links]},
        )
        wanted += [r["track_id"] for r in rows]
    if isrc:
        rows = await db.fetch_all("get_track_ids_by_isrc", {"isrcs": list(isrc)})
        wanted += [r["track_id"] for r in rows]
    return respond(await hydrate.tracks(db, wanted, my_id(user_id)))


async def get_trending_tracks(limit: int = 100, offset: int = 0, genre: str | None = None, time: str = "week",
                              user_id: str | None = None, **_):
    return await trending.trending_page(DEFAULT_VERSION, limit, offset, genre, time, my_id(user_id))


async def get_underground_trending_tracks(limit: int = 100, offset: int = 0, user_id: str | None = None, **_):
    return await trending.underground_page(DEFAULT_VERSION, limit, offset, my_id(user_id))


# --- The remix graph, stems and listeners of one track (issue 18) ---------------------------------------


async def _under_visible_track(query: str, track_id: str, viewer: int, **params) -> list:
    """The rows of a list under /tracks/{track_id}, once the viewer may see that track: 404 "track not found"
    otherwise, as getTrack answers, so a list under a hidden track never shows that it exists. The check and
    the list go in one round trip."""
    key = {"track_id": path_id(track_id), "my_id": viewer}
    visible, rows = await database().fetch_pipelined([("get_track_visible", key), (query, {**key, **params})])
    if not visible[0]["visible"]:
        raise not_found("track not found")
    return rows


async def get_track_remixes(track_id: str, limit: int = 10, offset: int = 0, sort_method: str = "recent",
                            only_cosigns: bool = False, only_contest_entries: bool = False,
                            user_id: str | None = None, **_):
    viewer = my_id(user_id)
    [page] = await _under_visible_track("get_track_remixes", track_id, viewer, sort_method=sort_method,
                                        only_cosigns=only_cosigns, only_contest_entries=only_contest_entries,
                                        limit=limit, offset=offset)
    tracks = await hydrate.tracks(database(), page["track_ids"], viewer)
    return respond({"count": page["count"], "tracks": tracks})


async def get_track_remix_parents(track_id: str, limit: int = 20, offset: int = 0, user_id: str | None = None,
                                  **_):
    viewer = my_id(user_id)
    rows = await _under_visible_track("get_track_remix_parents", track_id, viewer, limit=limit, offset=offset)
    return respond(await hydrate.tracks(database(), [r["track_id"] for r in rows], viewer))


async def get_track_stems(track_id: str, user_id: str | None = None, **_):
    rows = await _under_visible_track("get_track_stems", track_id, my_id(user_id))
    return respond([serialize.stem(row) for row in rows])


async def get_track_top_listeners(track_id: str, limit: int = 10, offset: int = 0, user_id: str | None = None,
                                  **_):
    viewer = my_id(user_id)
    rows = await _under_visible_track("get_track_top_listeners", track_id, viewer, limit=limit, offset=offset)
    found = await hydrate.users_by_id(database(), [r["user_id"] for r in rows], viewer)
    # A listener whose user does not resolve (e.g. not indexed yet) is left out, never shown as a blank user.
    return respond([{"user": found[r["user_id"]], "count": r["count"]} for r in rows if r["user_id"] in found])
