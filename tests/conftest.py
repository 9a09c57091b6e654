"""Test fixtures: real PostgreSQL (embedded by default, DATABASE_URL when set), one fresh database per test
cloned from a migrated template, and an app client that validates every response against the spec."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from openaudio_api.demo import seed as seeding
from openaudio_api.db.migrate import migrate
from openaudio_api.app import create_app
from openaudio_api.config import Config

TEMPLATE = "oa_test_template"
SEEDED = "oa_test_seeded"
# Small enough to seed in a second or two, large enough for every operation to have data. Its activity ends at
# PINNED_NOW, so the rows (and the dates tests read in them) are the same whatever day the tests run.
SEED_SIZE = seeding.SeedSize(users=120, tracks=600, plays=6_000, follows_per_user=6, seed=7, now=seeding.PINNED_NOW)


def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist, each test file runs whole on one worker, so its module-scoped databases are built
    once; and every file that takes the large database (LARGE_SIZE, the session's costliest seed: minutes) runs
    on one worker, so it is seeded once. A file is taken to use it when its text names large_url; one that
    reached it only through another module's fixture would be seeded a second time on the other worker
    (slower, still right). A scheduler rather than xdist_group marks: no file has to remember one."""
    from xdist.scheduler import LoadScopeScheduling

    folder = Path(__file__).resolve().parent
    large = {f"tests/{f.name}" for f in folder.glob("test_*.py") if "large_url" in f.read_text()}

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "large" if path in large else path

    return ByFile(config, log)


def pytest_collection_modifyitems(config, items):
    """pytest-xdist sends tests to workers by node id: two tests with one id would run once between them,
    silently. Refuse such a collection instead."""
    seen: dict[str, int] = {}
    for item in items:
        seen[item.nodeid] = seen.get(item.nodeid, 0) + 1
    twice = sorted(nodeid for nodeid, count in seen.items() if count > 1)
    if twice:
        raise pytest.UsageError(f"{len(twice)} node ids name more than one test, e.g. {twice[0]}")


def database_url(server_url: str, dbname: str) -> str:
    return make_conninfo(server_url, dbname=dbname)


@pytest.fixture(scope="session")
def server_url():
    """A PostgreSQL server we may create databases on."""
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    from openaudio_api.db import embedded

    # Not under pytest's basetemp: pytest prunes old run folders, which would delete the cluster of a
    # concurrent test run.
    folder = Path(tempfile.mkdtemp(prefix="openaudio-test-pg-"))
    try:
        url = embedded.start(folder)
        _throwaway_durability(url)
        yield url
    finally:
        embedded.release()
        shutil.rmtree(folder, ignore_errors=True)


# A test cluster lives for one session in a temporary folder: nothing in it needs to survive a crash of the
# machine, so it skips the flushes that only protect against that (a killed process still loses nothing: the
# crash-safety tests kill processes, not the machine). Every test writes and clones databases.
THROWAWAY = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def _throwaway_durability(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for name, value in THROWAWAY.items():
            conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
        conn.execute("SELECT pg_reload_conf()")


def _recreate(server_url: str, name: str, template: str | None = None) -> str:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return database_url(server_url, name)


@pytest.fixture(scope="session")
def template_url(server_url):
    url = _recreate(server_url, TEMPLATE)
    migrate(url)
    return url


@pytest.fixture(scope="session")
def seeded_url(server_url, template_url):
    """A migrated database with the deterministic demo data set; tests must only read it."""
    url = _recreate(server_url, SEEDED, template=TEMPLATE)
    seeding.seed(url, SEED_SIZE, progress=False)
    add_sample_trending(url)
    return url


SAMPLE = "oa_test_sample"


@pytest.fixture(scope="session")
def sample_url(server_url, template_url):
    """The seeded data set (same SEED_SIZE, same rows as seeded_url) plus manager grants, so that every
    operation, getManagers included, answers with non-empty data. For the drift and SDK tests; read only."""
    url = _recreate(server_url, SAMPLE, template=TEMPLATE)
    seeding.seed(url, SEED_SIZE, progress=False)
    add_sample_grants(url)
    add_sample_trending(url)
    add_sample_challenges(url)
    add_sample_stems(url)
    add_sample_people(url)
    add_sample_ai_attributions(url)
    add_sample_discovery(url)
    add_sample_rankings(url)
    add_sample_events(url)
    add_sample_comments(url)
    add_sample_playlists(url)
    add_sample_feed(url)
    add_sample_reactions(url)
    return url


def add_sample_ai_attributions(url: str) -> None:
    """The seed attributes no track to an AI-training artist: the two lowest public tracks of other artists
    name user 1 (the samples' handle), so getAIAttributedTracksByUserHandle has something to list."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""
            UPDATE tracks SET ai_attribution_user_id = 1
            WHERE track_id IN (SELECT track_id FROM tracks WHERE is_current AND NOT is_unlisted AND NOT is_delete
                               AND owner_id <> 1 AND stem_of IS NULL ORDER BY track_id LIMIT 2)""")


