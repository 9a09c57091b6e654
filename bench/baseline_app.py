"""The load benchmark's baseline: the benchmarked operations as bare Starlette routes, no connexion.

What a request costs without the framework: no spec routing, no request validation, no middleware. Everything
else is ours, so the ratio bench/load.py prints is the framework's share alone: the same pools and settings
(Config.from_env, db.pool.Database), the same named SQL, the same hydration and serializers, the same orjson
envelope (web.respond), and for a request naming a viewer, and for private operations, the same signature
recovery and authorizer (both cached as in the server). Only the happy path is here: ids are taken as valid,
as the load generator sends them.

    uvicorn bench.baseline_app:app --port 5001      # configured from the environment, like openaudio_api.asgi
"""

from __future__ import annotations

import asyncio
import contextlib

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from openaudio_api.db import embedded
from openaudio_api.db.pool import Database
from openaudio_api.handlers.discovery import FOLLOWEES, PER_FOLLOWEE
from openaudio_api.handlers.contests import contest_page
from openaudio_api.handlers.events import event_comments
from openaudio_api.handlers.comments import pinned_first
from openaudio_api.handlers.social import FEW, track_engagers
from openaudio_api.handlers.search import playlist_query, track_query, user_query
from openaudio_api.handlers.library import (
    activities, collection_activities, favorite, favorites_variant, library_tracks)
from openaudio_api.handlers import activity
from openaudio_api.handlers.playlists import TRENDING_RANGES, TRENDING_TRACKS
from openaudio_api.handlers.user_tracks import remixers
from openaudio_api.handlers.trending import RECOMMEND_RECALL, RECOMMEND_SAMPLE, daily_shuffle
from openaudio_api.handlers.users import _credited_or_owned, _instant, monthly_listens
from openaudio_api import auth, challenges, hydrate, ids, serialize
from openaudio_api.auth import Authorizer
from openaudio_api.config import Config
from openaudio_api.notifications import selectable_types, shape_groups
from openaudio_api.web import respond

config = Config.from_env()


@contextlib.asynccontextmanager
async def lifespan(_app):
    db = Database(config.database_url or embedded.start(config.data_dir), config.read_replica_urls,
                  min_size=config.pool_min, max_size=config.pool_max, timeout=config.pool_timeout,
                  statement_timeout_ms=config.statement_timeout_ms)
    await db.open()
    try:
        yield {"db": db, "authorizer": Authorizer(config.auth_cache_seconds)}
    finally:
        await db.close()


def _my_id(request) -> int:
    return ids.decode_my_id(request.query_params.get("user_id"))


async def _signed_by(request, user_id: int) -> bool:
    """The signature check our server makes for a private operation: recover the signer, ask the authorizer."""
    message, signature = request.headers.get("encoded-data-message"), request.headers.get("encoded-data-signature")
    wallet = auth.recover_wallet(message.encode() if message else None, signature)
    return await request.state.authorizer.may_act_as(request.state.db, user_id, wallet)


async def get_track(request):
    tracks = await hydrate.tracks(request.state.db, [ids.decode(request.path_params["track_id"])], _my_id(request))
    return respond(tracks[0]) if tracks else respond(None, 404)


async def get_bulk_tracks(request):
    wanted = [ids.decode(v) for v in request.query_params.getlist("id")]
    return respond(await hydrate.tracks(request.state.db, wanted, _my_id(request)))


async def search_tracks(request):
    db, q = request.state.db, request.query_params
    # The handler's own query builder (handlers/search.py), for a plain text search.
    name, params = track_query(q.get("query", ""), limit=int(q.get("limit", 10)), offset=int(q.get("offset", 0)))
    rows = await db.fetch_all(name, params)
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], _my_id(request)))


async def search_users(request):
    db, q, viewer = request.state.db, request.query_params, _my_id(request)
    name, params = user_query(q.get("query", ""), viewer, limit=int(q.get("limit", 10)))
    rows = await db.fetch_all(name, params)
    return respond(await hydrate.users(db, [r["user_id"] for r in rows], viewer))


