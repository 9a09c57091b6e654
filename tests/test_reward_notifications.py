"""The user_challenges trigger (upstream handle_on_user_challenge): claimable_reward, challenge_reward and
reward_in_cooldown rows, exactly as upstream writes them, once per completed row; and the notifications
endpoint serving every reward notification type as upstream shapes it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

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
    # Later updates of complete rows (even ones that move completed_at past the hour window, which
    # upstream's re-firing row trigger would notify again for reward_in_cooldown) notify nobody.
    conn.execute("UPDATE user_challenges SET current_step_count = current_step_count + 1, "
                 "completed_at = completed_at + interval '3 hours'")
    conn.execute("UPDATE user_challenges SET amount = amount")
    conn.execute("""
        INSERT INTO user_challenges AS uc (challenge_id, user_id, specifier, is_complete, current_step_count,
                                           amount, completed_at)
        VALUES ('v', 1, '1', true, 1, 5, %s) ON CONFLICT (challenge_id, specifier)
        DO UPDATE SET current_step_count = 9""", (T,))
    assert notifications(conn) == first


def test_a_completed_row_without_completed_at_uses_created_at(conn):
    factory.user_challenge(conn, "v", 1, completed_at=None, created_at=datetime(2025, 1, 2, 3, 4, 5))
    assert {n[5] for n in notifications(conn)} == {datetime(2025, 1, 2, 3, 4, 5)}


def test_processor_completion_notifies_once_across_ticks(db_url, conn):
    """Through the jobs engine's upsert (processor u): the third upload completes the challenge, the
    notification appears once, and later ticks (new uploads, no changes) add nothing."""
    factory.user(conn, 1)
    for n in range(3):
        factory.track(conn, 100 + n, 1, blocknumber=30_000_000 + n)
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
