"""tt / tut: weekly trending rewards (Fridays, once per week), t: tastemaker, and their notifications.

Scores are inserted directly (the trending scores job is tested on its own). Dates: 2025-06-13 is a Friday
(ISO week 24), 06-12 a Thursday, 06-14 a Saturday, 06-20 the next Friday.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import psycopg
import pytest
from psycopg.rows import dict_row

from openaudio_api.jobs.engine import processor_sql
from openaudio_api.jobs.registry import PROCESSORS
from tests import factory
from tests.challenges import NOW, progress, rows, run_jobs, state
from tests.conftest import TEMPLATE, _scratch_database

FRIDAY = datetime(2025, 6, 13, 9, 30, 15, 500_000)  # epoch 1749807015.5: the group id keeps whole seconds
THURSDAY = datetime(2025, 6, 12, 23, 59, 59)
SATURDAY = datetime(2025, 6, 14, 0, 0, 0)
NEXT_FRIDAY = datetime(2025, 6, 20, 0, 0, 0)  # epoch 1750377600
TRENDING_TYPES = ("trending", "trending_underground", "trending_playlist", "tastemaker")


def chart(conn, ranks: int, *, first_track: int = 101, first_owner: int = 11, top_score: float = 1000.0) -> None:
    """Tracks first_track.. scored in that order (rank r: track first_track+r-1 of its own owner first_owner+r-1),
    each at blocknumber 50 + its rank."""
    for i in range(ranks):
        owner = factory.user(conn, first_owner + i)
        track = factory.track(conn, first_track + i, owner, blocknumber=50 + i + 1)
        factory.trending_score(conn, track, top_score - i)


def notifications(conn, *types: str) -> list[dict]:
    with conn.cursor(row_factory=dict_row) as cur:
        found = cur.execute(
            "SELECT type, specifier, group_id, user_ids, data, \"timestamp\", blocknumber FROM notification "
            "WHERE type = ANY(%s)", (list(types or TRENDING_TYPES),)).fetchall()
    return by_group(found)


def by_group(notes: list[dict]) -> list[dict]:
    return sorted(notes, key=lambda n: (n["type"], n["group_id"]))


def trending_results(conn) -> list[tuple]:
    return conn.execute("SELECT type, version, week, rank, id, user_id FROM trending_results "
                        "ORDER BY week, type, rank").fetchall()


def trending_note(kind: str, rank: int, track: int, owner: int, at: datetime, blocknumber: int) -> dict:
    epoch = {FRIDAY: 1749807015, NEXT_FRIDAY: 1750377600}[at]
    return {"type": kind, "specifier": str(track),
            "group_id": f"{kind}:time_range:week:genre:all:rank:{rank}:track_id:{track}:timestamp:{epoch}",
            "user_ids": [owner], "data": {"time_range": "week", "genre": "all", "rank": rank, "track_id": track},
            "timestamp": at, "blocknumber": blocknumber}


# -- tt ---------------------------------------------------------------------------------------------------

def test_friday_rewards_the_top_ten_with_the_go_apis_per_rank_amounts(db_url, conn):
    chart(conn, 12)
    # Equal scores rank by track id, descending: 104 then 103.
    conn.execute("UPDATE track_trending_scores SET score = 997 WHERE track_id IN (103, 104)")
    run_jobs(db_url, ["tt"], now=FRIDAY)

    order = [101, 102, 104, 103] + list(range(105, 111))
    expected = {f"2025-06-13:{rank}": (track - 90, 1, True, 1000 if rank <= 5 else 100)
                for rank, track in enumerate(order, 1)}
    assert progress(conn, "tt") == expected
    assert {(r["completed_blocknumber"], r["completed_at"]) for r in rows(conn, "tt")} == {(62, FRIDAY)}
    assert trending_results(conn) == [("TRACKS", "pnagD", date(2025, 6, 13), rank, str(track), track - 90)
                                      for rank, track in enumerate(order, 1)]
    assert notifications(conn) == by_group([trending_note("trending", rank, track, track - 90, FRIDAY, 62)
                                            for rank, track in enumerate(order, 1)])

    before = state(conn)
    run_jobs(db_url, ["tt"], now=FRIDAY + timedelta(minutes=1))
    assert state(conn) == before


def test_only_fridays_and_once_per_week(db_url, conn):
    chart(conn, 3)
    run_jobs(db_url, ["tt", "tut"], now=THURSDAY)
    run_jobs(db_url, ["tt", "tut"], now=SATURDAY)
    assert rows(conn) == [] and trending_results(conn) == [] and notifications(conn) == []

    run_jobs(db_url, ["tt"], now=FRIDAY)
    assert progress(conn, "tt") == {"2025-06-13:1": (11, 1, True, 1000), "2025-06-13:2": (12, 1, True, 1000),
                                    "2025-06-13:3": (13, 1, True, 1000)}

    # The chart changes later the same Friday (same ISO week): the week is already rewarded.
    factory.trending_score(conn, factory.track(conn, 200, factory.user(conn, 20), blocknumber=90), 5000)
    before = state(conn)
    run_jobs(db_url, ["tt"], now=datetime(2025, 6, 13, 23, 59, 59))
    run_jobs(db_url, ["tt"], now=SATURDAY)
    assert state(conn) == before

    # The next Friday is a new week, with the chart of that day.
    run_jobs(db_url, ["tt"], now=NEXT_FRIDAY)
    assert {s: v for s, v in progress(conn, "tt").items() if s.startswith("2025-06-20")} == {
        "2025-06-20:1": (20, 1, True, 1000), "2025-06-20:2": (11, 1, True, 1000),
        "2025-06-20:3": (12, 1, True, 1000), "2025-06-20:4": (13, 1, True, 1000)}
    assert len(progress(conn, "tt")) == 7
    assert [n for n in notifications(conn) if n["timestamp"] == NEXT_FRIDAY] == [
        trending_note("trending", rank, track, owner, NEXT_FRIDAY, 90)
        for rank, track, owner in [(1, 200, 20), (2, 101, 11), (3, 102, 12), (4, 103, 13)]]


def test_no_scores_yet_is_retried_on_the_same_friday(db_url, conn):
    run_jobs(db_url, ["tt"], now=FRIDAY)
    assert trending_results(conn) == []
    chart(conn, 1)
    run_jobs(db_url, ["tt"], now=FRIDAY + timedelta(hours=1))
    assert progress(conn, "tt") == {"2025-06-13:1": (11, 1, True, 1000)}


def test_deleted_and_replaced_tracks_do_not_hold_a_rank(db_url, conn):
    chart(conn, 4)
    conn.execute("UPDATE tracks SET is_delete = true WHERE track_id = 101")
    # 103 exists only as an old version (no current row).
    conn.execute("UPDATE tracks SET is_current = false WHERE track_id = 103")
    run_jobs(db_url, ["tt"], now=FRIDAY)
    assert progress(conn, "tt") == {"2025-06-13:1": (12, 1, True, 1000), "2025-06-13:2": (14, 1, True, 1000)}
    assert [r[4] for r in trending_results(conn)] == ["102", "104"]


def test_each_rank_pays_the_catalogs_per_rank_amount(db_url, conn):
    """The amounts come from the catalog's rank_amounts (a rank it does not list pays the flat amount), and
    the user's challenge list and the undisbursed list show the same stored amount for each win."""
    chart(conn, 3)
    conn.execute("UPDATE challenges SET rank_amounts = '{7, 5}' WHERE id = 'tt'")
    run_jobs(db_url, ["tt"], now=FRIDAY)
    assert {spec: amount for spec, (*_, amount) in progress(conn, "tt").items()} == {
        "2025-06-13:1": 7, "2025-06-13:2": 5, "2025-06-13:3": 1000}


