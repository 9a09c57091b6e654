"""demo/seed.py: the same size and seed always write the same rows, another seed writes other rows, exactly the
requested counts are written, and the aggregates the statement triggers build from the COPY chunks equal a
recount from the base tables (after seeding, and after indexer-style changes on top of it)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import psycopg
import psycopg.conninfo
import pytest

from openaudio_api.demo import seed as seeding
from tests.conftest import TEMPLATE, _recreate
from tests.test_cli import run

SIZE = seeding.SeedSize(users=50, tracks=200, plays=2000, seed=3, now=seeding.PINNED_NOW)

# Columns the seed writes itself (so no serial ids and no now() defaults), per table.
DETERMINISTIC_COLUMNS = {
    "users": seeding.USER_COLUMNS,
    "user_balances": "user_id, balance, associated_wallets_balance",
    "tracks": seeding.TRACK_COLUMNS,
    "track_routes": "slug, title_slug, collision_id, owner_id, track_id, is_current, txhash",
    "follows": "follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash",
    "reposts": "user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash",
    "saves": "user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash",
    "remixes": "parent_track_id, child_track_id",
    "comments": "comment_id, text, user_id, entity_id, entity_type, created_at, updated_at, txhash, blockhash",
    "plays": "user_id, play_item_id, created_at, source, country",
    # Derived by the triggers, so they must be just as reproducible.
    "aggregate_user": "user_id, follower_count, following_count, track_count, total_track_count, repost_count, "
                      "track_save_count",
    "aggregate_track": "track_id, repost_count, save_count, comment_count",
    "aggregate_plays": "play_item_id, count",
    "aggregate_monthly_plays": "play_item_id, \"timestamp\", country, count",
}


@pytest.fixture
def fresh_dbs(server_url, template_url):
    """Factory of fresh migrated, empty databases (cloned from the test template), dropped afterwards."""
    names = []

    def make() -> str:
        name = f"oa_seed_{uuid.uuid4().hex[:10]}"
        names.append(name)
        return _recreate(server_url, name, template=TEMPLATE)

    yield make
    with psycopg.connect(server_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """(row count, md5 of the rows in a canonical order) per table."""
    out = {}
    with psycopg.connect(url) as conn:
        for table, columns in DETERMINISTIC_COLUMNS.items():
            out[table] = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) "
                f"FROM (SELECT ROW({columns})::text AS r FROM {table}) t"
            ).fetchone()
    return out


@pytest.fixture(scope="module")
def seeded_twice(server_url, template_url):
    names = [f"oa_seed_{uuid.uuid4().hex[:10]}" for _ in range(3)]
    urls = [_recreate(server_url, name, template=TEMPLATE) for name in names]
    seeding.seed(urls[0], SIZE, progress=False)
    seeding.seed(urls[1], SIZE, progress=False)
    seeding.seed(urls[2], replace(SIZE, seed=4), progress=False)
    yield urls
    with psycopg.connect(server_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_same_size_and_seed_give_identical_data(seeded_twice):
    first, second, _ = seeded_twice
    a, b = fingerprint(first), fingerprint(second)
    assert all(count > 0 for count, _ in a.values()), a
    assert a == b


def test_a_different_seed_gives_different_data(seeded_twice):
    first, _, other = seeded_twice
    a, c = fingerprint(first), fingerprint(other)
    for table in ("users", "tracks", "follows", "reposts", "saves", "plays"):
        assert a[table][1] != c[table][1], f"{table} is identical under another seed"
        # Same sizes, different content.
        assert a[table][0] == c[table][0]


def test_seed_writes_the_requested_counts(seeded_twice):
    first = seeded_twice[0]
    with psycopg.connect(first) as conn:
        count = lambda table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
        assert count("users") == SIZE.users
        assert count("user_balances") == SIZE.users
        assert count("tracks") == SIZE.tracks
        assert count("track_routes") == SIZE.tracks
        assert count("plays") == SIZE.plays
        assert count("follows") == SIZE.follows
        assert count("reposts") == SIZE.reposts
        assert count("saves") == SIZE.saves
        assert count("comments") == SIZE.comments
        assert count("remixes") == SIZE.remixes
        # Every user and track has its aggregate row (reads INNER JOIN them).
        assert count("aggregate_user") == SIZE.users
        assert count("aggregate_track") == SIZE.tracks
        # No self-follows, no duplicate follow pairs.
        assert conn.execute("SELECT count(*) FROM follows WHERE follower_user_id = followee_user_id").fetchone()[0] == 0
        assert conn.execute("SELECT count(DISTINCT (follower_user_id, followee_user_id)) FROM follows"
                            ).fetchone()[0] == SIZE.follows


def test_seeding_a_seeded_database_is_refused(seeded_twice):
    first = seeded_twice[0]
    before = fingerprint(first)
    with pytest.raises(RuntimeError, match="already has users"):
        seeding.seed(first, SIZE, progress=False)
    assert fingerprint(first) == before
    assert seeding.is_seeded(first)


# ------------------------------------------------------------------------------ times relative to now

# What the seed writes with a time in it, and what the triggers derive from those rows.
TIMED = {
    "users": "user_id, handle, wallet, created_at, updated_at",
    "tracks": "track_id, owner_id, title, created_at, updated_at, release_date",
    "follows": "follower_user_id, followee_user_id, created_at",
    "reposts": "user_id, repost_item_id, created_at",
    "saves": "user_id, save_item_id, created_at",
    "comments": "comment_id, user_id, entity_id, text, created_at, updated_at",
    "track_collaborators": "track_id, collaborator_user_id, status, created_at, updated_at",
    "plays": "user_id, play_item_id, country, created_at",
    "notification": "type, specifier, group_id, user_ids, data, \"timestamp\"",
}


def timed_rows(url: str, shift: timedelta = timedelta(0)) -> dict[str, list[tuple]]:
    """TIMED's rows per table, sorted, every time moved back by shift."""
    with psycopg.connect(url) as conn:
        return {table: sorted(tuple(v - shift if isinstance(v, datetime) else str(v) for v in row)
                              for row in conn.execute(f"SELECT {columns} FROM {table}"))
                for table, columns in TIMED.items()}