def add_sample_grants(url: str) -> None:
    """User 2 is managed by user 3 (approved), user 4 (pending: is_approved null) and user 5 (revoked)."""
    with psycopg.connect(url, autocommit=True) as conn:
        for manager, approved, revoked in ((3, True, False), (4, None, False), (5, True, True)):
            conn.execute(
                "INSERT INTO grants (grantee_address, user_id, is_revoked, is_current, is_approved, created_at, "
                "updated_at, txhash) SELECT wallet, 2, %s, true, %s, timestamp '2025-01-02', "
                "timestamp '2025-01-02', %s FROM users WHERE user_id = %s",
                (revoked, approved, f"0xsamplegrant{manager}", manager))


def add_sample_people(url: str) -> None:
    """Users 3, 4 and 5 subscribe to user 2 (the managed user), who muted users 3 and 4."""
    with psycopg.connect(url, autocommit=True) as conn:
        for other in (3, 4, 5):
            conn.execute("INSERT INTO subscriptions (subscriber_id, user_id, is_current, is_delete, txhash) "
                         "VALUES (%s, 2, true, false, %s)", (other, f"0xsamplesub{other}"))
        for other in (3, 4):
            conn.execute("INSERT INTO muted_users (muted_user_id, user_id, created_at, updated_at, txhash) "
                         "VALUES (%s, 2, timestamp '2025-01-02', timestamp '2025-01-02', %s)",
                         (other, f"0xsamplemute{other}"))


def add_sample_trending(url: str) -> None:
    """Trending scores as the jobs would compute them at the end of the seeded data's span, so the trending
    operations answer with tracks."""
    from openaudio_api.jobs.engine import processor_sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(processor_sql("trending_scores_refresh"), {"now": SEED_SIZE.now})


