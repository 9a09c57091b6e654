"""A user's library of tracks: their favorites (upstream's favorite objects, and the favorite tracks as
activities) and their listening history. A named query picks the page (db/queries/get_library_tracks*.sql,
get_user_favorites.sql), the shared track hydration renders the tracks. Re-exported by handlers/users.py,
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
    """One page of get_library_tracks@variant as upstream's track activities, tracks from the shared hydration."""
    rows = await db.fetch_all(f"get_library_tracks@{variant}", {
        "user_id": profile_id, "my_id": viewer, "query": query, "sort_key": sort_method,
        "direction": sort_direction, "limit": limit, "offset": offset})
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