async def search_playlists(request):
    db, q = request.state.db, request.query_params
    name, params = playlist_query(q.get("query", ""), albums=False, limit=int(q.get("limit", 10)))
    rows = await db.fetch_all(name, params)
    return respond(await hydrate.playlists(db, [r["playlist_id"] for r in rows], _my_id(request)))


async def search_full(request):
    """Every kind: the four queries in one round trip, then each kind's hydration, as handlers/search.py."""
    db, q, viewer = request.state.db, request.query_params, _my_id(request)
    text, limit = q.get("query", ""), int(q.get("limit", 10))
    users, tracks, playlists, albums = await db.fetch_pipelined([
        user_query(text, viewer, limit=limit), track_query(text, limit=limit),
        playlist_query(text, albums=False, limit=limit), playlist_query(text, albums=True, limit=limit)])
    lists = await hydrate.playlists(db, [r["playlist_id"] for r in playlists + albums], viewer)
    by_id = {p["playlist_id"]: p for p in lists}
    return respond({
        "users": await hydrate.users(db, [r["user_id"] for r in users], viewer),
        "tracks": await hydrate.tracks(db, [r["track_id"] for r in tracks], viewer),
        "playlists": [by_id[r["playlist_id"]] for r in playlists if r["playlist_id"] in by_id],
        "albums": [by_id[r["playlist_id"]] for r in albums if r["playlist_id"] in by_id]})


async def get_user_tracks(request):
    db, q = request.state.db, request.query_params
    viewer = _my_id(request)
    owner = ids.decode(request.path_params["id"])
    page = dict(user_id=owner, my_id=viewer, filter_tracks="all", sort_key="release_date", direction="desc",
                limit=int(q.get("limit", 20)), offset=int(q.get("offset", 0)))
    rows = await _credited_or_owned(db, "get_user_tracks", page)
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], viewer))


async def get_notifications(request):
    db = request.state.db
    user_id = ids.decode(request.path_params["user_id"])
    if not await _signed_by(request, user_id):
        return respond(None, 403)
    rows = await db.fetch_all("get_notifications", {
        "user_id": user_id, "types": selectable_types(None), "ts": float(request.query_params.get("timestamp", 0)),
        "group_id": "",
        "lim": int(request.query_params.get("limit", 20)), "counts_only": False})
    groups, user_ids, track_ids, playlist_ids = shape_groups(rows)
    users, tracks, playlists = await asyncio.gather(hydrate.users_by_id(db, user_ids, user_id),
                                                    hydrate.tracks(db, track_ids, user_id),
                                                    hydrate.playlists(db, playlist_ids, user_id))
    return respond({"notifications": groups, "unread_count": sum(not row["is_seen"] for row in rows)},
                   related={"users": [users[i] for i in user_ids if i in users], "tracks": tracks,
                            "playlists": playlists})


async def get_monthly_listens(request):
    user_id = ids.decode(request.path_params["id"])
    if not await _signed_by(request, user_id):
        return respond(None, 403)
    q = request.query_params
    rows = await _credited_or_owned(request.state.db, "get_user_monthly_listens", {
        "user_id": user_id, "start": _instant(q["start_time"], "start_time"), "end": _instant(q["end_time"], "end_time")})
    return respond(monthly_listens(rows))


async def get_trending_tracks(request):
    db, q = request.state.db, request.query_params
    genre = q.get("genre")
    rows = await db.fetch_all("get_trending_track_ids@genre" if genre else "get_trending_track_ids@all", {
        "time_range": q.get("time", "week"), "genre": genre, "limit": int(q.get("limit", 100)),
        "offset": int(q.get("offset", 0)), "my_id": _my_id(request), "version": "pnagD"})
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], _my_id(request)))


