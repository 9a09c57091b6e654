"""The user_challenges trigger (upstream handle_on_user_challenge): claimable_reward, challenge_reward and
reward_in_cooldown rows, exactly as upstream writes them, once per completed row; and the notifications
endpoint serving every reward notification type as upstream shapes it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from psycopg.types.json import Jsonb

from openaudio_api import ids
from tests import factory
from tests.challenges import NOW, run_jobs, state

T = datetime(2025, 3, 4, 5, 6, 7)


def notifications(conn, type_: str | None = None) -> list[tuple]:
    return conn.execute(
        "SELECT type, group_id, specifier, user_ids, data, \"timestamp\", blocknumber FROM notification "
        "WHERE %(t)s::text IS NULL OR type = %(t)s ORDER BY id", {"t": type_}).fetchall()


# ----------------------------------------------------------------------------------------- the trigger

def test_no_cooldown_challenge_notifies_claimable_and_reward(conn):
    factory.user_challenge(conn, "v", 0x2a, amount=5, completed_at=T, completed_blocknumber=77)
    assert notifications(conn) == [
        ("challenge_reward", "challenge_reward:42:challenge:v:specifier:2a", "42", [42],
         {"specifier": "2a", "challenge_id": "v", "amount": "500000000"}, T, 77),
        ("claimable_reward", "claimable_reward:42:challenge:v:specifier:2a", "2a", [42],
         {"specifier": "2a", "challenge_id": "v", "amount": 5}, T, 77),
    ]


def test_oneshot_has_cooldown_zero_and_notifies_like_no_cooldown(conn):
    factory.user_challenge(conn, "o", 3, "3:abc", amount=250, completed_at=T, completed_blocknumber=None)
    assert notifications(conn) == [
        ("challenge_reward", "challenge_reward:3:challenge:o:specifier:3:abc", "3", [3],
         {"specifier": "3:abc", "challenge_id": "o", "amount": "25000000000"}, T, None),
        ("claimable_reward", "claimable_reward:3:challenge:o:specifier:3:abc", "3:abc", [3],
         {"specifier": "3:abc", "challenge_id": "o", "amount": 250}, T, None),
    ]


def test_endless_listen_streak_reward_carries_the_streak(conn):
    conn.execute("INSERT INTO challenge_listen_streak (user_id, last_listen_date, listen_streak) "
                 "VALUES (7, %s, 12)", (T,))
    factory.user_challenge(conn, "e", 7, "7:20250304", completed_at=T)
    factory.user_challenge(conn, "e", 8, "8:20250304", completed_at=T)  # no streak row: 0
    rewards = notifications(conn, "challenge_reward")
    assert [r[4] for r in rewards] == [
        {"specifier": "7:20250304", "challenge_id": "e", "amount": "100000000", "listen_streak": 12},
        {"specifier": "8:20250304", "challenge_id": "e", "amount": "100000000", "listen_streak": 0},
    ]
    assert [r[1] for r in notifications(conn, "claimable_reward")] == [
        "claimable_reward:7:challenge:e:specifier:7:20250304", "claimable_reward:8:challenge:e:specifier:8:20250304"]


@pytest.mark.parametrize("challenge_id", ["tt", "tut"])
def test_trending_rewards_notify_the_reward_but_nothing_to_claim(conn, challenge_id):
    factory.user_challenge(conn, challenge_id, 5, "2025-03-07:1", amount=1000, completed_at=T,
                           completed_blocknumber=9)
    assert notifications(conn) == [
        ("challenge_reward", f"challenge_reward:5:challenge:{challenge_id}:specifier:2025-03-07:1", "5", [5],
         {"specifier": "2025-03-07:1", "challenge_id": challenge_id, "amount": "100000000000"}, T, 9)]


def test_trending_playlist_when_activated_has_no_claimable_either(conn):
    conn.execute("UPDATE challenges SET active = true WHERE id = 'tp'")
    factory.user_challenge(conn, "tp", 5, "2025-03-07:1", amount=100, completed_at=T)
    assert [n[0] for n in notifications(conn)] == ["challenge_reward"]


def test_cooldown_challenge_notifies_reward_in_cooldown(conn):
    factory.user_challenge(conn, "u", 0x10, amount=1, completed_at=T, completed_blocknumber=31)
    assert notifications(conn) == [
        ("reward_in_cooldown", "reward_in_cooldown:16:challenge:u:specifier:10", "10", [16],
         {"specifier": "10", "challenge_id": "u", "amount": 1}, T, 31)]


def test_reward_in_cooldown_at_most_once_an_hour_per_user(conn):
    factory.user_challenge(conn, "u", 1, completed_at=T)
    factory.user_challenge(conn, "fp", 1, completed_at=T + timedelta(minutes=59))  # within the hour: none
    factory.user_challenge(conn, "p", 1, completed_at=T + timedelta(minutes=61))  # past it: notified
    factory.user_challenge(conn, "c", 2, "2:2025-10", completed_at=T)  # another user: own window
    # Any later one suppresses an earlier completion too (upstream compares one side only).
    factory.user_challenge(conn, "cp", 1, "1:99", completed_at=T - timedelta(hours=5))
    assert [(n[1], n[5]) for n in notifications(conn)] == [
        ("reward_in_cooldown:1:challenge:u:specifier:1", T),
        ("reward_in_cooldown:1:challenge:p:specifier:1", T + timedelta(minutes=61)),
        ("reward_in_cooldown:2:challenge:c:specifier:2:2025-10", T),
    ]


def test_one_statement_with_many_completions_applies_the_hour_window_in_time_order(conn):
    conn.execute("""
        INSERT INTO user_challenges (challenge_id, user_id, specifier, is_complete, current_step_count, amount,
                                     completed_at)
        VALUES ('u', 1, '1', true, 3, 1, %(t)s + interval '30 minutes'),
               ('p', 1, '1', true, 7, 1, %(t)s),
               ('fp', 1, '1', true, 1, 2, %(t)s + interval '2 hours'),
               ('v', 1, '1', true, 1, 5, %(t)s)
    """, {"t": T})
    assert [n[1] for n in notifications(conn)] == [
        "challenge_reward:1:challenge:v:specifier:1",
        "claimable_reward:1:challenge:v:specifier:1",
        "reward_in_cooldown:1:challenge:p:specifier:1",
        "reward_in_cooldown:1:challenge:fp:specifier:1",
    ]


@pytest.mark.parametrize("challenge_id", ["b", "s"])
def test_purchase_rewards_have_their_own_notifications(conn, challenge_id):
    factory.user_challenge(conn, challenge_id, 1, "1:sig", completed_at=T)
    assert notifications(conn) == []


def test_incomplete_rows_notify_nothing(conn):
    factory.user_challenge(conn, "v", 1, complete=False)
    factory.user_challenge(conn, "u", 2, complete=False)
    assert notifications(conn) == []


def test_completion_by_update_notifies_once_even_when_updated_again(conn):
    factory.user_challenge(conn, "v", 1, complete=False, amount=5)
    factory.user_challenge(conn, "u", 2, complete=False)
    conn.execute("UPDATE user_challenges SET is_complete = true, completed_at = %s, completed_blocknumber = 50",
                 (T,))
    first = notifications(conn)
    assert [(n[0], n[1], n[5], n[6]) for n in first] == [
        ("challenge_reward", "challenge_reward:1:challenge:v:specifier:1", T, 50),
        ("claimable_reward", "claimable_reward:1:challenge:v:specifier:1", T, 50),
        ("reward_in_cooldown", "reward_in_cooldown:2:challenge:u:specifier:2", T, 50),
    ]
    # Later updates of complete rows notify nobody, even one that moves completed_at past the hour window.
    conn.execute("UPDATE user_challenges SET current_step_count = current_step_count + 1, "
                 "completed_at = completed_at + interval '3 hours'")
    conn.execute("UPDATE user_challenges SET amount = amount")
    conn.execute("""
        INSERT INTO user_challenges AS uc (challenge_id, user_id, specifier, is_complete, current_step_count,
                                           amount, completed_at)
        VALUES ('v', 1, '1', true, 1, 5, %s) ON CONFLICT (challenge_id, specifier)
        DO UPDATE SET current_step_count = 9""", (T,))
    assert notifications(conn) == first
    # Once per row, not merely once per key: a notification removed since is not written again.
    conn.execute("DELETE FROM notification WHERE type = 'claimable_reward'")
    conn.execute("UPDATE user_challenges SET current_step_count = current_step_count + 1")
    assert notifications(conn) == [n for n in first if n[0] != "claimable_reward"]


def test_a_completed_row_without_completed_at_uses_created_at(conn):
    factory.user_challenge(conn, "v", 1, completed_at=None, created_at=datetime(2025, 1, 2, 3, 4, 5))
    assert {n[5] for n in notifications(conn)} == {datetime(2025, 1, 2, 3, 4, 5)}


def test_processor_completion_notifies_once_across_ticks(db_url, conn):
    """Through the jobs engine's upsert (processor u): two uploads write an incomplete row (nothing to
    notify), the third completes it through the upsert's UPDATE, the notification appears once, and later
    ticks (a new upload, then no change) add nothing."""
    factory.user(conn, 1)
    for n in range(2):
        factory.track(conn, 100 + n, 1, blocknumber=30_000_000 + n)
    run_jobs(db_url, ["u"], now=NOW - timedelta(hours=1))
    assert notifications(conn) == []
    factory.track(conn, 102, 1, blocknumber=30_000_002)
    run_jobs(db_url, ["u"])
    assert notifications(conn) == [
        ("reward_in_cooldown", "reward_in_cooldown:1:challenge:u:specifier:1", "1", [1],
         {"specifier": "1", "challenge_id": "u", "amount": 1}, NOW, None)]
    factory.track(conn, 103, 1, blocknumber=30_000_010)
    run_jobs(db_url, ["u"], now=NOW + timedelta(hours=3))
    before = state(conn)
    run_jobs(db_url, ["u"], now=NOW + timedelta(hours=6))
    assert state(conn) == before
    assert len(notifications(conn)) == 1


# -------------------------------------------------------------------------------- served by the endpoint

RECENT = (datetime.utcnow() - timedelta(days=1)).replace(microsecond=0)


def epoch(at: datetime) -> float:
    return (at - datetime(1970, 1, 1)).total_seconds()


def served(raw_client, user: int, **params) -> dict:
    r = raw_client.get(f"/v1/notifications/{user}", params={"limit": 100, **params},
                       headers=factory.signature_headers(user))
    assert r.status_code == 200, r.text  # the app validates every group against its model
    return r.json()


def insert_notification(conn, type_: str, user: int, specifier: str, group_id: str, data: dict,
                        at: datetime) -> None:
    conn.execute("INSERT INTO notification (user_ids, type, specifier, group_id, \"timestamp\", blocknumber, data) "
                 "VALUES (%s, %s, %s, %s, %s, 1, %s)", ([user], type_, specifier, group_id, at, Jsonb(data)))


@pytest.fixture
def rewarded(conn):
    """User 16 (hex 10) completed v, e (streak 4), tt and u through the trigger; 16 is also a tastemaker of
    track 10 (owned by 3) and 3's track trends, written as the tastemaker and trending triggers write them."""
    for uid in (3, 16):
        factory.user(conn, uid)
    factory.track(conn, 10, 3)
    conn.execute("INSERT INTO challenge_listen_streak (user_id, last_listen_date, listen_streak) "
                 "VALUES (16, %s, 4)", (RECENT,))
    factory.user_challenge(conn, "v", 16, amount=5, completed_at=RECENT - timedelta(minutes=1))
    factory.user_challenge(conn, "e", 16, "10:20250304", amount=1, completed_at=RECENT - timedelta(minutes=2))
    factory.user_challenge(conn, "tt", 16, "2025-03-07:1", amount=1000, completed_at=RECENT - timedelta(minutes=3))
    factory.user_challenge(conn, "u", 16, amount=1, completed_at=RECENT - timedelta(minutes=4))
    insert_notification(conn, "tastemaker", 16, "10", "tastemaker_user_id:16:tastemaker_item_id:10",
                        {"tastemaker_item_id": 10, "tastemaker_item_type": "track", "tastemaker_item_owner_id": 3,
                         "action": "repost", "tastemaker_user_id": 16}, RECENT - timedelta(minutes=5))
    for n, type_ in enumerate(("trending", "trending_underground")):
        insert_notification(conn, type_, 3, "10", f"{type_}:time_range:week:genre:all:rank:{n + 2}:track_id:10"
                            f":timestamp:{int(epoch(RECENT))}",
                            {"time_range": "week", "genre": "all", "rank": n + 2, "track_id": 10},
                            RECENT - timedelta(minutes=6 + n))
    return conn


