"""Benchmark: the server under load, against a bare Starlette baseline that runs the same SQL and JSON encoding.

Seeds (or reuses, keyed by size) a database, starts our server (`openaudio-api serve`: one worker, response
validation off, request validation on, JSON access log at INFO, as in production) and the baseline
(bench/baseline_app.py under uvicorn: the same pools, SQL, hydration and orjson, no connexion), then drives
each operation with wrk at a fixed concurrency for a fixed time, ours and baseline alternately, and prints
requests/s, p50 and p99 per server (medians over rounds) and the ratio ours/baseline: the median of the rounds'
ratios, each round running both servers back to back, so a spell of slow disk or a cold cache spoils one round's
pair rather than the result. Targets: >= 0.7 on list operations, >= 0.5 on single-object ones. It samples both
servers' RSS over the whole run; --soak runs our server alone for a long time and flags RSS growth over 10%.

Every request is drawn at random from a fixed set of a few thousand built from the seeded data (ids that
exist, users with and without accepted collaborations, signed headers for the private operations), the same
set for both servers. Before measuring, one request per operation is answered by both servers and the bodies
compared: the baseline must serve the very same JSON.

wrk, not a Python client: on a 2-core machine a Python load generator needs a core of its own to push a
Python server, so it would measure itself. wrk (Debian package `wrk`, apt-get install wrk) runs in its own
process with a fraction of the CPU.

    python bench/load.py                      # 100k users, 1M tracks, 10M plays; embedded PG in bench/.data
    python bench/load.py --small              # 2k users, 20k tracks, 200k plays: a quick check
    python bench/load.py --duration 20 --concurrency 32 --rounds 3
    python bench/load.py --database-url URL   # an existing server (a database is created on it)
    python bench/load.py --soak 30            # memory over a long run: our server alone, all operations mixed
    python bench/load.py --versus 622d8d5     # this checkout against an earlier commit's server (a worktree)

Where PostgreSQL's time goes (bench/statements.py): after the paired rounds, one more round of our server alone
is read through pg_stat_statements (planning tracked; the embedded server is restarted once to load it), and
its planning and execution milliseconds per request are printed beside the requests/s, with the planning share;
execution alone is the floor, the database's own time for the request's statements (wall time: at 16 concurrent
requests on 2 cores it includes the wait for a core). The same round reads CPU from /proc (bench/cpu.py): ms per
request of our server's process ("srv cpu") and of every PostgreSQL process ("pg cpu"), and the share of one
core our single worker used ("core"): near 100%, the worker is what bounds the requests/s.

--versus REF puts the server of an earlier commit (checked out in a worktree, run with uvicorn on the same
database, without migrating it) in the baseline's place, so the ratio is this checkout's speed over that one's.
Their bodies must be the same JSON, but for keys this checkout added (listed once per operation).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from urllib.parse import quote
from datetime import timezone
from pathlib import Path

import psycopg
from eth_account import Account
from eth_account.messages import encode_defunct

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openaudio_api.demo import seed as seeding  # noqa: E402
from bench import cpu, statements  # noqa: E402
from bench.seeded import add_size_arguments, load_bench_database  # noqa: E402
from openaudio_api.db.queries import loader  # noqa: E402
from openaudio_api import ids  # noqa: E402

BENCH = Path(__file__).resolve().parent
sql = loader(BENCH / "sql")
ROOT = BENCH.parent


def with_jobs(url: str, size: seeding.SeedSize) -> None:
    """Once per database: the reward and trending jobs over the seeded data (as of the Friday after it ends),
    so trending, challenges and undisbursed rewards have rows to serve, as in production."""
    from tqdm import tqdm

    from openaudio_api.jobs.runner import JobsRunner

    runner = JobsRunner(url, batch=100_000)  # bigger batches: fewer ticks for a one-off catch-up
    if not runner.acquire(wait=False):
        sys.exit("a jobs runner holds the lock on the bench database")
    try:
        if runner.conn.execute(sql("jobs_have_run")).fetchone()[0]:
            return
        with tqdm(desc="jobs catch-up", unit="tick", file=sys.stderr) as bar:
            runner.catch_up(seeding.jobs_as_of(size), on_tick=lambda rows: bar.update(1))
    finally:
        runner.close()


def with_events(url: str, size: seeding.SeedSize) -> None:
    """Once per database: remix contests, their comments and followers (bench/sql/add_events.sql; the seed
    makes none), so the event operations have rows to serve."""
    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchone()[0]:
            return
        for statement in sql("add_events").split(";\n\n"):
            conn.execute(statement)


def event_requests(conn, rng: random.Random) -> dict[str, tuple[str, list]]:
    """The remix contest list (all, running or ended, a few pages) and contest comment pages, half of them
    the 30,000-comment contest's (bench/sql/add_events.sql)."""
    hid = ids.encode
    contests = _sample(conn, "SELECT event_id FROM events WHERE event_type = 'remix_contest' ORDER BY 1 LIMIT %s",
                       DISTINCT, DISTINCT)

    def contest_list():
        status = rng.choice(("all", "all", "active", "ended"))
        return f"/v1/events/remix-contests?status={status}&limit=25&offset={25 * rng.randrange(4)}", {}

    def comments():
        event = contests[0] if rng.random() < 0.5 else rng.choice(contests)
        sort = rng.choice(("newest", "newest", "timestamp"))
        return f"/v1/events/{hid(event)}/comments?sort_method={sort}&limit=10&offset={10 * rng.randrange(3)}", {}

    return {
        "GET /v1/events/remix-contests (25)": ("list", [contest_list() for _ in range(DISTINCT)]),
        "GET /v1/events/{id}/comments (10)": ("list", [comments() for _ in range(DISTINCT)]),
    }