async def get_underground_trending_tracks(request):
    db, q = request.state.db, request.query_params
    rows = await db.fetch_all("get_underground_trending_track_ids", {
        "time_range": "week", "limit": int(q.get("limit", 100)), "offset": int(q.get("offset", 0)),
        "my_id": _my_id(request), "version": "pnagD"})
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], _my_id(request)))


async def get_user_challenges(request):
    user_id = ids.decode(request.path_params["id"])
    rows = await request.state.db.fetch_all("get_user_challenges", {"user_id": user_id})
    return respond([challenges.user_challenge(r, user_id) for r in rows])


async def get_undisbursed_challenges_for_user(request):
    q = request.query_params
    rows = await request.state.db.fetch_all("get_undisbursed_challenges@user", {
        "user_id": ids.decode(request.path_params["user_id"]), "challenge_id": None, "completed_blocknumber": None,
        "limit": int(q.get("limit", 10)), "offset": int(q.get("offset", 0))})
    return respond([challenges.undisbursed(r) for r in rows])


async def _user_list(request, query: str, params: dict):
    q = request.query_params
    rows = await request.state.db.fetch_all(query, {
        **params, "limit": int(q.get("limit", 20)), "offset": int(q.get("offset", 0)), "few": FEW})
    return respond(await hydrate.users(request.state.db, [r["user_id"] for r in rows], _my_id(request)))


async def get_followers(request):
    return await _user_list(request, "get_user_list@followers", {"user_id": ids.decode(request.path_params["id"])})


async def get_mutual_followers(request):
    # The load generator always names a viewer (anonymous mutuals are an empty list, no query).
    return await _user_list(request, "get_mutual_followers",
                            {"user_id": ids.decode(request.path_params["id"]), "my_id": _my_id(request)})


async def get_users_from_reposts(request):
    q = request.query_params
    return respond(await track_engagers(request.state.db, "get_user_list@reposts",
                                        ids.decode(request.path_params["track_id"]), _my_id(request),
                                        int(q.get("limit", 20)), int(q.get("offset", 0))))


async def _under_track(request, query: str, **params) -> list:
    """The handlers' pipelined pair: the track's visibility check, then the list under it."""
    key = {"track_id": ids.decode(request.path_params["track_id"]), "my_id": _my_id(request)}
    _visible, rows = await request.state.db.fetch_pipelined([("get_track_visible", key), (query, {**key, **params})])
    return rows


async def get_track_remixes(request):
    q = request.query_params
    [page] = await _under_track(request, "get_track_remixes", sort_method=q.get("sort_method", "recent"),
                                only_cosigns=False, only_contest_entries=False, limit=int(q.get("limit", 10)),
                                offset=int(q.get("offset", 0)))
    tracks = await hydrate.tracks(request.state.db, page["track_ids"], _my_id(request))
    return respond({"count": page["count"], "tracks": tracks})


async def get_track_remix_parents(request):
    q = request.query_params
    rows = await _under_track(request, "get_track_remix_parents", limit=int(q.get("limit", 20)),
                              offset=int(q.get("offset", 0)))
    return respond(await hydrate.tracks(request.state.db, [r["track_id"] for r in rows], _my_id(request)))


async def get_track_top_listeners(request):
    q = request.query_params
    rows = await _under_track(request, "get_track_top_listeners", limit=int(q.get("limit", 10)),
                              offset=int(q.get("offset", 0)))
    found = await hydrate.users_by_id(request.state.db, [r["user_id"] for r in rows], _my_id(request))
    return respond([{"user": found[r["user_id"]], "count": r["count"]} for r in rows if r["user_id"] in found])


async def _listed(request, query: str, params: dict, limit: int = 20):
    """handlers/people.py's user lists: the page's ids, then the shared hydration."""
    q = request.query_params
    rows = await request.state.db.fetch_all(query, {
        **params, "limit": int(q.get("limit", limit)), "offset": int(q.get("offset", 0))})
    return respond(await hydrate.users(request.state.db, [r["user_id"] for r in rows], _my_id(request)))


