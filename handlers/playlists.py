"""Operations tagged `playlists` (issue 20): a playlist by id, by permalink or in bulk, its tracks, its
access, who reposted or saved it, and trending playlists. Every playlist comes from hydrate.playlists, which
decides who may see it (a private playlist is its owner's alone)."""

from __future__ import annotations

import re

from openaudio_api import hydrate, serialize
from openaudio_api.errors import not_found
from openaudio_api.handlers.social import FEW
from openaudio_api.trending import DEFAULT_PLAYLIST_VERSION
from openaudio_api.web import database, my_id, path_id, query_ids, respond
# Search (issue 22): handlers/search.py.
from openaudio_api.handlers.search import search_playlists  # noqa: F401

# Upstream's Go playlistURLRegex: what ends in "<handle>/<playlist|album>/<slug>".
_PERMALINK = re.compile(r"([^/]+)/(?:playlist|album)/([^/]+)$")


async def _one(playlist_id: int, viewer: int) -> dict:
    found = await hydrate.playlists(database(), [playlist_id], viewer, with_tracks=True)
    if not found:
        raise not_found("playlist not found")
    return found[0]


async def get_playlist(playlist_id: str, user_id: str | None = None, **_):
    # Upstream answers a one-element list here, "for backwards compatibility".
    return respond([await _one(path_id(playlist_id), my_id(user_id))])


async def get_bulk_playlists(id: list[str] | None = None, upc: list[str] | None = None,
                             permalink: list[str] | None = None, with_tracks: bool = False,
                             user_id: str | None = None, **_):
    db = database()
    wanted = query_ids(id)
    # Upstream's Go API answers 400 for a permalink of another shape; the spec calls any text valid, so such
    # a permalink names no playlist and is skipped, as an undecodable id is.
    pairs = [m.groups() for m in map(_PERMALINK.search, permalink or []) if m]
    if pairs:
        rows = await db.fetch_all("get_playlist_ids_by_permalink",
                                  {"handles": [h for h, _ in pairs], "slugs": [s for _, s in pairs]})
        wanted += [r["playlist_id"] for r in rows]
    if upc:
        rows = await db.fetch_all("get_playlist_ids_by_upc", {"upcs": list(upc)})
        wanted += [r["playlist_id"] for r in rows]
    # Upstream's bulk operation omits tracks unless asked for (?with_tracks=true).
    return respond(await hydrate.playlists(db, wanted, my_id(user_id), with_tracks=with_tracks))


async def get_playlist_by_handle_and_slug(handle: str, slug: str, user_id: str | None = None, **_):
    db = database()
    rows = await db.fetch_all("get_playlist_ids_by_permalink", {"handles": [handle], "slugs": [slug]})
    found = await hydrate.playlists(db, [r["playlist_id"] for r in rows], my_id(user_id), with_tracks=True)
    if not found:
        raise not_found("playlist not found")
    return respond(found)


async def get_playlist_tracks(playlist_id: str, limit: int = hydrate.PLAYLIST_TRACKS, offset: int = 0,
                              user_id: str | None = None, **_):
    db = database()
    viewer = my_id(user_id)
    key = {"playlist_id": path_id(playlist_id), "my_id": viewer}
    visible, rows = await db.fetch_pipelined([
        ("get_playlist_visible", key), ("get_playlist_tracks", {**key, "limit": limit, "offset": offset})])
    if not visible[0]["visible"]:
        raise not_found("playlist not found")
    page = [r["track_id"] for r in rows]
    found = {t["track_id"]: t for t in await hydrate.tracks(db, page, viewer)}
    return respond([found[i] for i in page if i in found])  # a track listed twice comes twice


async def get_playlist_access_info(playlist_id: str, user_id: str | None = None, **_):
    viewer = my_id(user_id)
    rows = await database().fetch_all("get_playlists", {"ids": [path_id(playlist_id)], "my_id": viewer})
    if not rows:
        raise not_found("playlist not found")
    return respond(serialize.playlist_access_info(rows[0], viewer))


async def _engagers(query: str, playlist_id: str, viewer: int, limit: int, offset: int):
    """Who reposted or saved a playlist, for a viewer who may see it: a private playlist's list would tell
    who its owner shared it with, so, as under a track (handlers/social.py), it is empty unless the viewer
    may see the playlist, as for an unknown one. The check and the list go in one round trip."""
    db = database()
    playlist = path_id(playlist_id)
    visible, rows = await db.fetch_pipelined([
        ("get_playlist_visible", {"playlist_id": playlist, "my_id": viewer}),
        (query, {"playlist_id": playlist, "limit": limit, "offset": offset, "few": FEW})])
    users = await hydrate.users(db, [r["user_id"] for r in rows], viewer) if visible[0]["visible"] else []
    return respond(users)


async def get_users_from_playlist_reposts(playlist_id: str, limit: int = 20, offset: int = 0,
                                          user_id: str | None = None, **_):
    return await _engagers("get_user_list@playlist_reposts", playlist_id, my_id(user_id), limit, offset)


async def get_users_from_playlist_favorites(playlist_id: str, limit: int = 20, offset: int = 0,
                                            user_id: str | None = None, **_):
    return await _engagers("get_user_list@playlist_favorites", playlist_id, my_id(user_id), limit, offset)


# --- trending (scores: jobs/processors/trending_playlist_scores.py) ---------------------------------------

# Each trending playlist comes with its first 5 tracks (upstream: "to prevent slow load times"); track_count
# and playlist_contents still tell the whole playlist.
TRENDING_TRACKS = 5
# The stored ranges by the spec's `time`: upstream's spec offers year and allTime, its handlers serve
# neither (the Go API refuses allTime and finds no scores under year, the legacy one ranked allTime as week),
# so both rank by the all-time scores, as getTrendingTrackIDs keys all time under `year`.
TRENDING_RANGES = {"week": "week", "month": "month", "year": "allTime", "allTime": "allTime"}


async def _trending(version: str, time: str, kind: str, omit_tracks: bool, limit: int, offset: int,
                    viewer: int):
    db = database()
    rows = await db.fetch_all("get_trending_playlist_ids", {
        "version": version, "time_range": TRENDING_RANGES[time], "is_album": kind == "album",
        "limit": limit, "offset": offset})
    return respond(await hydrate.playlists(db, [r["playlist_id"] for r in rows], viewer,
                                           with_tracks=not omit_tracks, track_limit=TRENDING_TRACKS))


async def get_trending_playlists(limit: int = 30, offset: int = 0, time: str = "week", type: str = "playlist",
                                 omit_tracks: bool = False, user_id: str | None = None, **_):
    return await _trending(DEFAULT_PLAYLIST_VERSION, time, type, omit_tracks, limit, offset, my_id(user_id))


async def get_trending_playlists_with_version(version: str, limit: int = 30, offset: int = 0, time: str = "week",
                                              user_id: str | None = None, **_):
    # Upstream's versioned operation has neither type nor omit_tracks: playlists, with their tracks.
    return await _trending(version, time, "playlist", False, limit, offset, my_id(user_id))