# The bench's playlists (demo/sql/add_playlists.sql at the bench's size), with real data's skew: a 5,000-track
# playlist and a user with 2,000 playlists; named from the seed's words, as titles are, so playlist search
# meets the same words as track search.
def playlist_sizes(size: seeding.SeedSize) -> dict:
    return {**seeding.playlist_sizes(size), **seeding.FIXED_PLAYLIST_TIMES, "words": seeding.WORDS}


def with_playlists(url: str, size: seeding.SeedSize) -> None:
    """The playlists, and (once) their trending scores as the jobs catch-up would have computed them had the
    playlists been there (with_jobs runs first)."""
    from openaudio_api.jobs.engine import processor_sql

    with psycopg.connect(url, autocommit=True) as conn:
        seeding.add_playlists(conn, playlist_sizes(size))
        if not conn.execute("SELECT EXISTS (SELECT 1 FROM playlist_trending_scores)").fetchone()[0]:
            with conn.transaction():
                conn.execute(processor_sql("trending_scores_work_mem"))
                conn.execute(processor_sql("trending_playlist_scores_refresh"), {"now": seeding.jobs_as_of(size)})
        conn.execute("ANALYZE playlists, playlist_tracks, playlist_routes, aggregate_playlist, "
                     "playlist_trending_scores")
        # The search job ran with the jobs, before the playlists were there: their words must count too.
        conn.execute("SELECT refresh_search_words()")


def with_social(url: str) -> None:
    """Once per database: subscriptions of the most followed users and replies in the most commented tracks'
    threads (bench/sql/add_social.sql; the seed writes neither), in one transaction."""
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT EXISTS (SELECT 1 FROM subscriptions)").fetchone()[0]:
            return
        for statement in sql("add_social").split(";\n\n"):
            conn.execute(statement)
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE subscriptions, comments, comment_threads")