async def get_top_users(request):
    return await _listed(request, "get_top_users", {})


async def get_top_users_in_genre(request):
    return await _listed(request, "get_top_users_in_genre", {"genres": request.query_params.getlist("genre")})


async def get_related_users(request):
    return await _listed(request, "get_related_users", {
        "user_id": ids.decode(request.path_params["id"]), "my_id": _my_id(request), "filter_followed": False}, 10)


async def get_subscribers(request):
    return await _listed(request, "get_subscribers", {"user_id": ids.decode(request.path_params["id"])})
# --- Curated lists and access info (issue 19) ---------------------------------------------------------


async def _track_page(request, query: str, params: dict):
    rows = await request.state.db.fetch_all(query, params)
    return respond(await hydrate.tracks(request.state.db, [r["track_id"] for r in rows], _my_id(request)))


async def get_latest_tracks(request):
    q = request.query_params
    return await _track_page(request, "get_latest_track_ids@all",
                             {"genre": None, "limit": int(q.get("limit", 100)), "offset": int(q.get("offset", 0))})


def _followees(request, **params) -> dict:
    return {"my_id": _my_id(request), "followees": FOLLOWEES, "per_followee": PER_FOLLOWEE,
            "limit": int(request.query_params.get("limit", 25)), **params}


async def get_most_loved_tracks(request):
    return await _track_page(request, "get_followee_track_ids@most_loved", _followees(request))


async def get_under_the_radar_tracks(request):
    params = _followees(request, offset=int(request.query_params.get("offset", 0)), originals=True, reposts=True)
    return await _track_page(request, "get_followee_track_ids@under_the_radar", params)


async def get_track_access_info(request):
    found = await hydrate.tracks(request.state.db, [ids.decode(request.path_params["track_id"])], _my_id(request))
    if not found:
        return respond(None, 404)
    t = found[0]
    return respond({"access": t["access"], "user_id": t["user"]["id"], "blocknumber": t["blocknumber"],
                    "is_stream_gated": bool(t["is_stream_gated"]), "stream_conditions": t["stream_conditions"],
                    "is_download_gated": bool(t["is_download_gated"]),
                    "download_conditions": t["download_conditions"]})
# --- events (issue 21) -----------------------------------------------------------------------------------


async def get_remix_contests(request):
    q = request.query_params
    events, related = await contest_page(request.state.db, "get_contest_ids", {}, _my_id(request),
                                         q.get("status", "all"), int(q.get("limit", 25)), int(q.get("offset", 0)))
    return respond(events, related=related)


async def get_event_comments(request):
    q = request.query_params
    found = await event_comments(request.state.db, ids.decode(request.path_params["event_id"]), _my_id(request),
                                 q.get("sort_method", "newest"), int(q.get("limit", 10)), int(q.get("offset", 0)))
    if found is None:
        return respond(None, 404)
    host_id, comments, users = found
    return respond(comments, related={"users": users, "tracks": []}, event_user_id=ids.encode(host_id))
async def _comments_page(request, comment_ids: list[int]):
    data, related = await hydrate.comments(request.state.db, comment_ids, _my_id(request))
    return respond(data, related=related)


async def get_track_comments(request):
    q = request.query_params
    limit, offset = int(q.get("limit", 10)), int(q.get("offset", 0))
    key = {"track_id": ids.decode(request.path_params["track_id"]), "my_id": _my_id(request)}
    _visible, pinned, page = await request.state.db.fetch_pipelined([
        ("get_track_visible", key), ("get_track_pinned_comment", key),
        (f"get_track_comments@{q.get('sort_method', 'newest')}",
         {**key, "limit": limit + 1, "offset": max(offset - 1, 0)})])
    pinned_id = pinned[0]["comment_id"] if pinned else None
    return await _comments_page(request, pinned_first(pinned_id, [r["comment_id"] for r in page], offset, limit))


