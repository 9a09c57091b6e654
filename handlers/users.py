"""Operations tagged `users`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from openaudio_api import challenges, hydrate, ids, serialize
from openaudio_api.errors import bad_request, not_found
from openaudio_api.web import database, my_id, path_id, query_ids, require_user, respond

# The social graph's user lists live in their own module; the resolver finds them here.
from openaudio_api.handlers.social import get_followers, get_following, get_mutual_followers  # noqa: F401
# People around a user (related, subscribers, top users, accounts, mutes, managed users): handlers/people.py.
from openaudio_api.handlers.people import (  # noqa: F401
    bulk_get_subscribers, get_managed_users, get_muted_users, get_related_users, get_subscribers, get_top_users,
    get_top_users_in_genre, get_user_account, get_user_ids_by_addresses)
# A user's library (favorites, history, saved/reposted/bought tracks, playlists and albums) and their tracks
# seen from other sides (handle, count, AI attribution, tags, remixes): handlers/library.py and
# handlers/user_tracks.py.
from openaudio_api.handlers.library import (  # noqa: F401
    get_user_favorite_tracks, get_user_favorites, get_user_library_albums, get_user_library_playlists,
    get_user_library_tracks, get_users_track_history)
from openaudio_api.handlers.user_tracks import (  # noqa: F401
    get_ai_attributed_tracks_by_user_handle, get_remixers, get_remixers_count, get_top_track_tags,
    get_tracks_by_user_handle, get_tracks_count_by_user, get_user_tracks_remixed)
from openaudio_api.handlers.discovery import get_user_tracks_download_count  # noqa: F401
from openaudio_api.handlers import trending
# A host's remix contests live with the other contest lists.
from openaudio_api.handlers.contests import get_contests_by_user  # noqa: F401
# Comments (issue 21) under /tracks and /users: handlers/comments.py.
from openaudio_api.handlers.comments import get_user_comments  # noqa: F401
# A user's playlists and albums (issue 20) live in their own module too.
from openaudio_api.handlers.user_playlists import (  # noqa: F401
    get_albums_by_user, get_albums_by_user_handle, get_playlists_by_user, get_playlists_by_user_handle)
# A user's reposts and feed, tracks and playlists mixed (issue 20): handlers/activity.py.
from openaudio_api.handlers.activity import get_reposts, get_reposts_by_handle, get_user_feed  # noqa: F401
# Search (issue 22): handlers/search.py.
from openaudio_api.handlers.search import search_users  # noqa: F401


async def get_user(id: str, user_id: str | None = None, **_):
    found = await hydrate.users(database(), [path_id(id)], my_id(user_id))
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


async def _credited_or_owned(db, base: str, params: dict) -> list[dict]:
    """Run base@owned, or base@credited when the user accepted credits on others' tracks.

    Most users have none, so the credits probe and the owner-only query go out together in one round trip;
    only a user with credits pays for the widened query. params["user_id"] is whose credits count."""
    (probe,), owned = await db.fetch_pipelined(
        [("get_user_credits", {"user_id": params["user_id"]}), (f"{base}@owned", params)])
    credits = probe["track_ids"]
    if not credits:
        return owned
    return await db.fetch_all(f"{base}@credited", {**params, "credit_ids": credits})


async def user_tracks_viewer(profile_id: int, filter_tracks: str, viewer: int) -> int:
    """Who a listing of the profile's tracks is computed for: a listing of nothing but private tracks is
    private, the profile user's or a manager's alone (signed, else 401/403), and seen as the profile user."""
    if filter_tracks == "unlisted":
        await require_user(profile_id)
        return profile_id
    return viewer


def user_tracks_order(sort: str, sort_method: str | None, sort_direction: str | None) -> dict:
    """get_user_tracks.sql's sort_key and direction. Upstream: without sort_method, `sort` picks the key
    (date -> release date, plays -> play count); descending unless asked."""
    return {"sort_key": sort_method or ("plays" if sort == "plays" else "release_date"),
            "direction": sort_direction or "desc"}


async def get_user_tracks(id: str, limit: int = 20, offset: int = 0, sort: str = "date",
                          sort_method: str | None = None, sort_direction: str | None = None,
                          filter_tracks: str = "all", user_id: str | None = None, **_):
    db = database()
    profile_id = path_id(id)
    viewer = await user_tracks_viewer(profile_id, filter_tracks, my_id(user_id))
    rows = await _credited_or_owned(
        db,
        "get_user_tracks",
        {
            "user_id": profile_id,
            "my_id": viewer,
            "filter_tracks": filter_tracks,
            **user_tracks_order(sort, sort_method, sort_direction),
            "limit": limit,
            "offset": offset,
        },
    )
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], viewer))


async def get_user_challenges(id: str, show_historical: bool = False, **_):
    # show_historical is accepted and ignored, as in upstream's Go API: only active challenges are listed.
    user_id = path_id(id)
    rows = await database().fetch_all("get_user_challenges", {"user_id": user_id})
    return respond([challenges.user_challenge(r, user_id) for r in rows])


async def get_managers(id: str, is_approved: bool | None = None, is_revoked: bool = False, **_):
    db = database()
    user_id = path_id(id)
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


async def get_collaboration_invites(id: str, status: str | None = None, limit: int = 50, offset: int = 0, **_):
    db = database()
    user_id = path_id(id)
    await require_user(user_id)
    rows = await db.fetch_all(
        "get_collaboration_invites", {"user_id": user_id, "status": status, "limit": limit, "offset": offset})
    # Inviters are seen as the invited user sees them (as upstream's managers listing does).
    inviters = await hydrate.users_by_id(db, [r["invited_by"] for r in rows], user_id)
    return respond([
        {
            "track_id": ids.encode(r["track_id"]),
            "status": r["status"],
            "invited_by": inviters[r["invited_by"]],
            "created_at": serialize.time_text(r["created_at"]),
            "updated_at": serialize.time_text(r["updated_at"]),
        }
        for r in rows
        if r["invited_by"] in inviters
    ])


_INSTANT = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?)?")


def _instant(value: str, name: str) -> datetime:
    """A UTC instant from an ISO date or an RFC 3339 date-time, as the spec declares them: any fraction
    length, lowercase t/z, offsets, a leap second; clamped at the ends of the calendar."""
    match = _INSTANT.fullmatch(value)
    if not match:
        raise bad_request(f"{name} is invalid: {value!r} is not an ISO 8601 date or date-time")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        moment = datetime(max(int(year), 1), int(month), int(day), int(hour or 0), int(minute or 0),
                          min(int(second or 0), 59), int((fraction or "0")[:6].ljust(6, "0")))
    except ValueError:
        raise bad_request(f"{name} is invalid: {value!r} is not a calendar date") from None
    if offset and offset not in "Zz":
        shift = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
        try:
            moment = moment - shift if offset[0] == "+" else moment + shift
        except OverflowError:
            moment = datetime.min if offset[0] == "+" else datetime.max
    return moment


async def get_user_monthly_track_listens(id: str, start_time: str, end_time: str, **_):
    db = database()
    user_id = path_id(id)
    await require_user(user_id)
    rows = await _credited_or_owned(db, "get_user_monthly_listens", {
        "user_id": user_id,
        "start": _instant(start_time, "start_time"),
        "end": _instant(end_time, "end_time"),
    })
    return respond(monthly_listens(rows))


def monthly_listens(rows: list[dict]) -> dict[str, dict]:
    """get_user_monthly_listens rows (month, track, listens) as upstream's months keyed by their first instant."""
    months: dict[str, dict] = {}
    for row in rows:
        key = serialize.time_text(datetime.combine(row["month"], datetime.min.time()))
        month = months.setdefault(key, {"totalListens": 0, "trackIds": [], "listenCounts": []})
        month["totalListens"] += row["listens"]
        month["trackIds"].append(row["track_id"])  # plain integers, as upstream
        month["listenCounts"].append({"trackId": row["track_id"], "date": key, "listens": row["listens"]})
    return months


async def get_user_recommended_tracks(id: str, limit: int = 10, offset: int = 0, time_range: str = "week",
                                      user_id: str | None = None, **_):
    """Tracks from the user's favourite genres they have not heard (handlers/trending.py). The Go API always
    answers 10 and ignores offset (the pick is random); we honour limit, and accept offset as it does."""
    return await trending.user_recommended_tracks(path_id(id), limit, time_range, my_id(user_id))
