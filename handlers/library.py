"""A user's library: their favorites (upstream's favorite objects, and the favorite tracks as activities),
their listening history, and their library of tracks, playlists and albums (saved, reposted, bought). A named
query picks the page (db/queries/get_library_tracks*.sql, get_library_playlists*.sql, get_user_favorites.sql),
the shared track and playlist hydration renders the items. Re-exported by handlers/users.py,
the module the resolver routes the `users` tag to."""

from __future__ import annotations

from openaudio_api import hydrate, ids, serialize
from openaudio_api.web import database, my_id, path_id, require_user, respond


async def get_user_favorites(id: str, limit: int = 50, offset: int = 0, user_id: str | None = None, **_):
    rows = await database().fetch_all("get_user_favorites", {
        "user_id": path_id(id), "my_id": my_id(user_id), "limit": limit, "offset": offset})
    return respond([favorite(r) for r in rows])


def favorite(row: dict) -> dict:
    """A get_user_favorites row as upstream's favorite object: ids hashed, as upstream's spec declares them
    (its Go handler writes plain integers, its Python one hashids); the type in upstream's spelling."""
    return {
        "favorite_item_id": ids.encode(row["save_item_id"]),
        "favorite_type": "SaveType.track",
        "user_id": ids.encode(row["user_id"]),
        "created_at": serialize.time_text(row["created_at"]),
    }


# Upstream's activity class names the track model: track_activity under /v1, track_activity_full under
# /v1/full. Our tracks are the full model under both prefixes, and both answer alike, so: the full one.
ACTIVITY_CLASS = "track_activity_full"


async def activities(db, variant: str, profile_id: int, viewer: int, query: str | None, sort_method: str,
                     sort_direction: str, limit: int, offset: int) -> list[dict]:
    """One page of get_library_tracks@variant (favorites, history) as upstream's track activities, tracks from
    the shared hydration."""
    rows = await db.fetch_all(f"get_library_tracks@{variant}", {
        "user_id": profile_id, "my_id": viewer, "query": query, "sort_key": sort_method,
        "direction": sort_direction, "limit": limit, "offset": offset})
    return await _as_activities(db, rows, viewer)


async def _as_activities(db, rows: list[dict], viewer: int) -> list[dict]:
    """get_library_tracks rows as track activities (the library's page comes from _library_page)."""
    tracks = {t["track_id"]: t for t in await hydrate.tracks(db, [r["track_id"] for r in rows], viewer)}
    return [
        # item_id: a plain integer, as upstream's Go API writes it (its specs do not declare it).
        {"class": ACTIVITY_CLASS, "item_id": r["track_id"], "item_type": "track", "timestamp": serialize.time_text(r["item_at"]),
         "item": tracks[r["track_id"]]}
        for r in rows
        if r["track_id"] in tracks
    ]


async def get_user_favorite_tracks(id: str, limit: int = 10, offset: int = 0, query: str | None = None,
                                   sort_method: str = "added_date", sort_direction: str = "desc",
                                   user_id: str | None = None, **_):
    return respond(await activities(database(), favorites_variant(sort_method, sort_direction), path_id(id),
                                    my_id(user_id), query, sort_method, sort_direction, limit, offset))


def favorites_variant(sort_method: str, sort_direction: str) -> str:
    """The default order (newest save first) walks the saves index; any other sorts the user's favorites."""
    return "favorites_recent" if (sort_method, sort_direction) == ("added_date", "desc") else "favorites"


async def get_users_track_history(id: str, limit: int = 100, offset: int = 0, query: str | None = None,
                                  sort_method: str = "last_listen_date", sort_direction: str = "desc", **_):
    # Private to the listener (and their managers), who then sees it as themself: upstream serves it to
    # anyone who asks (its spec lists 401/403 but its handler checks nothing).
    profile_id = path_id(id)
    await require_user(profile_id)
    return respond(await activities(database(), "history", profile_id, profile_id, query, sort_method,
                                    sort_direction, limit, offset))


# A library is read newest first; any other order ranks the newest this many entries (one entry per item)
# only: a 10,000-track library sorted by plays is its newest 5,000 tracks by plays (docs/behaviour.md).
LIBRARY_SORT_WINDOW = 5000
PLAYLIST_ACTIVITY_CLASS = "collection_activity_full_without_tracks"