def with_reactions(url: str, size: seeding.SeedSize) -> None:
    """Once per database: tips and their reactions (sql/add_reactions.sql; nothing on chain indexes tips)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql("add_reactions"), {"users": size.users})
        conn.execute("ANALYZE user_tips, reactions")


# ------------------------------------------------------------------------------------------ the requests

DISTINCT = 3000  # requests per operation: enough that caches see a realistic spread
SIGNED_USERS = 300  # signing is slow (eth_account): the private operations cycle through this many users


def _sample(conn, query: str, count: int, *params) -> list[int]:
    return [r[0] for r in conn.execute(query, params)][:count]


def _signed(uid: int, seed: int) -> dict[str, str]:
    message = f"signature:{1_700_000_000_000 + uid}"
    signed = Account.from_key(seeding.private_key(uid, seed)).sign_message(encode_defunct(text=message))
    return {"Encoded-Data-Message": message,
            "Encoded-Data-Signature": "0x" + signed.signature.hex().removeprefix("0x")}


def operations(url: str, size: seeding.SeedSize, rng: random.Random) -> dict[str, tuple[str, list]]:
    """{name: (kind, [(path, headers)])}; kind is 'list' or 'single' (its ratio target)."""
    with psycopg.connect(url) as conn:
        # Tracks anyone may see (not deleted, not unlisted, owner active): a 404 is not the path measured.
        live = """SELECT t.track_id FROM tracks t JOIN users u ON u.user_id = t.owner_id AND u.is_current
                  WHERE t.track_id = ANY(%s) AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted
                    AND NOT u.is_deactivated"""
        tracks = _sample(conn, live, DISTINCT * 20, [rng.randint(1, size.tracks) for _ in range(DISTINCT * 22)])
        credited = "SELECT collaborator_user_id FROM track_collaborators WHERE status = 'accepted'"
        with_credits = sorted(set(_sample(conn, credited, 10**9)))
        # Profiles people open: owners of random tracks (so the prolific are visited most), less the credited.
        owners = _sample(conn, "SELECT owner_id FROM tracks WHERE track_id = ANY(%s)", DISTINCT, tracks[:DISTINCT])
        credited_set = set(with_credits)
        without = [u for u in owners if u not in credited_set]
        rewarded = _sample(conn, "SELECT DISTINCT user_id FROM user_challenges WHERE is_complete LIMIT %s",
                           DISTINCT, DISTINCT)
        genres = _sample(conn, "SELECT DISTINCT genre FROM track_trending_scores WHERE genre IS NOT NULL", 50)
        # The most followed: their follower lists are the long ones (the walk in follower-count order).
        famous = _sample(conn, "SELECT user_id FROM aggregate_user ORDER BY follower_count DESC LIMIT %s",
                         DISTINCT, DISTINCT)
        # Remixed tracks and remixes anyone may see, and the most played tracks (the listener pages under
        # the most plays).
        visible = ("JOIN tracks t ON t.track_id = {} AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted "
                   "JOIN users u ON u.user_id = t.owner_id AND u.is_current AND NOT u.is_deactivated")
        remixed = _sample(conn, "SELECT DISTINCT r.parent_track_id FROM remixes r "
                          + visible.format("r.parent_track_id") + " LIMIT %s", DISTINCT, DISTINCT)
        remixing = _sample(conn, "SELECT r.child_track_id FROM remixes r "
                           + visible.format("r.child_track_id") + " LIMIT %s", DISTINCT, DISTINCT)
        listened = _sample(conn, "SELECT ap.play_item_id FROM aggregate_plays ap "
                           + visible.format("ap.play_item_id") + " ORDER BY ap.count DESC LIMIT %s",
                           DISTINCT, DISTINCT)
        # People around users: the commonest dominant genres (a genre's top users walk its long list), and
        # the most subscribed-to users (their subscriber lists are the long ones).
        dominant = [r[0] for r in conn.execute(
            "SELECT dominant_genre FROM aggregate_user WHERE dominant_genre IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 10")]
        subscribed = _sample(conn, "SELECT user_id FROM subscriptions WHERE is_current AND NOT is_delete "
                             "AND entity_type = 'User' GROUP BY 1 ORDER BY count(*) DESC LIMIT %s", DISTINCT, DISTINCT)
        events = event_requests(conn, rng)
        # Comments (issue 21): the most commented tracks anyone may see, and the threads with the most replies
        # (bench/sql/add_social.sql writes 30 in the oldest thread of each of the 200 most commented tracks).
        commented = _sample(conn, "SELECT c.entity_id FROM comments c " + visible.format("c.entity_id")
                            + " WHERE c.entity_type = 'Track' GROUP BY 1 ORDER BY count(*) DESC LIMIT %s",
                            DISTINCT, DISTINCT)
        threads = _sample(conn, "SELECT c.comment_id FROM comments c " + visible.format("c.entity_id")
                          + " WHERE c.parent_comment_id IS NULL AND NOT coalesce(c.is_delete, false) "
                            "AND c.entity_id = ANY(%s) ORDER BY c.reply_count DESC, c.comment_id LIMIT %s",
                          DISTINCT, commented, DISTINCT)
        # Favorites people open: the biggest savers' (the long lists) half the time, anyone's else; remixers
        # of remixed tracks' owners.
        savers = _sample(conn, "SELECT user_id FROM saves WHERE save_type = 'track' AND is_current "
                         "AND NOT is_delete GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT %s", DISTINCT, DISTINCT)
        remixees = _sample(conn, "SELECT DISTINCT owner_id FROM tracks WHERE track_id = ANY(%s) AND is_current",
                           DISTINCT, remixed)
        # Playlists anyone may see (public, owner active); the big one and the collector's are among them.
        playlists = _sample(conn, "SELECT p.playlist_id FROM playlists p JOIN users u ON u.user_id = "
                            "p.playlist_owner_id AND u.is_current AND NOT u.is_deactivated WHERE p.is_current "
                            "AND NOT p.is_delete AND NOT p.is_private ORDER BY p.playlist_id LIMIT %s",
                            DISTINCT, DISTINCT)
        curators = _sample(conn, "SELECT DISTINCT playlist_owner_id FROM playlists WHERE is_current LIMIT %s",
                           DISTINCT, DISTINCT)
        # Issue 19: track permalinks people share (old slugs among them), listeners with the most listened
        # tracks (their recommendations read the most), and the head of trending a client already has.
        permalinks = [r[0] for r in conn.execute(
            "SELECT u.handle || '/' || r.slug FROM track_routes r JOIN users u ON u.user_id = r.owner_id "
            "AND u.is_current WHERE r.track_id = ANY(%s)", (tracks[:DISTINCT],))]
        listeners = _sample(conn, "SELECT user_id FROM track_listeners GROUP BY 1 ORDER BY count(*) DESC LIMIT %s",
                            DISTINCT, DISTINCT)
        # Issue 20: the heaviest reposters (their reposts pages walk the longest lists), and who follows the
        # most (the feeds that probe the most followees).
        reposters = _sample(conn, "SELECT user_id FROM reposts WHERE is_current AND NOT is_delete GROUP BY 1 "
                            "ORDER BY count(*) DESC, 1 LIMIT %s", DISTINCT, DISTINCT)
        followers_most = _sample(conn, "SELECT user_id FROM aggregate_user ORDER BY following_count DESC, user_id "
                                 "LIMIT %s", SIGNED_USERS // 2, SIGNED_USERS // 2)
        shown = _sample(conn, "SELECT track_id FROM track_trending_scores WHERE type = 'TRACKS' "
                        "AND version = 'pnagD' AND time_range = 'week' ORDER BY score DESC, track_id DESC LIMIT 100",
                        100)
    hid = ids.encode
    signers = rng.sample(sorted(set(owners)), min(SIGNED_USERS, len(set(owners))))
    feeders = sorted(set(followers_most) | set(signers[:SIGNED_USERS // 2]))
    headers = {u: _signed(u, size.seed) for u in {*signers, *feeders}}

    def search_text() -> str:
        words = [rng.choice(seeding.WORDS) for _ in range(rng.choice((1, 1, 2)))]
        words[-1] = words[-1][:rng.randint(3, len(words[-1]))]  # as typed: the last word often a prefix
        return "+".join(words)

    def draw(make) -> list:
        return [make() for _ in range(DISTINCT)]

    def profile(users: list[int]):
        return lambda: (f"/v1/users/{hid(rng.choice(users))}/tracks?limit=20", {})

    # The bench's activity ends at its pinned now, before today, and a first page reaches back 90 days only:
    # page from a cursor at the end of the seeded span, so every page is a full one.
    cursor = int(size.now.replace(tzinfo=timezone.utc).timestamp())

    def notifications():
        u = rng.choice(signers)
        return f"/v1/notifications/{hid(u)}?limit=20&timestamp={cursor}", headers[u]

    def signed_by_self(rest):
        def make():
            u = rng.choice(signers)
            return f"/v1/users/{hid(u)}/{rest()}", headers[u]
        return make

    def monthly():
        u = rng.choice(signers)
        year = rng.choice((2023, 2024, 2025))
        return (f"/v1/users/{hid(u)}/listen_counts_monthly?start_time={year}-01-01&end_time={year}-12-31",
                headers[u])

    def trending():
        time_range = rng.choice(("week", "month", "allTime"))
        genre = f"&genre={quote(rng.choice(genres))}" if genres and rng.random() < 0.3 else ""
        return f"/v1/tracks/trending?time={time_range}&limit=20&offset={20 * rng.randrange(5)}{genre}", {}

    def followee_list(path: str):
        def make():
            u = rng.choice(signers)
            return f"{path}&user_id={hid(u)}", headers[u]
        return make

    def followers():
        # Half the lists opened are the famous' long ones, half ordinary profiles' short ones.
        u = rng.choice(famous if rng.random() < 0.5 else owners)
        return f"/v1/users/{hid(u)}/followers?limit=20&offset={20 * rng.randrange(3)}", {}

    def mutuals():
        viewer = rng.choice(signers)
        return f"/v1/users/{hid(rng.choice(famous + owners))}/mutuals?limit=20&user_id={hid(viewer)}", headers[viewer]

    def related():
        # The famous take the followers' sample (collaborative filtering), ordinary profiles the genre walk.
        u = rng.choice(famous if rng.random() < 0.5 else owners)
        return f"/v1/users/{hid(u)}/related?limit=10", {}

    def genre_top():
        return f"/v1/users/genre/top?genre={quote(rng.choice(dominant or ['Electronic']))}&limit=20", {}

    def feed():
        u = rng.choice(feeders)
        kind = rng.choice(("", "", "&filter=repost&tracks_only=true"))
        return f"/v1/users/{hid(u)}/feed?limit=20&offset={20 * rng.randrange(2)}{kind}", headers[u]

    def subscribers():
        # The 100 most followed users' subscribers (bench/sql/add_social.sql).
        return f"/v1/users/{hid(rng.choice(subscribed or owners))}/subscribers?limit=20", {}

    return {
        "GET /v1/tracks/{id}": ("single", draw(lambda: (f"/v1/tracks/{hid(rng.choice(tracks))}", {}))),
        "GET /v1/tracks?id= (20)": ("list", draw(
            lambda: ("/v1/tracks?" + "&".join(f"id={hid(t)}" for t in rng.sample(tracks, 20)), {}))),
        "GET /v1/users/{id}/tracks, no credits": ("list", draw(profile(without))),
        "GET /v1/users/{id}/tracks, credits": ("list", draw(profile(with_credits))),
        "GET /v1/tracks/search?query=": ("list", draw(lambda: (f"/v1/tracks/search?query={search_text()}", {}))),
        # Search of the other kinds (issue 22).
        "GET /v1/users/search?query=": ("list", draw(lambda: (f"/v1/users/search?query={search_text()}", {}))),
        "GET /v1/playlists/search?query=": ("list", draw(
            lambda: (f"/v1/playlists/search?query={search_text()}", {}))),
        "GET /v1/search/full?query=": ("list", draw(lambda: (f"/v1/search/full?query={search_text()}", {}))),
        "GET /v1/notifications/{user_id}": ("list", draw(notifications)),
        "GET /v1/users/{id}/listen_counts_monthly": ("single", draw(monthly)),
        "GET /v1/tracks/trending (20)": ("list", draw(trending)),
        "GET /v1/tracks/trending/underground (20)": ("list", draw(
            lambda: (f"/v1/tracks/trending/underground?limit=20&offset={20 * rng.randrange(5)}", {}))),
        "GET /v1/users/{id}/challenges": ("list", draw(
            lambda: (f"/v1/users/{hid(rng.choice(rewarded))}/challenges", {}))),
        "GET /v1/challenges/undisbursed/{user_id}": ("list", draw(
            lambda: (f"/v1/challenges/undisbursed/{hid(rng.choice(rewarded))}", {}))),
        "GET /v1/users/{id}/followers (20)": ("list", draw(followers)),
        "GET /v1/users/{id}/mutuals (20)": ("list", draw(mutuals)),
        "GET /v1/tracks/{id}/reposts (20)": ("list", draw(
            lambda: (f"/v1/tracks/{hid(rng.choice(tracks))}/reposts?limit=20", {}))),
        "GET /v1/tracks/{id}/remixes": ("list", draw(lambda: (
            f"/v1/tracks/{hid(rng.choice(remixed))}/remixes?sort_method={rng.choice(('recent', 'likes', 'plays'))}",
            {}))),
        "GET /v1/tracks/{id}/remixing (remixes' parents)": ("list", draw(
            lambda: (f"/v1/tracks/{hid(rng.choice(remixing))}/remixing", {}))),
        "GET /v1/tracks/{id}/top_listeners": ("list", draw(
            lambda: (f"/v1/tracks/{hid(rng.choice(listened))}/top_listeners", {}))),
        "GET /v1/users/top (20)": ("list", draw(
            lambda: (f"/v1/users/top?limit=20&offset={20 * rng.randrange(5)}", {}))),
        "GET /v1/users/genre/top (20)": ("list", draw(genre_top)),
        "GET /v1/users/{id}/related (10)": ("list", draw(related)),
        "GET /v1/users/{id}/subscribers (20)": ("list", draw(subscribers)),
        # Curated lists and access info (issue 19): the followee lists as signed-in users see them.
        "GET /v1/tracks/latest (20)": ("list", draw(
            lambda: (f"/v1/tracks/latest?limit=20&offset={20 * rng.randrange(5)}", {}))),
        "GET /v1/tracks/most_loved": ("list", draw(followee_list("/v1/tracks/most_loved?limit=25"))),
        "GET /v1/tracks/under_the_radar": ("list", draw(followee_list("/v1/tracks/under_the_radar?limit=25"))),
        "GET /v1/tracks/{id}/access-info": ("single", draw(
            lambda: (f"/v1/tracks/{hid(rng.choice(tracks))}/access-info", {}))),
        **events,
        "GET /v1/tracks/{id}/comments (each sort)": ("list", draw(lambda: (
            f"/v1/tracks/{hid(rng.choice(commented))}/comments?limit=10"
            f"&sort_method={rng.choice(('top', 'newest', 'timestamp'))}", {}))),
        "GET /v1/comments/{id}/replies": ("list", draw(
            lambda: (f"/v1/comments/{hid(rng.choice(threads))}/replies?limit=10", {}))),
        # A user's library and remixers (issue 18).
        "GET /v1/users/{id}/favorites (50)": ("list", draw(
            lambda: (f"/v1/users/{hid(rng.choice(savers if rng.random() < 0.5 else owners))}/favorites", {}))),
        "GET /v1/users/{id}/favorites/tracks (10)": ("list", draw(lambda: (
            f"/v1/users/{hid(rng.choice(savers))}/favorites/tracks"
            f"?sort_method={rng.choice(('added_date', 'added_date', 'plays', 'title'))}", {}))),
        # Libraries (issue 20), signed: newest first mostly, sometimes by plays or reposts (the bounded sort).
        "GET /v1/users/{id}/library/tracks (50)": ("list", draw(signed_by_self(
            lambda: f"library/tracks?type={rng.choice(('all', 'all', 'favorite', 'repost'))}"
                    f"&sort_method={rng.choice(('added_date', 'added_date', 'added_date', 'plays'))}"))),
        "GET /v1/users/{id}/library/playlists (50)": ("list", draw(signed_by_self(
            lambda: f"library/playlists?sort_method={rng.choice(('added_date', 'reposts'))}"))),
        "GET /v1/users/{id}/remixers (10)": ("list", draw(
            lambda: (f"/v1/users/{hid(rng.choice(remixees))}/remixers", {}))),
        # Playlists (issue 20): playlist 1 lists 5,000 tracks, user 5 owns 2,000 playlists.
        "GET /v1/playlists/{id}": ("single", draw(lambda: (f"/v1/playlists/{hid(rng.choice(playlists))}", {}))),
        "GET /v1/playlists/{id}/tracks": ("list", draw(lambda: (
            f"/v1/playlists/{hid(1 if rng.random() < 0.1 else rng.choice(playlists))}/tracks?limit=50", {}))),
        "GET /v1/users/{id}/playlists (20)": ("list", draw(lambda: (
            f"/v1/users/{hid(5 if rng.random() < 0.1 else rng.choice(curators))}/playlists?limit=20"
            f"&sort_method={rng.choice(('recent', 'popular'))}", {}))),
        "GET /v1/playlists/trending (10)": ("list", draw(lambda: (
            f"/v1/playlists/trending?limit=10&offset={10 * rng.randrange(5)}"
            f"&time={rng.choice(('week', 'month', 'year'))}&type={rng.choice(('playlist', 'playlist', 'album'))}",
            {}))),
        # Tip reactions (issue 21): ten signatures a request, one in ten reacted to five times.
        "GET /v1/reactions (10 tips)": ("list", draw(lambda: (
            "/v1/reactions?reacted_to_ids=" + ",".join(f"benchtip{rng.randint(1, 20000)}" for _ in range(10)),
            {}))),
        "GET /v1/tracks/trending/ids/{version} (20)": ("list", draw(lambda: (
            f"/v1/tracks/trending/ids/{rng.choice(('pnagD', 'AnlGe'))}?limit=20&offset={20 * rng.randrange(5)}",
            {}))),
        "GET /v1/tracks/recommended (20, 20 excluded)": ("list", draw(lambda: (
            "/v1/tracks/recommended?limit=20&" + "&".join(f"exclusion_list={t}" for t in rng.sample(shown, 20)),
            {}))),
        "GET /v1/users/{id}/recommended-tracks": ("list", draw(
            lambda: (f"/v1/users/{hid(rng.choice(listeners))}/recommended-tracks?time_range=allTime", {}))),
        # A user's reposts and feed (issue 20): the heaviest reposters half the time; feeds of the users who
        # follow the most and of ordinary signers, all kinds or reposts of tracks.
        "GET /v1/users/{id}/reposts (20)": ("list", draw(lambda: (
            f"/v1/users/{hid(rng.choice(reposters if rng.random() < 0.5 else owners))}/reposts?limit=20"
            f"&offset={20 * rng.randrange(3)}", {}))),
        "GET /v1/users/{id}/feed (20)": ("list", draw(feed)),
        "GET /v1/resolve?url= (a track)": ("single", draw(
            lambda: (f"/v1/resolve?url={quote(rng.choice(permalinks))}", {}))),
    }


# -------------------------------------------------------------------------------------------- the servers

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process on a free port, its output in a log file; its RSS sampled from start to stop."""

    def __init__(self, name: str, argv: list[str], env: dict, log: Path, cwd: Path = ROOT):
        self.name, self.port = name, _free_port()
        self.log = log
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        self.rss: list[int] = []
        self.loaded_from = 0  # the first sample under timed load: warm-up (caches filling) is not growth
        self._stop = threading.Event()

    def wait_ready(self, probe: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}{probe}", timeout=5):
                    pass
                threading.Thread(target=self._sample_rss, daemon=True).start()
                return
            except OSError:
                time.sleep(0.3)
        sys.exit(f"{self.name} did not come up in {timeout} s:\n{self.log.read_text()[-3000:]}")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _sample_rss(self) -> None:
        # One worker: the process we started is the worker (uvicorn runs the app in it).
        status = Path(f"/proc/{self.process.pid}/status")
        while not self._stop.wait(0.5):
            try:
                line = next(x for x in status.read_text().splitlines() if x.startswith("VmRSS:"))
            except (OSError, StopIteration):
                return
            self.rss.append(int(line.split()[1]) // 1024)

    def stop(self) -> None:
        self._stop.set()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def get(base: str, path: str, headers: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# ------------------------------------------------------------------------------------------------ the load

LUA = """
local raw = %s
local reqs = {}
init = function(args)
  math.randomseed(%d)
  for i, r in ipairs(raw) do reqs[i] = wrk.format("GET", r[1], r[2]) end
end
request = function() return reqs[math.random(#reqs)] end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def lua_script(folder: Path, name: str, requests: list, seed: int) -> Path:
    # JSON strings are Lua strings for these ASCII paths and headers; a table of {path, headers}.
    rows = ",\n".join("{%s, {%s}}" % (json.dumps(path), ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}"
                                                                    for k, v in headers.items()))
                      for path, headers in requests)
    script = folder / f"{abs(hash(name))}.lua"
    script.write_text(LUA % ("{\n" + rows + "\n}", seed))
    return script


def wrk(base: str, script: Path, concurrency: int, seconds: int) -> dict:
    out = subprocess.run(["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script),
                          base], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"wrk failed: {out.stderr}{out.stdout}")
    out = out.stdout
    fields = [int(x) for x in next(x for x in out.splitlines() if x.startswith("RESULT")).split()[1:]]
    count, micros, p50, p99, bad_status, socket_errors = fields
    return {"rps": count / (micros / 1e6), "p50": p50 / 1000, "p99": p99 / 1000, "errors": bad_status + socket_errors,
            "requests": count}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser, BENCH / ".data")
    parser.add_argument("--concurrency", type=int, default=16, help="open connections (wrk -c)")
    # Many short rounds rather than a few long ones: the median of five discards a round that a stall of the
    # shared machine (page cache misses on a database larger than memory) hit, where a median of two is a mean.
    parser.add_argument("--duration", type=int, default=5, help="seconds per operation, server and round")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of untimed load first, per server")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, alternating which server goes first")
    parser.add_argument("--only", help="operations whose name contains this (or any of several, separated by |)")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--versus", metavar="REF",
                        help="measure against the server of this commit (a worktree of it) instead of the baseline")
    parser.add_argument("--soak", type=float, metavar="MINUTES",
                        help="instead of the comparison: our server alone under every operation at once for this "
                             "long (after a minute of warm-up), with its RSS and requests/s minute by minute")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    # A SIGTERM (timeout, kill) unwinds like Ctrl-C, so the servers started below are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url, size = load_bench_database(args)
    with_jobs(url, size)
    with_events(url, size)
    with_playlists(url, size)
    with_reactions(url, size)
    with_social(url)
    measured = statements.configure(url, None if args.database_url else Path(args.data_dir) / "pg")
    if measured:
        statements.install(url)
    if args.seed_only:
        return
    ops = operations(url, size, random.Random(7))
    if args.only:
        ops = {k: v for k, v in ops.items() if any(part in k for part in args.only.split("|"))}
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)  # with --database-url nothing else made it
    folder = Path(tempfile.mkdtemp(prefix="load-", dir=args.data_dir))
    # Production settings: pools and timeouts from the defaults, response validation off (the default).
    env = {**os.environ, "DATABASE_URL": url, "VALIDATE_RESPONSES": "", "SKIP_AUTH_CHECK": "", "LOG_LEVEL": "INFO"}
    ours = Server("ours", [str(Path(sys.executable).parent / "openaudio-api"), "serve", "--port", "{port}"],
                  env, folder / "ours.log")
    if args.soak:
        try:
            ours.wait_ready("/health_check")
            soak(ops, ours, args, folder)
        finally:
            ours.stop()
        return
    if args.versus:
        baseline = earlier_server(args.versus, env, folder)
    else:
        baseline = Server("baseline", [sys.executable, "-m", "uvicorn", "bench.baseline_app:app", "--port",
                                       "{port}", "--no-access-log", "--log-level", "warning"], env,
                          folder / "baseline.log")
    servers = (ours, baseline)
    try:
        for server in servers:
            # An earlier commit's health check may not know this schema's tables: probe an operation instead,
            # one the first slice served and whose SQL today's schema still runs (its search functions changed
            # in 0031, so an older commit's search fails here and cannot be compared).
            probe = "/v1/tracks/trending" if args.versus else "/v1/tracks/search?query=a"
            server.wait_ready("/health_check" if server is ours else probe)
        run(ops, servers, args, folder, url if measured else None)
    finally:
        for server in servers:
            server.stop()
        if args.versus:
            subprocess.run(["git", "worktree", "remove", "--force", str(folder / "versus")], cwd=ROOT,
                           capture_output=True)
    memory(servers, judged=False)


def earlier_server(ref: str, env: dict, folder: Path) -> Server:
    """The API as commit `ref` served it: a worktree of that commit, its modules first on the path, run by uvicorn
    (its asgi app does not migrate, so the database stays this checkout's)."""
    tree = folder / "versus"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), ref], cwd=ROOT, check=True, capture_output=True)
    return Server(f"at {ref}", [sys.executable, "-m", "uvicorn", "openaudio_api.asgi:app", "--port", "{port}",
                                "--no-access-log", "--log-level", "warning"],
                  {**env, "PYTHONPATH": str(tree)}, folder / "versus.log", cwd=tree)


