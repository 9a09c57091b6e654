"""A user's playlists and albums (issue 20), by id or by handle (the handle forms are upstream's Go API's).
The operations are tagged `users` and re-exported by handlers/users.py, where the resolver finds them."""

from __future__ import annotations

from openaudio_api import hydrate
from openaudio_api.errors import not_found
from openaudio_api.web import database, my_id, path_id, require_user, respond


async def _collection(profile_id: int, is_album: bool, viewer: int, limit: int, offset: int, sort: str,
                      sort_method: str | None, sort_direction: str, listing: str, query: str | None):
    db = database()
    if listing == "private":
        # A listing of nothing but private playlists is private: the owner's or a manager's alone (upstream
        # lists them to anyone).
        await require_user(profile_id)
        viewer = profile_id
    rows = await db.fetch_all("get_user_playlists", {
        "user_id": profile_id, "my_id": viewer, "is_album": is_album, "filter": listing,
        # Upstream: sort_method, when given, wins over sort.
        "sort_key": sort_method or sort, "direction": sort_direction, "name_filter": query or "",
        "limit": limit, "offset": offset})
    # Upstream's listings omit the playlists' tracks.
    return respond(await hydrate.playlists(db, [r["playlist_id"] for r in rows], viewer))


async def user_id_by_handle(handle: str) -> int:
    """The user a handle names (404 "user not found" for none)."""
    row = await database().fetch_one("get_user_id_by_handle", {"handle": handle})
    if not row:
        raise not_found("user not found")
    return row["user_id"]


async def get_playlists_by_user(id: str, limit: int = 20, offset: int = 0, sort: str = "recent",
                                sort_method: str | None = None, sort_direction: str = "desc",
                                filter_playlists: str = "all", query: str | None = None,
                                user_id: str | None = None, **_):
    return await _collection(path_id(id), False, my_id(user_id), limit, offset, sort, sort_method,
                             sort_direction, filter_playlists, query)


async def get_albums_by_user(id: str, limit: int = 20, offset: int = 0, sort: str = "recent",
                             sort_method: str | None = None, sort_direction: str = "desc",
                             filter_albums: str = "all", query: str | None = None,
                             user_id: str | None = None, **_):
    return await _collection(path_id(id), True, my_id(user_id), limit, offset, sort, sort_method,
                             sort_direction, filter_albums, query)


async def get_playlists_by_user_handle(handle: str, limit: int = 20, offset: int = 0, sort: str = "recent",
                                       sort_method: str | None = None, sort_direction: str = "desc",
                                       filter_playlists: str = "all", query: str | None = None,
                                       user_id: str | None = None, **_):
    return await _collection(await user_id_by_handle(handle), False, my_id(user_id), limit, offset, sort, sort_method,
                             sort_direction, filter_playlists, query)


async def get_albums_by_user_handle(handle: str, limit: int = 20, offset: int = 0, sort: str = "recent",
                                    sort_method: str | None = None, sort_direction: str = "desc",
                                    filter_albums: str = "all", query: str | None = None,
                                    user_id: str | None = None, **_):
    return await _collection(await user_id_by_handle(handle), True, my_id(user_id), limit, offset, sort, sort_method,
                             sort_direction, filter_albums, query)