def test_reward_notifications_are_served_as_upstream(raw_client, rewarded):
    body = served(raw_client, 16)
    h = ids.encode

    def group(type_, group_id, specifier, data, minutes):
        return {"type": type_, "group_id": group_id, "is_seen": False, "seen_at": None, "actions": [
            {"type": type_, "specifier": specifier, "timestamp": epoch(RECENT - timedelta(minutes=minutes)),
             "data": data}]}

    assert body["data"]["notifications"] == [
        # challenge_reward: the action's specifier is the user id (hashed); amounts get upstream's 10 more
        # zeros (8-decimal string -> wei); claimable_reward's int amount gets the same 10 zeros, as upstream.
        # Same timestamp: group_id descending, so claimable_reward before challenge_reward.
        # HashifyJson hashes an all-digit specifier, hex or not (user 16's "10" reads as id 10): upstream's quirk.
        group("claimable_reward", "claimable_reward:16:challenge:v:specifier:10", h(10),
              {"specifier": h(10), "challenge_id": "v", "amount": "50000000000"}, 1),
        group("challenge_reward", "challenge_reward:16:challenge:v:specifier:10", h(16),
              {"specifier": h(10), "challenge_id": "v", "amount": "5000000000000000000"}, 1),
        group("claimable_reward", "claimable_reward:16:challenge:e:specifier:10:20250304", "10:20250304",
              {"specifier": "10:20250304", "challenge_id": "e", "amount": "10000000000"}, 2),
        group("challenge_reward", "challenge_reward:16:challenge:e:specifier:10:20250304", h(16),
              {"specifier": "10:20250304", "challenge_id": "e", "amount": "1000000000000000000",
               "listen_streak": 4}, 2),
        group("challenge_reward", "challenge_reward:16:challenge:tt:specifier:2025-03-07:1", h(16),
              {"specifier": "2025-03-07:1", "challenge_id": "tt", "amount": "1000000000000000000000"}, 3),
        # u's reward_in_cooldown (4 minutes ago) exists but is never served: upstream's always-excluded list.
        group("tastemaker", "tastemaker_user_id:16:tastemaker_item_id:10", h(10),
              {"tastemaker_item_id": h(10), "tastemaker_item_type": "track", "tastemaker_item_owner_id": h(3),
               "action": "repost", "tastemaker_user_id": h(16)}, 5),
    ]
    assert rewarded.execute("SELECT count(*) FROM notification WHERE type = 'reward_in_cooldown'").fetchone()[0] == 1
    related = body["related"]
    assert sorted(u["id"] for u in related["users"]) == sorted([h(3), h(16)])  # the tastemaker's actors
    assert [t["id"] for t in related["tracks"]] == [h(10)]