def add_sample_rankings(url: str) -> None:
    """For issue 19's operations: two scored public tracks for sale in USDC (scores refreshed, so the job
    flags them), the five most played public tracks past feeling lucky's 250 plays, and last week's
    trending winners as the tt / tut jobs store them (the head of the week's pnagD trending)."""
    from openaudio_api.jobs.engine import processor_sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""
            UPDATE tracks SET stream_conditions = '{"usdc_purchase": {"price": 100, "splits": []}}'
            WHERE track_id IN (
                SELECT s.track_id FROM track_trending_scores s JOIN tracks t ON t.track_id = s.track_id
                WHERE s.version = 'pnagD' AND s.time_range = 'allTime' AND NOT t.is_unlisted AND t.genre = 'Electronic'
                ORDER BY s.score, s.track_id LIMIT 2)""")
        conn.execute(processor_sql("trending_scores_refresh"), {"now": SEED_SIZE.now})
        conn.execute("""
            UPDATE aggregate_plays SET count = count + 250
            WHERE play_item_id IN (
                SELECT a.play_item_id FROM aggregate_plays a JOIN tracks t ON t.track_id = a.play_item_id
                WHERE t.is_current AND NOT t.is_unlisted AND NOT t.is_delete AND t.stem_of IS NULL
                ORDER BY a.count DESC, a.play_item_id LIMIT 5)""")
        conn.execute("""
            INSERT INTO trending_results (user_id, id, rank, type, version, week)
            SELECT t.owner_id, s.track_id::text, s.rank, kind, 'pnagD', date '2025-06-06'
            FROM (SELECT track_id, row_number() OVER (ORDER BY score DESC, track_id DESC) AS rank
                  FROM track_trending_scores WHERE type = 'TRACKS' AND version = 'pnagD' AND time_range = 'week'
                  ORDER BY score DESC, track_id DESC LIMIT 5) s
            JOIN tracks t ON t.track_id = s.track_id AND t.is_current,
            (VALUES ('TRACKS'), ('UNDERGROUND_TRACKS')) AS kinds (kind)""")


def add_sample_stems(url: str) -> None:
    """The seed uploads no stems: the lowest public track gets two, as the indexer stores them (stem tracks
    whose stem_of names the parent, and stems rows), so getTrackStems has something to list."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""
            WITH parent AS (
                SELECT track_id, owner_id, (SELECT max(track_id) FROM tracks) AS top FROM tracks
                WHERE is_current AND NOT is_unlisted AND NOT is_delete ORDER BY track_id LIMIT 1
            ), stem AS (
                INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, stem_of, track_cid,
                                    orig_filename, blocknumber, created_at, updated_at, txhash)
                SELECT p.top + n, true, false, p.owner_id, 'Stem ' || n, 'Electronic',
                       jsonb_build_object('category', c, 'parent_track_id', p.track_id), 'QmSampleStem' || n,
                       'stem' || n || '.wav', 1, timestamp '2025-01-02', timestamp '2025-01-02', '0xsamplestem' || n
                FROM parent p, (VALUES (1, 'bass'), (2, 'vocals')) AS v(n, c)
                RETURNING track_id, (stem_of->>'parent_track_id')::int AS parent_track_id
            )
            INSERT INTO stems (parent_track_id, child_track_id) SELECT parent_track_id, track_id FROM stem""")


def add_sample_discovery(url: str) -> None:
    """The seed shares, downloads and sells nothing: user 1 lists a premium track the day before the seed's
    end, the lowest public tracks are shared and downloaded, and the curated_lists job runs at the seed's
    end, so the curated lists (remixables from add_sample_stems) and popular genres answer with data."""
    from openaudio_api.jobs.processors.curated_lists import PROCESSOR
    from openaudio_api.jobs.runner import JobsRunner

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""
            INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, stream_conditions,
                                is_stream_gated, track_cid, blocknumber, created_at, updated_at, txhash)
            SELECT (SELECT max(track_id) FROM tracks) + 1, true, false, 1, 'Sample Premium', 'Electronic',
                   '{"usdc_purchase": {"price": 100, "splits": [{"user_id": 1, "percentage": 100}]}}',
                   true, 'QmSamplePremium', 1, %(at)s, %(at)s, '0xsamplepremium'""",
                     {"at": SEED_SIZE.now - timedelta(days=1)})
        # Best new releases look back from the real clock: a release of yesterday by each user followed by
        # the samples' viewer (tests/samples.known: the lowest follower of someone who reposted).
        conn.execute("""
            WITH viewer AS (SELECT min(f.follower_user_id) AS id FROM follows f
                            JOIN reposts r ON r.user_id = f.followee_user_id AND r.is_current AND NOT r.is_delete
                            WHERE f.is_current AND NOT f.is_delete),
            followees AS (SELECT DISTINCT f.followee_user_id AS id FROM follows f, viewer v
                          WHERE f.follower_user_id = v.id AND f.is_current AND NOT f.is_delete)
            INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, track_cid, blocknumber,
                                created_at, updated_at, txhash)
            SELECT (SELECT max(track_id) FROM tracks) + row_number() OVER (ORDER BY id), true, false, id,
                   'Sample New Release', 'Electronic', 'QmSampleNew' || id, 1,
                   (now() AT TIME ZONE 'UTC') - interval '1 day', (now() AT TIME ZONE 'UTC') - interval '1 day',
                   '0xsamplenew' || id
            FROM followees""")
        conn.execute("""
            WITH public AS (SELECT track_id, row_number() OVER (ORDER BY track_id) AS n FROM tracks
                            WHERE is_current AND NOT is_unlisted AND NOT is_delete AND stem_of IS NULL
                            ORDER BY track_id LIMIT 3),
            shared AS (INSERT INTO shares (user_id, share_item_id, share_type, created_at, txhash)
                       SELECT 2, track_id, 'track', %(at)s, '0xsampleshare' || track_id || '-' || k
                       FROM public, generate_series(1, 4 - n::int) k)
            INSERT INTO track_downloads (txhash, parent_track_id, track_id, user_id, created_at)
            SELECT '0xsampledownload' || track_id, track_id, track_id, 2, %(at)s FROM public""",
                     {"at": SEED_SIZE.now - timedelta(days=2)})
    runner = JobsRunner(url, [PROCESSOR])
    assert runner.acquire(wait=False)
    try:
        outcomes = runner.tick(now=SEED_SIZE.now)
    finally:
        runner.close()
    assert not [o.error for o in outcomes if o.error]
