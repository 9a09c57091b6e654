"""People around a user (issue 18, followers/people/managers): related users, subscribers, top users,
users by wallet, the signed-in account, muted users and the users a wallet manages. A named query picks the
page's user ids in upstream's order and the shared user hydration renders them, as handlers/social.py.
The operations are re-exported by handlers/users.py and handlers/grantees.py, where the resolver looks."""

from __future__ import annotations

from openaudio_api import hydrate, serialize
from openaudio_api.errors import not_found
from openaudio_api.ids import encode as hashid
from openaudio_api.web import database, my_id, path_id, query_ids, require_user, require_wallet, respond


async def _listed(query: str, params: dict, viewer: int):
    db = database()
    rows = await db.fetch_all(query, params)
    return respond(await hydrate.users(db, [r["user_id"] for r in rows], viewer))


async def get_related_users(id: str, limit: int = 10, offset: int = 0, user_id: str | None = None,
                            filter_followed: bool = False, **_):
    viewer = my_id(user_id)
    return await _listed("get_related_users", {
        "user_id": path_id(id), "my_id": viewer, "filter_followed": filter_followed and viewer > 0,
        "limit": limit, "offset": offset}, viewer)


async def get_subscribers(id: str, limit: int = 20, offset: int = 0, user_id: str | None = None, **_):
    return await _listed("get_subscribers", {"user_id": path_id(id), "limit": limit, "offset": offset},
                         my_id(user_id))


async def bulk_get_subscribers(ids: list[str] | None = None, **_):
    wanted = list(dict.fromkeys(query_ids(ids)))
    rows = await database().fetch_all("get_bulk_subscribers", {"ids": wanted})
    return respond([{"user_id": hashid(r["user_id"]), "subscriber_ids": [hashid(s) for s in r["subscriber_ids"]]}
                    for r in rows])


async def get_top_users(limit: int = 20, offset: int = 0, user_id: str | None = None, **_):
    return await _listed("get_top_users", {"limit": limit, "offset": offset}, my_id(user_id))


async def get_top_users_in_genre(genre: list[str] | None = None, limit: int = 20, offset: int = 0,
                                 user_id: str | None = None, **_):
    # No genre matches nobody (upstream: dominant_genre = ANY of an empty list).
    if not genre:
        return respond([])
    return await _listed("get_top_users_in_genre", {"genres": genre, "limit": limit, "offset": offset},
                         my_id(user_id))


async def get_user_ids_by_addresses(address: list[str] | None = None, **_):
    rows = await database().fetch_all(
        "get_user_ids_by_addresses", {"addresses": sorted({a.lower() for a in address or []})})
    return respond([{"user_id": hashid(r["user_id"]), "address": r["address"]} for r in rows])


async def get_user_account(wallet: str, **_):
    db = database()
    await require_wallet(wallet)
    account = await db.fetch_one("get_account", {"wallet": wallet})
    if not account:
        raise not_found("user not found")
    owner = account["user_id"]
    found = await hydrate.users(db, [owner], owner)
    playlists = await db.fetch_all("get_account_playlists", {"user_id": owner})
    if not found:
        raise not_found("user not found")
    return respond({
        "user": found[0],
        "playlists": [_account_playlist(p) for p in playlists],
        # A user who never arranged a library has none: an empty one (upstream's Go sent contents: null).
        "playlist_library": account["playlist_library"] or {"contents": []},
        "track_save_count": account["track_save_count"],
    })


def _account_playlist(row: dict) -> dict:
    kind = "album" if row["is_album"] else "playlist"
    return {
        "id": hashid(row["playlist_id"]),
        "is_album": row["is_album"],
        "name": row["playlist_name"] or "",
        "permalink": f"/{row['handle'] or ''}/{kind}/{row['slug']}",
        "user": {"id": hashid(row["user_id"]), "handle": row["handle"] or "",
                 "is_deactivated": row["is_deactivated"]},
    }


async def get_muted_users(id: str, limit: int = 100, offset: int = 0, **_):
    user = path_id(id)
    await require_user(user)
    # The muted users are seen as their muter sees them.
    return await _listed("get_muted_users", {"user_id": user, "limit": limit, "offset": offset}, user)


async def grantors(grantee: dict, is_approved: bool | None, is_revoked: bool, viewer: int,
                   limit: int | None = None, offset: int = 0) -> list[dict]:
    """The users who granted a wallet (grantee: {"address": ...} or {"grantee_id": ...}), with the grant;
    all of them, or a page when limit is given."""
    db = database()
    rows = await db.fetch_all("get_grantors", {"address": None, "grantee_id": None, **grantee,
                                               "is_approved": is_approved, "is_revoked": is_revoked,
                                               "limit": limit, "offset": offset})
    users = await hydrate.users_by_id(db, [r["user_id"] for r in rows], viewer)
    return [{"user": users[r["user_id"]], "grant": serialize.grant(r)} for r in rows if r["user_id"] in users]


async def get_managed_users(id: str, is_approved: bool | None = None, is_revoked: bool = False, **_):
    manager = path_id(id)
    await require_user(manager)
    # Seen as the manager sees them (upstream resolves them with my_id = the path user).
    return respond(await grantors({"grantee_id": manager}, is_approved, is_revoked, manager))


async def get_grantee_users(address: str, is_approved: bool | None = None, is_revoked: bool = False,
                            limit: int = 20, offset: int = 0, user_id: str | None = None, **_):
    await require_wallet(address)
    return respond(await grantors({"address": address}, is_approved, is_revoked, my_id(user_id), limit, offset))