def same_answer(ours: tuple[int, bytes], theirs: tuple[int, bytes], versus: bool) -> set[str] | None:
    """None when the answers differ; otherwise the keys only ours has (none against the baseline, which must
    answer byte for byte; an earlier commit may lack fields added since)."""
    if ours[0] != 200 or ours[0] != theirs[0]:
        return None
    if ours[1] == theirs[1]:
        return set()
    if not versus:
        return None
    added: set[str] = set()

    def strip(mine, earlier, at: str):
        if isinstance(mine, dict) and isinstance(earlier, dict):
            for key in set(mine) - set(earlier):
                added.add(f"{at}.{key}")
            return {k: strip(v, earlier[k], f"{at}.{k}") for k, v in mine.items() if k in earlier}
        if isinstance(mine, list) and isinstance(earlier, list) and len(mine) == len(earlier):
            return [strip(a, b, f"{at}[]") for a, b in zip(mine, earlier)]
        return mine

    mine, earlier = json.loads(ours[1]), json.loads(theirs[1])
    return added if strip(mine, earlier, "") == earlier else None


def run(ops: dict, servers: tuple, args, folder: Path, stats_url: str | None) -> None:
    ours, other = servers
    print(f"wrk -t1 -c{args.concurrency}, {args.duration:g} s per operation and server x {args.rounds} rounds "
          f"(medians); {DISTINCT} distinct requests per operation; baseline: {other.name}")
    print(f"{'operation':<42}{'ours req/s':>11}{'p50 ms':>8}{'p99 ms':>8}{'base req/s':>11}{'p50 ms':>8}"
          f"{'p99 ms':>8}{'ratio':>7}{'target':>7}{'plan ms':>9}{'exec ms':>9}{'plan %':>7}{'srv cpu':>8}"
          f"{'pg cpu':>8}{'core':>7}")
    for n, (name, (kind, requests)) in enumerate(ops.items()):
        path, headers = requests[0]
        answers = [get(s.base, path, headers) for s in servers]
        if args.versus and answers[1][0] == 404 and answers[0][0] == 200:
            print(f"{name:<42}  (not served {other.name})")
            continue
        added = same_answer(answers[0], answers[1], bool(args.versus))
        if added is None:
            sys.exit(f"{name}: {path} answered differently:\n  ours {answers[0][:2]!r:.400}\n"
                     f"  {other.name} {answers[1][:2]!r:.400}")
        if added:
            print(f"  ({name}: keys only ours has: {', '.join(sorted(added))})")
        script = lua_script(folder, name, requests, n)
        results: dict[str, list[dict]] = {s.name: [] for s in servers}
        for server in servers:
            wrk(server.base, script, args.concurrency, args.warmup)
        for server in servers:
            server.loaded_from = server.loaded_from or len(server.rss)
        for round_no in range(args.rounds):
            for server in servers if round_no % 2 == 0 else servers[::-1]:
                results[server.name].append(wrk(server.base, script, args.concurrency, args.duration))
        row = {s: {k: statistics.median(r[k] for r in results[s]) for k in ("rps", "p50", "p99")} for s in results}
        errors = sum(r["errors"] for rs in results.values() for r in rs)
        ratio = statistics.median(o["rps"] / b["rps"] if b["rps"] else 0.0
                                  for o, b in zip(results[ours.name], results[other.name]))
        target = 0.7 if kind == "list" else 0.5
        if args.versus:
            target = 0.0  # a comparison of versions, not a framework-cost target
        flag = "" if ratio >= target else "  MISSED"
        flag += f"  ({errors} errors)" if errors else ""
        print(f"{name:<42}" + "".join(f"{row[s]['rps']:>11.0f}{row[s]['p50']:>8.1f}{row[s]['p99']:>8.1f}"
                                      for s in (ours.name, other.name)) + f"{ratio:>7.2f}{target:>7.1f}"
              + database_time(ours, script, args, stats_url) + flag, flush=True)
        if args.versus and stats_url:
            print(f"{'  ' + other.name + ', alone':<105}{database_time(other, script, args, stats_url)}", flush=True)