def test_trending_notifications_are_served_to_the_track_owner(raw_client, rewarded):
    body = served(raw_client, 3)
    stamp = int(epoch(RECENT))
    assert [(g["type"], g["group_id"], g["actions"][0]["specifier"], g["actions"][0]["data"])
            for g in body["data"]["notifications"]] == [
        ("trending", f"trending:time_range:week:genre:all:rank:2:track_id:10:timestamp:{stamp}", ids.encode(10),
         {"time_range": "week", "genre": "all", "rank": 2, "track_id": ids.encode(10)}),
        ("trending_underground", f"trending_underground:time_range:week:genre:all:rank:3:track_id:10:timestamp:"
         f"{stamp}", ids.encode(10), {"time_range": "week", "genre": "all", "rank": 3, "track_id": ids.encode(10)}),
    ]
    assert [t["id"] for t in body["related"]["tracks"]] == [ids.encode(10)]


def test_reward_types_filter_and_reward_in_cooldown_cannot_be_asked_for(raw_client, rewarded):
    body = served(raw_client, 16, types=["claimable_reward", "tastemaker"])
    assert [g["group_id"] for g in body["data"]["notifications"]] == [
        "claimable_reward:16:challenge:v:specifier:10", "claimable_reward:16:challenge:e:specifier:10:20250304",
        "tastemaker_user_id:16:tastemaker_item_id:10"]
    r = raw_client.get("/v1/notifications/16", params={"types": "reward_in_cooldown"},
                       headers=factory.signature_headers(16))
    assert r.status_code == 400 and r.json()["error"].startswith("types is invalid")