# The sample remix contests (add_sample_events): 901 runs (its track has comments, a reply and followers),
# 902 has ended.
SAMPLE_CONTEST, SAMPLE_ENDED_CONTEST = 901, 902


def add_sample_events(url: str) -> None:
    """The seed holds no events: the owner of the two lowest public tracks hosts a running remix contest on
    the first (three followers, two comments, one a reply that mentions the host, one reaction) and an
    ended one on the second, as the indexer stores them."""
    with psycopg.connect(url, autocommit=True) as conn:
        (first, host), (second, _) = conn.execute(
            "SELECT track_id, owner_id FROM tracks WHERE is_current AND NOT is_unlisted AND NOT is_delete "
            "AND owner_id = (SELECT owner_id FROM tracks WHERE is_current AND NOT is_unlisted AND NOT is_delete "
            "GROUP BY 1 HAVING count(*) > 1 ORDER BY min(track_id) LIMIT 1) ORDER BY 1 LIMIT 2").fetchall()
        fans = [r[0] for r in conn.execute(
            "SELECT user_id FROM users WHERE is_current AND NOT is_deactivated AND user_id <> %s ORDER BY 1 LIMIT 3",
            (host,))]
        conn.execute("""
            INSERT INTO events (event_id, event_type, user_id, entity_type, entity_id, end_date, event_data,
                                created_at, updated_at, txhash, blockhash, blocknumber)
            VALUES (%(running)s, 'remix_contest', %(host)s, 'track', %(first)s,
                    (now() AT TIME ZONE 'UTC') + interval '30 days', '{"prize_info": "A feature"}',
                    '2025-01-02', '2025-01-02', '0xsampleevent1', '0xb', 1),
                   (%(ended)s, 'remix_contest', %(host)s, 'track', %(second)s, timestamp '2025-01-20',
                    '{"winners": []}', '2025-01-03', '2025-01-03', '0xsampleevent2', '0xb', 1)""",
                     {"running": SAMPLE_CONTEST, "ended": SAMPLE_ENDED_CONTEST, "host": host, "first": first,
                      "second": second})
        conn.execute("""
            INSERT INTO subscriptions (subscriber_id, user_id, entity_type, entity_id, is_current, is_delete,
                                       created_at, txhash)
            SELECT fan, %(event)s, 'Event', %(event)s, true, false, '2025-01-04', '0xsamplefollow' || fan
            FROM unnest(%(fans)s::int[]) fan""", {"event": SAMPLE_CONTEST, "fans": fans})
        top, = conn.execute("SELECT coalesce(max(comment_id), 0) + 1 FROM comments").fetchone()
        conn.execute("""
            INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, created_at, updated_at,
                                  txhash, blockhash, blocknumber)
            VALUES (%(top)s, 'Entries are open', %(host)s, %(event)s, 'Event', '2025-01-05', '2025-01-05',
                    '0xsamplecomment1', '0xb', 1),
                   (%(top)s + 1, 'In!', %(fan)s, %(event)s, 'Event', '2025-01-06', '2025-01-06',
                    '0xsamplecomment2', '0xb', 1)""", {"top": top, "host": host, "fan": fans[0], "event": SAMPLE_CONTEST})
        conn.execute("INSERT INTO comment_threads (comment_id, parent_comment_id) VALUES (%s, %s)", (top + 1, top))
        conn.execute("INSERT INTO comment_mentions (comment_id, user_id, created_at, updated_at, txhash) "
                     "VALUES (%s, %s, '2025-01-06', '2025-01-06', '0xsamplemention')", (top + 1, host))
        conn.execute("INSERT INTO comment_reactions (comment_id, user_id, created_at, updated_at, txhash) "
                     "VALUES (%s, %s, '2025-01-07', '2025-01-07', '0xsamplereaction')", (top, fans[1]))