async def get_comment_replies(request):
    q = request.query_params
    rows = await request.state.db.fetch_all("get_comment_replies", {
        "comment_id": ids.decode(request.path_params["comment_id"]), "my_id": _my_id(request),
        "limit": int(q.get("limit", 10)), "offset": int(q.get("offset", 0))})
    return await _comments_page(request, [r["comment_id"] for r in rows])
# A user's library and remixers (issue 18: handlers/library.py, handlers/user_tracks.py).
async def get_user_favorites(request):
    q = request.query_params
    rows = await request.state.db.fetch_all("get_user_favorites", {
        "user_id": ids.decode(request.path_params["id"]), "my_id": _my_id(request),
        "limit": int(q.get("limit", 50)), "offset": int(q.get("offset", 0))})
    return respond([favorite(r) for r in rows])


async def get_user_favorite_tracks(request):
    q = request.query_params
    sort_method, direction = q.get("sort_method", "added_date"), q.get("sort_direction", "desc")
    return respond(await activities(request.state.db, favorites_variant(sort_method, direction),
                                    ids.decode(request.path_params["id"]), _my_id(request), q.get("query"),
                                    sort_method, direction, int(q.get("limit", 10)), int(q.get("offset", 0))))


# A user's library of tracks and playlists (issue 20), signed.
async def get_user_library_tracks(request):
    q, user_id = request.query_params, ids.decode(request.path_params["id"])
    if not await _signed_by(request, user_id):
        return respond(None, 403)
    return respond(await library_tracks(request.state.db, user_id, int(q.get("limit", 50)), int(q.get("offset", 0)),
                                        q.get("query"), q.get("sort_method", "added_date"),
                                        q.get("sort_direction", "desc"), q.get("type", "all")))


async def get_user_library_playlists(request):
    q, user_id = request.query_params, ids.decode(request.path_params["id"])
    if not await _signed_by(request, user_id):
        return respond(None, 403)
    return respond(await collection_activities(
        request.state.db, False, user_id, int(q.get("limit", 50)), int(q.get("offset", 0)), q.get("query"),
        q.get("sort_method", "reposts"), q.get("sort_direction", "desc"), q.get("type", "all")))


async def get_remixers(request):
    q = request.query_params
    track_id = q.get("track_id")
    row = await remixers(request.state.db, ids.decode(request.path_params["id"]),
                         int(track_id) if track_id else None, int(q.get("limit", 10)), int(q.get("offset", 0)))
    return respond(await hydrate.users(request.state.db, row["user_ids"], _my_id(request)))
# --- playlists (issue 20) ---

async def get_playlist(request):
    found = await hydrate.playlists(request.state.db, [ids.decode(request.path_params["playlist_id"])],
                                    _my_id(request), with_tracks=True)
    return respond(found[:1]) if found else respond(None, 404)


async def get_playlist_tracks(request):
    q = request.query_params
    db, viewer = request.state.db, _my_id(request)
    key = {"playlist_id": ids.decode(request.path_params["playlist_id"]), "my_id": viewer}
    _visible, rows = await db.fetch_pipelined([
        ("get_playlist_visible", key),
        ("get_playlist_tracks", {**key, "limit": int(q.get("limit", 200)), "offset": int(q.get("offset", 0))})])
    page = [r["track_id"] for r in rows]
    found = {t["track_id"]: t for t in await hydrate.tracks(db, page, viewer)}
    return respond([found[i] for i in page if i in found])


async def get_playlists_by_user(request):
    q = request.query_params
    db, viewer = request.state.db, _my_id(request)
    rows = await db.fetch_all("get_user_playlists", {
        "user_id": ids.decode(request.path_params["id"]), "my_id": viewer, "is_album": False, "filter": "all",
        "sort_key": q.get("sort_method", "recent"), "direction": "desc", "name_filter": "",
        "limit": int(q.get("limit", 20)), "offset": int(q.get("offset", 0))})
    return respond(await hydrate.playlists(db, [r["playlist_id"] for r in rows], viewer))