def test_an_inactive_catalog_row_mints_nothing(db_url, conn):
    chart(conn, 2)
    conn.execute("UPDATE challenges SET active = false WHERE id = 'tt'")
    run_jobs(db_url, ["tt"], now=FRIDAY)
    assert rows(conn) == [] and trending_results(conn) == []


# -- tut --------------------------------------------------------------------------------------------------

def test_underground_excludes_the_global_top_20_and_big_accounts(db_url, conn):
    chart(conn, 20, first_track=101, first_owner=11, top_score=1000)  # the global top 20
    chart(conn, 13, first_track=301, first_owner=31, top_score=500)
    # Owners with 1,500 followers or following 1,500 users are not underground.
    for user, followers, following in [(31, 1500, 0), (32, 0, 1500), (33, 1499, 1499)]:
        conn.execute("INSERT INTO aggregate_user (user_id, follower_count, following_count) VALUES (%s, %s, %s) "
                     "ON CONFLICT (user_id) DO UPDATE SET follower_count = EXCLUDED.follower_count, "
                     "following_count = EXCLUDED.following_count", (user, followers, following))
    run_jobs(db_url, ["tt", "tut"], now=FRIDAY)

    order = list(range(303, 313))
    assert progress(conn, "tut") == {f"2025-06-13:{rank}": (track - 270, 1, True, 1000 if rank <= 5 else 100)
                                     for rank, track in enumerate(order, 1)}
    assert [r for r in trending_results(conn) if r[0] == "UNDERGROUND_TRACKS"] == [
        ("UNDERGROUND_TRACKS", "pnagD", date(2025, 6, 13), rank, str(track), track - 270)
        for rank, track in enumerate(order, 1)]
    assert notifications(conn, "trending_underground") == by_group([
        trending_note("trending_underground", rank, track, track - 270, FRIDAY, 70)
        for rank, track in enumerate(order, 1)])
    # tt and tut are idempotent per type: each wrote its own ten.
    assert len(progress(conn, "tt")) == 10 and len(notifications(conn, "trending")) == 10

    before = state(conn)
    run_jobs(db_url, ["tt", "tut"], now=FRIDAY + timedelta(hours=3))
    assert state(conn) == before