def database_time(server: Server, script: Path, args, stats_url: str | None) -> str:
    """One more round of `server` alone, read through pg_stat_statements: planning and execution ms per request
    and the planning share (bench/statements.py); and the CPU ms per request of the server's process and of
    PostgreSQL's (bench/cpu.py: local servers only), with the share of a core the one worker used. Alone, so
    the other server's statements and CPU are not counted."""
    if stats_url is None:
        return ""
    before, server_cpu, pg_cpu = statements.totals(stats_url), cpu.seconds(server.process.pid), cpu.postgres()
    result = wrk(server.base, script, args.concurrency, args.duration)
    spent = statements.totals(stats_url) - before
    per = max(result["requests"], 1)
    server_ms = (cpu.seconds(server.process.pid) - server_cpu) / per * 1000
    pg_ms = cpu.postgres_since(pg_cpu) / per * 1000 if not args.database_url else float("nan")
    return (f"{spent.plan_ms / per:>9.3f}{spent.exec_ms / per:>9.3f}{spent.planning_share:>7.0%}"
            f"{server_ms:>8.2f}{pg_ms:>8.2f}{server_ms * result['rps'] / 1000:>7.0%}")


def soak(ops: dict, server: Server, args, folder: Path) -> None:
    """Every operation's requests in one random stream, minute after minute: a worker whose memory grows
    with the requests it has served shows it here long before production does."""
    mixed = [request for _, requests in ops.values() for request in requests]
    script = lua_script(folder, "soak", mixed, 1)
    print(f"soak: {len(mixed)} distinct requests over {len(ops)} operations, wrk -t1 -c{args.concurrency}, "
          f"1 minute of warm-up, then {args.soak:g} minutes")
    wrk(server.base, script, args.concurrency, 60)
    server.loaded_from = len(server.rss)
    print(f"{'minute':>6}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}{'RSS MiB':>9}", flush=True)
    for minute in range(1, int(args.soak) + 1):
        result = wrk(server.base, script, args.concurrency, 60)
        print(f"{minute:>6}{result['rps']:>8.0f}{result['p50']:>8.1f}{result['p99']:>8.1f}{result['errors']:>8}"
              f"{server.rss[-1]:>9}", flush=True)
    memory((server,), judged=True)


def memory(servers: tuple, *, judged: bool) -> None:
    """judged: flag growth over 10%. Only the soak is judged: in the comparison each operation in turn warms
    its own code and caches in both servers (both grow by a similar share), which is not growth with use."""
    print("\nRSS (MiB), sampled every 0.5 s: at the first timed run (after the first warm-up), at the end, "
          "and the most" + (":" if judged else " (bench/load.py --soak judges memory over a long run):"))
    for server in servers:
        if len(server.rss) < 2:
            print(f"  {server.name}: no samples")
            continue
        start, end, peak = server.rss[server.loaded_from], server.rss[-1], max(server.rss)
        growth = (end - start) / start
        flag = "  GREW over 10%" if judged and growth > 0.10 else ""
        print(f"  {server.name:<9} start {start:>5}  end {end:>5}  max {peak:>5}  growth {growth:+.0%}{flag}")


if __name__ == "__main__":
    main()