def test_another_now_moves_every_time_by_the_difference_and_nothing_else(seeded_twice, fresh_dbs):
    shift = timedelta(days=523, seconds=4321)
    later = fresh_dbs()
    seeding.seed(later, replace(SIZE, now=SIZE.now + shift), progress=False)
    before, after = timed_rows(seeded_twice[0]), timed_rows(later, shift)
    assert all(before.values())
    assert after == before
    assert timed_rows(later) != before


def test_the_activity_ends_at_now(fresh_dbs):
    """Nothing happens after now (collaboration answers drawn later than it are answered at it: seed 9 draws
    one), and the activity reaches up to it: the last day has plays."""
    url = fresh_dbs()
    seeding.seed(url, replace(SIZE, seed=9), progress=False)
    with psycopg.connect(url) as conn:
        latest = {table: conn.execute(f"SELECT max({column}) FROM {table}").fetchone()[0]
                  for table, column in (("users", "created_at"), ("tracks", "created_at"), ("follows", "created_at"),
                                        ("reposts", "created_at"), ("saves", "created_at"),
                                        ("comments", "updated_at"), ("track_collaborators", "updated_at"),
                                        ("plays", "created_at"), ("notification", "timestamp"))}
        assert all(at <= SIZE.now for at in latest.values()), latest
        assert latest["plays"] > SIZE.now - timedelta(days=1)
        assert conn.execute("SELECT min(created_at) FROM plays").fetchone()[0] >= SIZE.start
        assert conn.execute("SELECT count(*) FROM track_collaborators WHERE updated_at = %s AND status <> 'pending'",
                            (SIZE.now,)).fetchone()[0] == 1


def test_seed_now_on_the_command_line_gives_the_library_rows(fresh_dbs):
    """`seed --now` (any offset, converted to UTC) writes exactly what SeedSize(now=...) writes, then the demo's
    playlists as of that now."""
    by_cli, by_library = fresh_dbs(), fresh_dbs()
    result = run("seed", "--database-url", by_cli, "--users", "50", "--tracks", "200", "--plays", "2000",
                 "--seed", "3", "--now", "2027-06-01T14:00:00+02:00")
    assert result.returncode == 0, result.stderr
    assert "activity up to 2027-06-01T12:00:00Z" in result.stdout
    size = replace(SIZE, now=datetime(2027, 6, 1, 12))
    seeding.seed(by_library, size, progress=False)
    with psycopg.connect(by_library, autocommit=True) as conn:
        seeding.add_playlists(conn, seeding.demo_playlists(size))
    assert fingerprint(by_cli) == fingerprint(by_library)
    with psycopg.connect(by_cli) as conn:
        assert conn.execute("SELECT count(*), min(created_at) FROM playlists").fetchone() == (
            100, datetime(2027, 5, 2, 12, 1))