# -- tp is removed ----------------------------------------------------------------------------------------

def test_a_friday_tick_of_every_job_and_no_trending_playlist(db_url, conn):
    """End to end: the scores job ranks the week's plays, then tt and t reward; tp is gone."""
    assert "tp" not in {p.name for p in PROCESSORS}
    for n in range(3):
        factory.user(conn, 11 + n)
        factory.track(conn, 101 + n, 11 + n, blocknumber=51 + n, created_at=FRIDAY - timedelta(days=3))
        factory.plays(conn, 101 + n, 30 - 10 * n, at=FRIDAY - timedelta(days=1))
    factory.user(conn, 90)
    factory.engagement(conn, "save", 90, 101, created_at=FRIDAY - timedelta(days=1))
    run_jobs(db_url, now=FRIDAY)
    assert progress(conn, "tt") == {f"2025-06-13:{r}": (10 + r, 1, True, 1000) for r in (1, 2, 3)}
    assert progress(conn, "t") == {"5a:t:65": (90, 1, True, 100)}
    assert rows(conn, "tp") == []
    # Even a tp row written by someone else (a legacy import) notifies nothing.
    conn.execute("INSERT INTO user_challenges (challenge_id, user_id, specifier, is_complete, current_step_count, "
                 "amount, completed_at) VALUES ('tp', 90, '2025-06-13:1', true, 1, 100, %s)", (FRIDAY,))
    assert notifications(conn, "trending_playlist") == []
    assert [(n["type"], n["user_ids"]) for n in notifications(conn)] == [
        ("tastemaker", [90]), ("trending", [11]), ("trending", [12]), ("trending", [13])]


# -- t ----------------------------------------------------------------------------------------------------

T0 = datetime(2025, 6, 1)


def tastemaker_note(user: int, track: int, owner: int, action: str, at: datetime, blocknumber: int) -> dict:
    return {"type": "tastemaker", "specifier": str(track),
            "group_id": f"tastemaker_user_id:{user}:tastemaker_item_id:{track}", "user_ids": [user],
            "data": {"tastemaker_item_id": track, "tastemaker_item_type": "track", "tastemaker_item_owner_id": owner,
                     "action": action, "tastemaker_user_id": user},
            "timestamp": at, "blocknumber": blocknumber}