# --- a user's reposts and feed (issue 20: handlers/activity.py) ---

async def get_reposts(request):
    q = request.query_params
    return respond(await activity.reposts(request.state.db, ids.decode(request.path_params["id"]), _my_id(request),
                                          int(q.get("limit", 100)), int(q.get("offset", 0))))


async def get_user_feed(request):
    user_id = ids.decode(request.path_params["id"])
    if not await _signed_by(request, user_id):
        return respond(None, 403)
    q = request.query_params
    return respond(await activity.feed(request.state.db, user_id, q.get("filter", "all"),
                                       q.get("tracks_only") == "true", [], int(q.get("limit", 50)),
                                       int(q.get("offset", 0)), activity._utc_now()))


async def get_trending_playlists(request):
    q = request.query_params
    db, viewer = request.state.db, _my_id(request)
    rows = await db.fetch_all("get_trending_playlist_ids", {
        "version": "pnagD", "time_range": TRENDING_RANGES[q.get("time", "week")],
        "is_album": q.get("type") == "album",
        "limit": int(q.get("limit", 30)), "offset": int(q.get("offset", 0))})
    return respond(await hydrate.playlists(db, [r["playlist_id"] for r in rows], viewer, with_tracks=True,
                                           track_limit=TRENDING_TRACKS))


async def bulk_get_reactions(request):
    wanted = list(dict.fromkeys(request.query_params.get("reacted_to_ids", "").split(",")))
    rows = await request.state.db.fetch_all("get_reactions", {"reacted_to": wanted,
                                                               "type": request.query_params.get("type")})
    if not rows:
        return respond(None, 404)
    return respond([serialize.reaction(r) for r in rows])


# --- issue 19: trending ids, recommendations, resolve ------------------------------------------------------


async def get_trending_tracks_ids_with_version(request):
    q = request.query_params
    base = {"version": request.path_params.get("version", "pnagD"), "genre": None,
            "limit": int(q.get("limit", 100)), "offset": int(q.get("offset", 0)), "my_id": _my_id(request)}
    ranges = {"week": "week", "month": "month", "year": "allTime"}
    pages = await request.state.db.fetch_pipelined(
        [("get_trending_track_ids@all", {**base, "time_range": r}) for r in ranges.values()])
    return respond({key: [{"id": ids.encode(r["track_id"])} for r in rows] for key, rows in zip(ranges, pages)})


async def get_recommended_tracks(request):
    q = request.query_params
    rows = await request.state.db.fetch_all("get_trending_track_ids@excluding", {
        "version": "pnagD", "time_range": q.get("time", "week"), "limit": int(q.get("limit", 100)),
        "offset": int(q.get("offset", 0)), "exclude": [int(v) for v in q.getlist("exclusion_list")],
        "my_id": _my_id(request)})
    return respond(await hydrate.tracks(request.state.db, [r["track_id"] for r in rows], _my_id(request)))


async def get_user_recommended_tracks(request):
    q = request.query_params
    rows = await request.state.db.fetch_all("get_user_recommended_track_ids", {
        "user_id": ids.decode(request.path_params["id"]), "version": "pnagD",
        "time_range": q.get("time_range", "week"), "limit": int(q.get("limit", 10)),
        "sample": RECOMMEND_SAMPLE, "recall": RECOMMEND_RECALL, "shuffle": daily_shuffle()})
    return respond(await hydrate.tracks(request.state.db, [r["track_id"] for r in rows], _my_id(request)))


async def resolve(request):
    # The load generator sends track permalinks only (the path without the host).
    handle, slug = request.query_params["url"].strip("/").split("/")
    row = await request.state.db.fetch_one("resolve_track", {"handle": handle, "slug": slug,
                                                             "my_id": _my_id(request)})
    return Response(status_code=302, headers={"Location": f"/v1/tracks/{ids.encode(row['track_id'])}"})


