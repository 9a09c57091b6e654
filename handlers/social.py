"""User lists of the social graph and of a track's engagement (followers, following, mutuals, reposters,
savers): a named query picks the page's user ids in upstream's order, the shared user hydration renders
them. The operations are re-exported by the tag modules the resolver routes to (users, tracks)."""

from __future__ import annotations

from openaudio_api import hydrate
from openaudio_api.web import database, my_id, path_id, respond

# Up to this many members, a list is read whole and sorted by follower count; past it, users are walked in
# follower-count order and probed for membership (db/queries/get_user_list.sql). Reading and sorting
# 5,000 rows took about as long as walking to the first page of a list that long among 20,000 users.
FEW = 5000


async def _user_page(query: str, params: dict, viewer: int, limit: int, offset: int):
    db = database()
    rows = await db.fetch_all(query, {**params, "limit": limit, "offset": offset, "few": FEW})
    return respond(await hydrate.users(db, [r["user_id"] for r in rows], viewer))


async def get_followers(id: str, limit: int = 20, offset: int = 0, user_id: str | None = None, **_):
    return await _user_page("get_user_list@followers", {"user_id": path_id(id)}, my_id(user_id), limit, offset)


async def get_following(id: str, limit: int = 20, offset: int = 0, user_id: str | None = None, **_):
    return await _user_page("get_user_list@following", {"user_id": path_id(id)}, my_id(user_id), limit, offset)


async def get_mutual_followers(id: str, limit: int = 20, offset: int = 0, user_id: str | None = None, **_):
    profile_id = path_id(id)
    viewer = my_id(user_id)
    if not viewer:
        # Mutuals are the viewer's: upstream's query matches no follows of user 0, so anonymous gets none.
        return respond([])
    return await _user_page("get_mutual_followers", {"user_id": profile_id, "my_id": viewer}, viewer, limit, offset)


async def track_engagers(db, query: str, track_id: int, viewer: int, limit: int, offset: int) -> list[dict]:
    """Who reposted or saved a track, for a viewer who may see the track. Upstream lists them for any track
    id; for an unlisted track that tells anyone who had its private link, so the list follows the track's
    own visibility (get_track_visible.sql, the check the other lists under a track make, in the same round
    trip) and is empty otherwise, as for an unknown track."""
    visible, rows = await db.fetch_pipelined([
        ("get_track_visible", {"track_id": track_id, "my_id": viewer}),
        (query, {"track_id": track_id, "limit": limit, "offset": offset, "few": FEW})])
    return await hydrate.users(db, [r["user_id"] for r in rows], viewer) if visible[0]["visible"] else []


async def get_users_from_reposts(track_id: str, limit: int = 20, offset: int = 0, user_id: str | None = None, **_):
    track = path_id(track_id)
    return respond(await track_engagers(database(), "get_user_list@reposts", track, my_id(user_id), limit, offset))


async def get_users_from_favorites(track_id: str, limit: int = 20, offset: int = 0, user_id: str | None = None,
                                   **_):
    track = path_id(track_id)
    return respond(await track_engagers(database(), "get_user_list@favorites", track, my_id(user_id), limit, offset))