def test_tastemakers_are_the_earliest_ten_reposters_and_savers_of_each_top_track(db_url, conn):
    chart(conn, 11)  # track 111 ranks 11th: its fans get nothing
    for user in range(0x20, 0x30):
        factory.user(conn, user)
    # 11 reposters of 101 (0x20..0x2a, in time order); the 11th gets nothing.
    for n, user in enumerate(range(0x20, 0x2b)):
        factory.engagement(conn, "repost", user, 101, created_at=T0 + timedelta(minutes=n))
    # 11 savers of 101: 0x2f first, then 0x20..0x27 (also reposters), then the owner; 0x2e saves 11th.
    factory.engagement(conn, "save", 0x2f, 101, created_at=T0)
    for n, user in enumerate(range(0x20, 0x28)):
        factory.engagement(conn, "save", user, 101, created_at=T0 + timedelta(minutes=1 + n))
    # The owner is a tastemaker too (upstream).
    factory.engagement(conn, "save", 11, 101, created_at=T0 + timedelta(minutes=20))
    factory.engagement(conn, "save", 0x2e, 101, created_at=T0 + timedelta(minutes=30))
    # 0x2f's later repost is deleted: its action stays "save".
    factory.engagement(conn, "repost", 0x2f, 101, created_at=T0 + timedelta(hours=1), is_delete=True)
    # Not counted: a deleted repost before everyone, a playlist repost of the same id, fans of the 11th track.
    factory.engagement(conn, "repost", 0x2d, 101, created_at=T0 - timedelta(days=1), is_delete=True)
    factory.engagement(conn, "repost", 0x2c, 101, created_at=T0 - timedelta(days=1), repost_type="playlist")
    factory.engagement(conn, "repost", 0x2c, 111, created_at=T0)
    factory.engagement(conn, "save", 0x2c, 111, created_at=T0)
    # A saver of another top track.
    factory.engagement(conn, "save", 0x2c, 102, created_at=T0)

    run_jobs(db_url, ["t"])
    expected_users = {**{u: "repost" for u in range(0x20, 0x2a)}, 0x2f: "save", 11: "save"}
    assert progress(conn, "t") == {
        **{f"{u:x}:t:65": (u, 1, True, 100) for u in expected_users},
        "2c:t:66": (0x2c, 1, True, 100)}
    assert {(r["completed_blocknumber"]) for r in rows(conn, "t")} == {None}

    assert notifications(conn, "tastemaker") == by_group(
        [tastemaker_note(u, 101, 11, action, NOW, 61) for u, action in expected_users.items()]
        + [tastemaker_note(0x2c, 102, 12, "save", NOW, 61)])

    before = state(conn)
    run_jobs(db_url, ["t"], now=NOW + timedelta(minutes=1))
    assert state(conn) == before


def test_tastemaker_rewards_once_and_later_arrivals_only_while_in_the_earliest_ten(db_url, conn):
    chart(conn, 1)
    factory.user(conn, 0x40)
    factory.user(conn, 0x41)
    factory.engagement(conn, "save", 0x40, 101, created_at=T0)
    run_jobs(db_url, ["t"])
    # The saver later reposts too: same reward, same notification (still "save", as it was sent).
    factory.engagement(conn, "repost", 0x40, 101, created_at=T0 + timedelta(hours=1))
    factory.engagement(conn, "repost", 0x41, 101, created_at=T0 + timedelta(hours=2))
    later = NOW + timedelta(hours=2)
    run_jobs(db_url, ["t"], now=later)
    assert progress(conn, "t") == {"40:t:65": (0x40, 1, True, 100), "41:t:65": (0x41, 1, True, 100)}
    assert notifications(conn, "tastemaker") == [tastemaker_note(0x40, 101, 11, "save", NOW, 51),
                                                 tastemaker_note(0x41, 101, 11, "repost", later, 51)]
    # A replay of the insert (e.g. a processor that re-mints) does not notify twice.
    conn.execute("DELETE FROM user_challenges WHERE challenge_id = 't'")
    run_jobs(db_url, ["t"], now=later + timedelta(hours=1))
    assert len(notifications(conn, "tastemaker")) == 2


def test_no_top_tracks_no_tastemakers(db_url, conn):
    factory.user(conn, 1)
    factory.track(conn, 5, 1)
    factory.user(conn, 2)
    factory.engagement(conn, "repost", 2, 5, created_at=T0)
    run_jobs(db_url, ["t"])
    assert rows(conn, "t") == [] and notifications(conn) == []