def _global_rule(endpoint):
    """Upstream's rule for every operation, which our server applies to every request (SignatureAuthMiddleware):
    a request naming a viewer (user_id) is served only when signed by that user or an approved manager. It is
    the product's work, not the framework's, so the baseline does it too."""
    async def checked(request):
        my_id = _my_id(request)
        if my_id and not await _signed_by(request, my_id):
            return Response(status_code=403)
        return await endpoint(request)

    return checked


ROUTES = [
    # Starlette tries routes in order: the literal /v1/tracks/search before /v1/tracks/{track_id}.
    Route("/v1/tracks/search", search_tracks),
    Route("/v1/users/search", search_users),
    Route("/v1/playlists/search", search_playlists),
    Route("/v1/search/full", search_full),
    Route("/v1/tracks/trending", get_trending_tracks),
    Route("/v1/tracks/trending/underground", get_underground_trending_tracks),
    Route("/v1/tracks/latest", get_latest_tracks),
    Route("/v1/tracks/most_loved", get_most_loved_tracks),
    Route("/v1/tracks/under_the_radar", get_under_the_radar_tracks),
    Route("/v1/tracks/{track_id}/access-info", get_track_access_info),
    Route("/v1/tracks/trending/ids/{version}", get_trending_tracks_ids_with_version),
    Route("/v1/tracks/recommended", get_recommended_tracks),
    Route("/v1/users/{id}/recommended-tracks", get_user_recommended_tracks),
    Route("/v1/resolve", resolve),
    Route("/v1/tracks/{track_id}/reposts", get_users_from_reposts),
    Route("/v1/tracks/{track_id}", get_track),
    Route("/v1/tracks/{track_id}/remixes", get_track_remixes),
    Route("/v1/tracks/{track_id}/remixing", get_track_remix_parents),
    Route("/v1/tracks/{track_id}/top_listeners", get_track_top_listeners),
    Route("/v1/tracks/{track_id}/comments", get_track_comments),
    Route("/v1/comments/{comment_id}/replies", get_comment_replies),
    Route("/v1/tracks", get_bulk_tracks),
    Route("/v1/users/{id}/tracks", get_user_tracks),
    Route("/v1/users/{id}/listen_counts_monthly", get_monthly_listens),
    Route("/v1/notifications/{user_id}", get_notifications),
    Route("/v1/users/{id}/challenges", get_user_challenges),
    Route("/v1/users/{id}/followers", get_followers),
    Route("/v1/users/{id}/mutuals", get_mutual_followers),
    Route("/v1/challenges/undisbursed/{user_id}", get_undisbursed_challenges_for_user),
    # People around users (handlers/people.py); the literal /v1/users/top before /v1/users/{id}/...
    Route("/v1/users/top", get_top_users),
    Route("/v1/users/genre/top", get_top_users_in_genre),
    Route("/v1/users/{id}/related", get_related_users),
    Route("/v1/users/{id}/subscribers", get_subscribers),
    Route("/v1/events/remix-contests", get_remix_contests),
    Route("/v1/events/{event_id}/comments", get_event_comments),
    Route("/v1/users/{id}/favorites", get_user_favorites),
    Route("/v1/users/{id}/favorites/tracks", get_user_favorite_tracks),
    Route("/v1/users/{id}/library/tracks", get_user_library_tracks),
    Route("/v1/users/{id}/library/playlists", get_user_library_playlists),
    Route("/v1/users/{id}/remixers", get_remixers),
    Route("/v1/playlists/trending", get_trending_playlists),
    Route("/v1/reactions", bulk_get_reactions),
    Route("/v1/playlists/{playlist_id}/tracks", get_playlist_tracks),
    Route("/v1/playlists/{playlist_id}", get_playlist),
    Route("/v1/users/{id}/playlists", get_playlists_by_user),
    Route("/v1/users/{id}/reposts", get_reposts),
    Route("/v1/users/{id}/feed", get_user_feed),
]
app = Starlette(lifespan=lifespan, routes=[Route(r.path, _global_rule(r.endpoint)) for r in ROUTES])