def add_sample_comments(url: str) -> None:
    """The seed writes top-level comments only: the public track with the most comments gets a thread (two
    replies to its oldest comment, one mentioning the track's owner), the owner's reaction, a pin, the owner's
    muted comment notifications, and a comment of now (getTracksWithRecentComments looks a month back), as the
    indexer stores them, so every comment field and operation has something to show."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""
            WITH busy AS (
                SELECT t.track_id, t.owner_id FROM comments c
                JOIN tracks t ON t.track_id = c.entity_id AND t.is_current AND NOT t.is_unlisted AND NOT t.is_delete
                GROUP BY t.track_id, t.owner_id ORDER BY count(*) DESC, t.track_id LIMIT 1
            ), first AS (
                SELECT c.comment_id, c.created_at, b.* FROM comments c JOIN busy b ON b.track_id = c.entity_id
                ORDER BY c.created_at, c.comment_id LIMIT 1
            ), top AS (SELECT max(comment_id) AS top FROM comments), reply AS (
                INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, track_timestamp_s,
                                      created_at, updated_at, txhash, blockhash)
                SELECT top + n, 'reply ' || n, CASE n WHEN 3 THEN 1 ELSE f.owner_id END, f.track_id, 'Track', 12,
                       CASE n WHEN 3 THEN now() AT TIME ZONE 'UTC' ELSE f.created_at + n * interval '1 hour' END,
                       f.created_at + n * interval '1 hour', '0xsamplecomment' || n, '0xb'
                FROM first f, top, generate_series(1, 3) AS n
                RETURNING comment_id, text
            ), thread AS (
                INSERT INTO comment_threads (comment_id, parent_comment_id)
                SELECT r.comment_id, f.comment_id FROM reply r, first f WHERE r.text <> 'reply 3'
            ), mention AS (
                INSERT INTO comment_mentions (comment_id, user_id, created_at, updated_at, txhash)
                SELECT r.comment_id, f.owner_id, f.created_at, f.created_at, '0xsamplemention'
                FROM reply r, first f WHERE r.text = 'reply 1'
            ), reaction AS (
                INSERT INTO comment_reactions (comment_id, user_id, created_at, updated_at, txhash)
                SELECT comment_id, owner_id, created_at, created_at, '0xsamplereaction' FROM first
            ), setting AS (
                INSERT INTO comment_notification_settings (user_id, entity_id, entity_type, is_muted, created_at,
                                                           updated_at, txhash)
                SELECT owner_id, track_id, 'Track', true, created_at, created_at, '0xsamplesetting' FROM first
            )
            UPDATE tracks t SET pinned_comment_id = f.comment_id FROM first f
            WHERE t.track_id = f.track_id AND t.is_current""")
# The sample database's playlists (demo/sql/add_playlists.sql at a small size): user 5 owns 25 of them and
# playlist 1 lists 300 tracks.
SAMPLE_PLAYLISTS = {"playlists": 60, "collector": 5, "collected": 25, "big": 300, "fans": 20,
                    "users": SEED_SIZE.users, "tracks": SEED_SIZE.tracks}


def add_sample_playlists(url: str) -> None:
    """The playlists, and their trending scores as the job would compute them at the seed's end."""
    from openaudio_api.jobs.engine import processor_sql

    with psycopg.connect(url, autocommit=True) as conn:
        seeding.add_playlists(conn, {**SAMPLE_PLAYLISTS, **seeding.FIXED_PLAYLIST_TIMES})
        conn.execute(processor_sql("trending_playlist_scores_refresh"), {"now": SEED_SIZE.now})
        conn.execute("ANALYZE")


def add_sample_feed(url: str) -> None:
    """The data set's activity ends in 2025, and a feed reads back at most a year from now
    (handlers/activity.py): the newest upload, playlist and three reposts of the sample viewer's followees move
    into the last day, so getUserFeed has items of each kind to answer whatever day the tests run."""
    from tests.samples import known

    viewer = known(url).viewer
    with psycopg.connect(url, autocommit=True) as conn:
        followees = "SELECT followee_user_id FROM follows WHERE follower_user_id = %(v)s AND is_current AND NOT is_delete"
        for table, key, owner, count in (("tracks", "track_id", "owner_id", 1),
                                         ("playlists", "playlist_id", "playlist_owner_id", 1),
                                         ("reposts", "repost_item_id", "user_id", 3)):
            moved = conn.execute(f"""
                UPDATE {table} SET created_at = (now() AT TIME ZONE 'UTC') - interval '1 hour'
                WHERE ({key}, {owner}) IN (
                    SELECT {key}, {owner} FROM {table}
                    WHERE {owner} IN ({followees}) AND is_current AND NOT is_delete
                    ORDER BY created_at DESC LIMIT {count})""", {"v": viewer}).rowcount
            assert moved >= count, f"the sample viewer's followees have no {table} to put in the feed"


