"""The set-based plays trigger against its row-by-row definition: the same plays, inserted in arbitrary
batches through handle_play and one at a time through handle_play_row, leave identical aggregates,
milestones, milestone notifications and per-listener counters."""

from __future__ import annotations

from datetime import datetime, timedelta

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factory
from tests.conftest import _scratch_database, TEMPLATE

FANOUT_TABLES = {
    "aggregate_plays": "SELECT play_item_id, count FROM aggregate_plays ORDER BY 1",
    "aggregate_monthly_plays": "SELECT play_item_id, timestamp, country, count FROM aggregate_monthly_plays "
                               "ORDER BY 1, 2, 3",
    "milestones": "SELECT id, name, threshold, slot, timestamp FROM milestones ORDER BY 1, 2, 3",
    "notification": "SELECT type, specifier, group_id, slot, timestamp, data, user_ids FROM notification "
                    "ORDER BY group_id, specifier",
    "user_distinct_play_hours": "SELECT * FROM user_distinct_play_hours ORDER BY 1",
    "user_distinct_play_tracks": "SELECT * FROM user_distinct_play_tracks ORDER BY 1",
    "track_listeners": "SELECT * FROM track_listeners ORDER BY 1, 2",
}
RESET = ("TRUNCATE plays, aggregate_plays, aggregate_monthly_plays, milestones, notification, "
         "user_distinct_play_hours, user_distinct_play_tracks, track_listeners RESTART IDENTITY")
T0 = datetime(2025, 3, 1)

play = st.tuples(
    st.one_of(st.none(), st.integers(1, 4)),  # listener (None: anonymous)
    st.integers(1, 5),  # track 5 has no owner row: a milestone without a notification
    st.integers(0, 72 * 60),  # minutes after T0: many plays share an hour, out of order
    st.sampled_from([None, "", "US", "DE"]),
)


@pytest.fixture
def pair(server_url, template_url):
    """Two databases with the same users and tracks: one keeps the set-based trigger, one runs row by row."""
    urls = []
    gens = [_scratch_database(server_url, TEMPLATE) for _ in range(2)]
    for gen in gens:
        urls.append(next(gen))
    conns = [psycopg.connect(u, autocommit=True) for u in urls]
    for c in conns:
        for uid in range(1, 5):
            factory.user(c, uid)
        for tid in range(1, 5):
            factory.track(c, tid, owner_id=tid % 3 + 1)
    conns[1].execute("SELECT use_play_trigger('row')")
    yield conns
    for c in conns:
        c.close()
    for gen in gens:
        next(gen, None)


def _insert(conn, rows) -> None:
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO plays (user_id, play_item_id, created_at, country, slot, source) "
                        "VALUES (%s, %s, %s, %s, %s, 'relay')", rows)


def _batched(conn, rows, cuts) -> None:
    """Multi-row INSERT ... SELECT statements split at the given points (each one fires the trigger once)."""
    bounds = sorted({0, len(rows), *[c % (len(rows) + 1) for c in cuts]})
    for lo, hi in zip(bounds, bounds[1:]):
        part = rows[lo:hi]
        conn.execute(
            "INSERT INTO plays (user_id, play_item_id, created_at, country, slot, source) "
            "SELECT u, t, c, k, s, 'relay' FROM unnest(%s::int[], %s::int[], %s::timestamp[], %s::text[], %s::int[]) "
            "WITH ORDINALITY AS x(u, t, c, k, s, n) ORDER BY n",
            [list(col) for col in zip(*part)])


def _state(conn) -> dict:
    return {name: conn.execute(query).fetchall() for name, query in FANOUT_TABLES.items()}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(play, max_size=40), plays=st.lists(play, min_size=1, max_size=300),
       cuts=st.lists(st.integers(0, 300), max_size=6))
def test_set_based_trigger_equals_row_by_row(pair, before, plays, cuts):
    statement, row = pair
    for conn in pair:
        conn.execute(RESET)

    def rows(items, slot):
        return [(u, t, T0 + timedelta(minutes=m), k, slot) for u, t, m, k in items]

    # Existing plays and counters first, then the plays under test.
    _batched(statement, rows(before, 1), [])
    _insert(row, rows(before, 1))
    _batched(statement, rows(plays, 2), cuts)
    _insert(row, rows(plays, 2))

    expected = _state(row)
    assert _state(statement) == expected
    # The data exercised what it claims to: totals add up.
    assert sum(n for _, n in expected["aggregate_plays"]) == len(before) + len(plays)


def test_milestone_notification_payload(conn):
    """A track's 10th play writes the milestone and the owner's 'milestone' notification, upstream's shape;
    the 9th and 11th do not."""
    factory.user(conn, 1)
    factory.user(conn, 2)
    factory.track(conn, 7, owner_id=1)
    _batched(conn, [(2, 7, T0 + timedelta(minutes=i), "US", 40 + i) for i in range(12)], [5, 9])
    assert conn.execute("SELECT id, name, threshold, slot, timestamp FROM milestones").fetchall() == [
        (7, "LISTEN_COUNT", 10, 49, T0 + timedelta(minutes=9))]
    assert conn.execute("SELECT type, specifier, group_id, slot, timestamp, data, user_ids FROM notification"
                        ).fetchall() == [
        ("milestone", "1", "milestone:LISTEN_COUNT:id:7:threshold:10", 49, T0 + timedelta(minutes=9),
         {"type": "LISTEN_COUNT", "track_id": 7, "threshold": 10}, [1])]


def test_distinct_counters(conn):
    """hours_with_play counts plays in a later hour than the last counted one; track_count first plays."""
    factory.user(conn, 1)
    at = [T0, T0 + timedelta(minutes=10), T0 + timedelta(hours=2), T0 + timedelta(hours=1), T0 + timedelta(hours=3)]
    _batched(conn, [(1, t, a, None, 1) for t, a in zip([1, 1, 2, 1, 3], at)], [])
    assert conn.execute("SELECT hours_with_play, updated_at AT TIME ZONE 'UTC' FROM user_distinct_play_hours"
                        ).fetchone() == (3, T0 + timedelta(hours=3))
    assert conn.execute("SELECT track_count FROM user_distinct_play_tracks").fetchone() == (3,)