def test_seed_refuses_a_now_that_is_no_time():
    result = run("seed", "--now", "next tuesday", "--blocks", "/dev/null")
    assert result.returncode == 2
    assert "'next tuesday' is not an ISO 8601 time" in result.stderr


# ------------------------------------------------------------------------------ aggregates vs. a recount

LIVE = "is_current AND NOT is_delete"

RECOUNTS = {
    "aggregate_user": (
        f"""SELECT u.user_id,
                   (SELECT count(*) FROM follows f WHERE f.followee_user_id = u.user_id AND f.{LIVE}),
                   (SELECT count(*) FROM follows f WHERE f.follower_user_id = u.user_id AND f.{LIVE}),
                   (SELECT count(*) FROM tracks t WHERE t.owner_id = u.user_id AND t.{LIVE} AND t.is_available
                           AND t.stem_of IS NULL AND NOT t.is_unlisted),
                   (SELECT count(*) FROM tracks t WHERE t.owner_id = u.user_id AND t.{LIVE} AND t.is_available
                           AND t.stem_of IS NULL),
                   (SELECT count(*) FROM reposts r WHERE r.user_id = u.user_id AND r.{LIVE})
            FROM (SELECT DISTINCT user_id FROM users) u""",
        """SELECT user_id, follower_count, following_count, track_count, total_track_count, repost_count
           FROM aggregate_user""",
    ),
    "aggregate_track": (
        f"""SELECT t.track_id,
                   (SELECT count(*) FROM reposts r WHERE r.repost_item_id = t.track_id AND r.repost_type = 'track'
                           AND r.{LIVE}),
                   (SELECT count(*) FROM saves s WHERE s.save_item_id = t.track_id AND s.save_type = 'track'
                           AND s.{LIVE}),
                   (SELECT count(*) FROM comments c WHERE c.entity_id = t.track_id AND c.entity_type = 'Track'
                           AND NOT coalesce(c.is_delete, false))
            FROM (SELECT DISTINCT track_id FROM tracks) t""",
        "SELECT track_id, repost_count, save_count, coalesce(comment_count, 0) FROM aggregate_track",
    ),
    "aggregate_plays": (
        "SELECT play_item_id, count(*) FROM plays GROUP BY play_item_id",
        "SELECT play_item_id, count FROM aggregate_plays WHERE count <> 0",
    ),
    "aggregate_monthly_plays": (
        """SELECT play_item_id, date_trunc('month', created_at)::date, coalesce(country, ''), count(*)
           FROM plays GROUP BY 1, 2, 3""",
        """SELECT play_item_id, "timestamp", country, count FROM aggregate_monthly_plays WHERE count <> 0""",
    ),
}


def aggregate_mismatches(url: str) -> dict[str, dict]:
    """Per aggregate table: {key: (recounted, stored)} for every row that differs (empty when all agree)."""
    problems = {}
    with psycopg.connect(url) as conn:
        for table, (recount_sql, stored_sql) in RECOUNTS.items():
            width = 3 if table == "aggregate_monthly_plays" else 1
            recount = {row[:width]: row[width:] for row in conn.execute(recount_sql)}
            stored = {row[:width]: row[width:] for row in conn.execute(stored_sql)}
            assert recount, f"nothing to recount for {table}"
            diff = {k: (recount.get(k), stored.get(k)) for k in recount.keys() | stored.keys()
                    if recount.get(k) != stored.get(k)}
            if diff:
                problems[table] = dict(sorted(diff.items())[:10])
    return problems


def test_aggregates_equal_a_recount_after_seeding(seeded_url):
    assert aggregate_mismatches(seeded_url) == {}


def test_aggregates_equal_a_recount_on_the_small_seed(seeded_twice):
    assert aggregate_mismatches(seeded_twice[0]) == {}


def test_aggregates_have_something_to_count(seeded_url):
    # Guard against a vacuous recount: the seeded data set exercises every counter.
    with psycopg.connect(seeded_url) as conn:
        sums = conn.execute(
            """SELECT sum(follower_count), sum(following_count), sum(track_count), sum(total_track_count),
                      sum(repost_count) FROM aggregate_user""").fetchone()
        assert all(s > 0 for s in sums), sums
        sums = conn.execute(
            "SELECT sum(repost_count), sum(save_count), sum(comment_count) FROM aggregate_track").fetchone()
        assert all(s > 0 for s in sums), sums
        assert conn.execute("SELECT count(*) FROM tracks WHERE is_unlisted AND is_current AND NOT is_delete"
                            ).fetchone()[0] > 0