def add_sample_reactions(url: str) -> None:
    """User 2 received a tip from user 1 (as a Solana tips indexer would store it) and reacted to it twice; the
    latest reaction (3) is what bulkGetReactions answers."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO user_tips (slot, signature, sender_user_id, receiver_user_id, amount) "
                     "VALUES (1, 'sample-tip-1', 1, 2, 100000000)")
        conn.execute("""
            INSERT INTO reactions (reaction_value, sender_wallet, reaction_type, reacted_to, "timestamp",
                                   blocknumber, txhash)
            SELECT v, u.wallet, 'tip', 'sample-tip-1', timestamp '2025-01-02' + v * interval '1 hour', 1,
                   '0xsamplereaction' || v
            FROM users u, (VALUES (1), (3)) AS r (v) WHERE u.user_id = 1 AND u.is_current""")


def add_sample_challenges(url: str) -> None:
    """User 2 has challenge progress: u complete and undisbursed, p complete and disbursed, two c rows, a
    trending win; the trigger adds its reward notifications."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""
            INSERT INTO user_challenges (challenge_id, user_id, specifier, is_complete, current_step_count, amount,
                                         completed_blocknumber, created_at, completed_at)
            VALUES ('u', 2, '2', true, 3, 1, 100, '2025-01-03', '2025-01-03'),
                   ('p', 2, '2', true, 7, 1, 101, '2025-01-03', '2025-01-03'),
                   ('c', 2, '2:2025-1', true, 1, 1, NULL, '2025-01-03', '2025-01-03'),
                   ('c', 2, '2:2025-2', true, 1, 1, 102, '2025-01-10', '2025-01-10'),
                   ('tt', 2, '2025-01-03:1', true, 0, 1000, 103, '2025-01-03', '2025-01-03'),
                   ('p1', 2, '2', false, 40, 25, NULL, '2025-01-03', NULL)""")
        conn.execute("INSERT INTO challenge_disbursements (challenge_id, user_id, specifier, signature, slot, amount) "
                     "VALUES ('p', 2, '2', '0xsampledisbursement', 1, '100000000')")


def _scratch_database(server_url: str, template: str | None):
    name = f"oa_test_{uuid.uuid4().hex[:12]}"
    yield _recreate(server_url, name, template=template)
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(server_url, template_url):
    """A fresh, migrated, empty database for this test alone."""
    yield from _scratch_database(server_url, TEMPLATE)


@pytest.fixture
def empty_db_url(server_url):
    """A fresh database that was never migrated, for this test alone."""
    yield from _scratch_database(server_url, None)


@pytest.fixture
def conn(db_url):
    with psycopg.connect(db_url, autocommit=True) as connection:
        yield connection


def make_client(url: str):
    config = Config(database_url=url, pool_min=1, pool_max=4, pool_timeout=3.0)
    # Response validation on: every response the tests see must conform to the spec.
    return create_app(config, validate_responses=True).test_client()


class SigningClient:
    """The app's test client, signing each request as the user it names in user_id, as a real client
    would. Tests of the signature rules themselves use raw_client."""

    def __init__(self, client):
        self.raw = client

    def get(self, url, params=None, headers=None, **kwargs):
        from openaudio_api import ids
        from tests import factory

        pairs = params.items() if isinstance(params, dict) else (params or [])
        viewer = next((ids.decode_my_id(str(v)) for k, v in pairs if k == "user_id"), 0)
        if viewer and headers is None:
            headers = factory.signature_headers(viewer)
        return self.raw.get(url, params=params, headers=headers, **kwargs)


@pytest.fixture
def raw_client(db_url):
    with make_client(db_url) as c:
        yield c


@pytest.fixture
def client(raw_client):
    return SigningClient(raw_client)


@pytest.fixture(scope="module")
def seeded_client(seeded_url):
    with make_client(seeded_url) as c:
        yield c


LARGE = "oa_test_large"
# Large enough that the planner prefers a sequential scan wherever an index is missing.
LARGE_SIZE = seeding.SeedSize(users=20_000, tracks=200_000, plays=200_000, follows_per_user=3,
                              reposts_per_track=1, saves_per_track=1, seed=11, now=seeding.PINNED_NOW)


@pytest.fixture(scope="session")
def large_url(server_url, template_url):
    url = _recreate(server_url, LARGE, template=TEMPLATE)
    seeding.seed(url, LARGE_SIZE, progress=False)
    return url