# How far back each kind of action (saves, reposts, purchases; own playlists) a newest-first page reads:
# first the page's end, which is all the page needs unless the query or visibility drops entries on the
# way; then this many times that; then everything (None). The query says which rows a cut left out.
WIDER_REACH = 16


def reaches(end: int):
    """The reaches a newest-first page tries in turn (None: every action)."""
    yield end
    yield end * WIDER_REACH
    yield None


async def _library_page(db, newest_first: str, other_order: str, params: dict, limit: int,
                        offset: int) -> list[dict]:
    """One page of a library: newest first (the named query newest_first) read as far back as the page must
    go, a page short of limit whose read was cut (its rows say truncated, or it has none) read again further
    back; any other order (other_order) ranks the newest LIBRARY_SORT_WINDOW entries."""
    page = {**params, "limit": limit, "offset": offset}
    if (params["sort_key"], params["direction"]) != ("added_date", "desc"):
        return await db.fetch_all(other_order, {**page, "window": LIBRARY_SORT_WINDOW, "reach": LIBRARY_SORT_WINDOW})
    for reach in reaches(offset + limit):
        rows = await db.fetch_all(newest_first, {**page, "window": None, "reach": reach})
        if len(rows) == limit or (rows and not rows[0]["truncated"]):
            break
    return rows


async def get_user_library_tracks(id: str, limit: int = 50, offset: int = 0, query: str | None = None,
                                  sort_method: str = "added_date", sort_direction: str = "desc", type: str = "all",
                                  **_):
    # Private to the user (and their managers), who then sees it as themself, as getUsersTrackHistory:
    # upstream's spec asks for a signature, its handler checks nothing.
    profile_id = path_id(id)
    await require_user(profile_id)
    return respond(await library_tracks(database(), profile_id, limit, offset, query, sort_method, sort_direction,
                                        type))


async def library_tracks(db, profile_id: int, limit: int, offset: int, query: str | None, sort_method: str,
                         sort_direction: str, action: str) -> list[dict]:
    """One page of the user's library of tracks, seen by the user themself."""
    rows = await _library_page(db, "get_library_tracks@library_recent", "get_library_tracks@library", {
        "user_id": profile_id, "my_id": profile_id, "query": query, "sort_key": sort_method,
        "direction": sort_direction, "action": action}, limit, offset)
    return await _as_activities(db, rows, profile_id)


async def collection_activities(db, is_album: bool, profile_id: int, limit: int, offset: int, query: str | None,
                                sort_method: str, sort_direction: str, action: str) -> list[dict]:
    """One page of get_library_playlists (playlists or albums) as upstream's collection activities, seen by the
    user themself, the playlists from the shared hydration (without their tracks)."""
    rows = await _library_page(db, "get_library_playlists@recent", "get_library_playlists@sorted", {
        "user_id": profile_id, "my_id": profile_id, "kind": "album" if is_album else "playlist", "action": action,
        "query": query, "sort_key": sort_method, "direction": sort_direction}, limit, offset)
    playlists = {p["playlist_id"]: p for p in await hydrate.playlists(db, [r["playlist_id"] for r in rows],
                                                                       profile_id)}
    return [
        # item_type is "playlist" for albums too, and item_id a plain integer, as upstream's Go API writes them.
        {"class": PLAYLIST_ACTIVITY_CLASS, "item_id": r["playlist_id"], "item_type": "playlist",
         "timestamp": serialize.time_text(r["item_at"]), "item": playlists[r["playlist_id"]]}
        for r in rows
        if r["playlist_id"] in playlists
    ]


async def _signed_collections(is_album: bool, id: str, *args):
    profile_id = path_id(id)
    await require_user(profile_id)
    return respond(await collection_activities(database(), is_album, profile_id, *args))


async def get_user_library_playlists(id: str, limit: int = 50, offset: int = 0, query: str | None = None,
                                     sort_method: str = "reposts", sort_direction: str = "desc",
                                     type: str = "all", **_):
    return await _signed_collections(False, id, limit, offset, query, sort_method, sort_direction, type)


async def get_user_library_albums(id: str, limit: int = 50, offset: int = 0, query: str | None = None,
                                  sort_method: str = "reposts", sort_direction: str = "desc", type: str = "all",
                                  **_):
    return await _signed_collections(True, id, limit, offset, query, sort_method, sort_direction, type)