def test_aggregates_follow_indexer_style_changes_after_seeding(fresh_dbs):
    url = fresh_dbs()
    seeding.seed(url, seeding.SeedSize(users=40, tracks=120, plays=800, follows_per_user=5, seed=11,
                                       now=seeding.PINNED_NOW), progress=False)
    with psycopg.connect(url, autocommit=True) as conn:
        # Unfollow: the current version stops being current and a deleted version is added (the indexer's way).
        conn.execute("""
            WITH gone AS (
                UPDATE follows SET is_current = false
                WHERE (follower_user_id, followee_user_id) IN (
                    SELECT follower_user_id, followee_user_id FROM follows ORDER BY 1, 2 LIMIT 15)
                RETURNING follower_user_id, followee_user_id)
            INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
            SELECT follower_user_id, followee_user_id, true, true, now(), 'unfollow' FROM gone""")
        # Un-repost in place, and a block rollback that removes reposts outright.
        conn.execute("""UPDATE reposts SET is_delete = true
                        WHERE (user_id, repost_item_id) IN (SELECT user_id, repost_item_id FROM reposts
                                                            ORDER BY 1, 2 LIMIT 20)""")
        conn.execute("""DELETE FROM reposts WHERE (user_id, repost_item_id) IN (
                            SELECT user_id, repost_item_id FROM reposts WHERE NOT is_delete ORDER BY 2, 1 LIMIT 10)""")
        # Un-save, and saves of another type that must not count toward track saves.
        conn.execute("""UPDATE saves SET is_delete = true
                        WHERE (user_id, save_item_id) IN (SELECT user_id, save_item_id FROM saves
                                                          ORDER BY 2, 1 LIMIT 25)""")
        conn.execute("""INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash)
                        VALUES (1, 1, 'playlist', true, false, now(), 'pl')""")
        # Tracks: unlist some, delete some, make some unavailable, re-list some.
        conn.execute("UPDATE tracks SET is_unlisted = NOT is_unlisted WHERE track_id % 7 = 0")
        conn.execute("UPDATE tracks SET is_delete = true WHERE track_id % 11 = 0")
        conn.execute("UPDATE tracks SET is_available = false WHERE track_id % 13 = 0")
        # A stem does not count as a track of its owner.
        conn.execute("""UPDATE tracks SET stem_of = '{"parent_track_id": 1, "category": "bass"}'
                        WHERE track_id % 17 = 0""")
        # Comments: delete some, add some on tracks and some on something else.
        conn.execute("UPDATE comments SET is_delete = true WHERE comment_id % 3 = 0")
        conn.execute("""INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, created_at,
                                              updated_at, txhash, blockhash)
                        SELECT 10000 + g, 'more', 1 + g % 40, 1 + g % 120,
                               CASE WHEN g % 2 = 0 THEN 'Track' ELSE 'Playlist' END, now(), now(), 'c', 'b'
                        FROM generate_series(1, 30) g""")
        # Another batch of plays, including an unknown country and one in a new month.
        conn.execute("""INSERT INTO plays (user_id, play_item_id, created_at, source, country)
                        SELECT NULL, 1 + g % 9, timestamp '2030-02-03' + g * interval '1 hour', 'relay',
                               CASE WHEN g % 3 = 0 THEN NULL ELSE 'US' END
                        FROM generate_series(1, 200) g""")
    assert aggregate_mismatches(url) == {}


def test_recount_detects_a_wrong_aggregate(seeded_twice, server_url):
    # The comparison itself must be able to fail: corrupt a copy and look for exactly those rows.
    name = f"oa_seed_{uuid.uuid4().hex[:10]}"
    source = psycopg.conninfo.conninfo_to_dict(seeded_twice[1])["dbname"]
    url = _recreate(server_url, name, template=source)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("UPDATE aggregate_user SET follower_count = follower_count + 1 WHERE user_id = 2")
            conn.execute("UPDATE aggregate_track SET save_count = save_count + 1 WHERE track_id = 3")
            conn.execute("DELETE FROM aggregate_plays WHERE play_item_id = (SELECT min(play_item_id) FROM plays)")
        problems = aggregate_mismatches(url)
        assert set(problems) == {"aggregate_user", "aggregate_track", "aggregate_plays"}
        assert list(problems["aggregate_user"]) == [(2,)]
        assert list(problems["aggregate_track"]) == [(3,)]
        assert len(problems["aggregate_plays"]) == 1
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
