"""Operations tagged `users`."""

from __future__ import annotations

from openaudio_api import hydrate, serialize
from openaudio_api.errors import bad_request, not_found
from openaudio_api.web import database, my_id, path_id, query_ids, require_user, respond


async def get_user(id: str, user_id: str | None = None, **_):
    found = await hydrate.users(database(), [path_id(id, "userId")], my_id(user_id))
    if not found:
        raise not_found("user not found")
    return respond(found[0])


async def get_bulk_users(id: list[str] | None = None, user_id: str | None = None, **_):
    if not id:
        raise bad_request("no user ids provided")
    return respond(await hydrate.users(database(), query_ids(id), my_id(user_id)))


async def get_user_by_handle(handle: str, user_id: str | None = None, **_):
    db = database()
    row = await db.fetch_one("get_user_id_by_handle", {"handle": handle})
    found = await hydrate.users(db, [row["user_id"]], my_id(user_id)) if row else []
    if not found:
        raise not_found("user not found")
    return respond(found[0])


async def get_user_tracks(id: str, limit: int = 20, offset: int = 0, sort: str = "date",
                          sort_method: str | None = None, sort_direction: str | None = None,
                          filter_tracks: str = "all", user_id: str | None = None, **_):
    db = database()
    profile_id = path_id(id, "userId")
    viewer = my_id(user_id)
    if filter_tracks == "unlisted":
        # A listing of nothing but private tracks is private: the profile user's or a manager's alone.
        await require_user(profile_id)
        viewer = profile_id
    # Upstream: without sort_method, `sort` picks the key (date -> release date, plays -> play count).
    sort_key = sort_method or ("plays" if sort == "plays" else "release_date")
    rows = await db.fetch_all(
        "get_user_tracks",
        {
            "user_id": profile_id,
            "my_id": viewer,
            "filter_tracks": filter_tracks,
            "sort_key": sort_key,
            "direction": sort_direction or "desc",
            "limit": limit,
            "offset": offset,
        },
    )
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], viewer))


async def get_managers(id: str, is_approved: bool | None = None, is_revoked: bool = False, **_):
    db = database()
    user_id = path_id(id, "userId")
    await require_user(user_id)
    rows = await db.fetch_all(
        "get_managers", {"user_id": user_id, "is_approved": is_approved, "is_revoked": is_revoked})
    # Managers are seen as the managed user sees them (upstream resolves them with my_id = the path user).
    managers = await hydrate.users_by_id(db, [r["manager_user_id"] for r in rows], user_id)
    return respond([
        {"manager": managers[r["manager_user_id"]], "grant": serialize.grant(r)}
        for r in rows
        if r["manager_user_id"] in managers
    ])