def test_many_deleted_tracks_widen_the_slice_read_for_the_ranking(db_url, conn):
    chart(conn, 20, first_track=101, first_owner=11, top_score=1000)
    chart(conn, 30, first_track=301, first_owner=31, top_score=500)
    conn.execute("UPDATE tracks SET is_delete = true WHERE track_id BETWEEN 101 AND 115 OR track_id BETWEEN 301 AND 315")
    run_jobs(db_url, ["tt", "tut"], now=FRIDAY)
    by_type = lambda t: [int(r[4]) for r in trending_results(conn) if r[0] == t]  # noqa: E731
    assert by_type("TRACKS") == [116, 117, 118, 119, 120, 316, 317, 318, 319, 320]
    # Underground leaves out the top 20 of the scores, deleted or not (the Go API's definition).
    assert by_type("UNDERGROUND_TRACKS") == list(range(316, 326))


# -- cost: what a tick reads ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def planned(server_url, template_url):
    """20,000 scored tracks, the top 10 with 2,000 reposts and saves each, ANALYZEd."""
    scratch = _scratch_database(server_url, TEMPLATE)
    url = next(scratch)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            for statement in PLAN_DATA:
                conn.execute(statement)
            conn.execute("ANALYZE")
            yield conn
    finally:
        next(scratch, None)


PLAN_DATA = [
    "INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, created_at, updated_at, txhash) "
    "SELECT n, true, 'u' || n, 'u' || n, '0x' || n, now(), now(), 'u' || n FROM generate_series(1, 5000) n",
    "INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, created_at, updated_at, txhash, "
    "blocknumber) SELECT n, true, false, 1 + n % 5000, 't', now(), now(), 't' || n, n "
    "FROM generate_series(1, 20000) n",
    "INSERT INTO track_trending_scores (track_id, type, version, time_range, score, created_at) "
    "SELECT n, 'TRACKS', 'pnagD', r, n % 997, now() FROM generate_series(1, 20000) n, "
    "unnest(ARRAY['week', 'month']) r",
    "UPDATE track_trending_scores SET score = 5000 + track_id WHERE track_id <= 10",
    "INSERT INTO reposts (user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash) "
    "SELECT 1 + n % 5000, 1 + n % 20000, 'track', true, false, now() - n * interval '1 s', 'r' || n "
    "FROM generate_series(1, 60000) n",
    "INSERT INTO reposts (user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash) "
    "SELECT u, i, 'track', true, false, now() - u * interval '1 s', 'h' || u || ':' || i "
    "FROM generate_series(1, 2000) u, generate_series(1, 10) i",
    "INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash) "
    "SELECT 1 + n % 5000, 1 + n % 20000, 'track', true, false, now() - n * interval '1 s', 's' || n "
    "FROM generate_series(1, 60000) n",
    "INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash) "
    "SELECT u, i, 'track', true, false, now() - u * interval '1 s', 'h' || u || ':' || i "
    "FROM generate_series(1, 2000) u, generate_series(1, 10) i",
]


def plan_nodes(conn, name: str, params: dict, mode: str) -> list[dict]:
    conn.execute(f"SET plan_cache_mode = {mode}")
    plan = conn.execute("EXPLAIN (FORMAT JSON) " + processor_sql(name), params, prepare=True).fetchone()[0]
    todo, nodes = [(plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]], []
    while todo:
        node = todo.pop()
        todo.extend(node.get("Plans", []))
        nodes.append(node)
    return nodes


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
def test_every_tick_reads_by_index_only(planned, mode):
    params = {"version": "pnagD", "scan": 20, "track_ids": list(range(1, 11)), "per_track": 10,
              "challenge_id": "t", "amount": 100}
    big = {"tracks", "users", "reposts", "saves", "track_trending_scores", "aggregate_user"}
    for name in ["tt_top", "tut_top", "t_candidates"]:
        nodes = plan_nodes(planned, name, params, mode)
        assert [n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"
                and n.get("Relation Name") in big] == [], name
    # The earliest reposts and saves come in index order: no sort of a popular track's rows.
    scans = {n["Relation Name"]: n.get("Index Name") for n in plan_nodes(planned, "t_candidates", params, mode)
             if n.get("Relation Name") in ("reposts", "saves")}
    assert scans == {"reposts": "reposts_track_earliest_idx", "saves": "saves_track_earliest_idx"}
