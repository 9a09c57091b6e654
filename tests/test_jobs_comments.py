"""c: first weekly comment; cp: comment pin."""

from __future__ import annotations

from datetime import datetime

from tests import factory
from tests.challenges import progress, rows, run_jobs, state

WEEK = datetime(2025, 6, 10, 12, 0)  # ISO 2025-W24


def _commenting(conn):
    factory.user(conn, 0x1a)
    factory.user(conn, 2)
    factory.track(conn, 10, 2)


def test_one_row_per_iso_week_with_monday_and_year_boundaries(db_url, conn):
    _commenting(conn)
    at = [
        datetime(2025, 4, 6, 23, 59),   # Sunday: ISO 2025-W14
        datetime(2025, 4, 7, 0, 0),     # Monday: ISO 2025-W15
        datetime(2025, 4, 9, 12, 0),    # same week again: nothing new
        datetime(2024, 12, 29, 12, 0),  # Sunday: ISO 2024-W52
        datetime(2024, 12, 30, 12, 0),  # Monday, still 2024 by the calendar: ISO 2025-W01
    ]
    for n, when in enumerate(at):
        factory.comment_at(conn, 100 + n, 0x1a, 10, when, blocknumber=50 + n)
    run_jobs(db_url, ["c"])
    assert progress(conn, "c") == {spec: (0x1a, 1, True, 1)
                                   for spec in ["1a:202452", "1a:202501", "1a:202514", "1a:202515"]}
    assert all(r["completed_at"] is not None for r in rows(conn, "c"))

    before = state(conn)
    run_jobs(db_url, ["c"])
    assert state(conn) == before


def test_replies_count_hidden_and_deleted_do_not(db_url, conn):
    _commenting(conn)
    factory.user(conn, 3)
    factory.user(conn, 4)
    factory.comment_at(conn, 100, 2, 10, WEEK, blocknumber=50)
    factory.comment_at(conn, 101, 0x1a, 10, WEEK, blocknumber=51)  # a reply to 100
    conn.execute("INSERT INTO comment_threads (comment_id, parent_comment_id) VALUES (101, 100)")
    factory.comment_at(conn, 102, 3, 10, WEEK, blocknumber=52, is_visible=False)
    factory.comment_at(conn, 103, 4, 10, WEEK, blocknumber=53, is_delete=True)
    run_jobs(db_url, ["c"])
    assert sorted(progress(conn, "c")) == ["1a:202524", "2:202524"]


def test_later_comments_are_picked_up_incrementally(db_url, conn):
    _commenting(conn)
    factory.comment_at(conn, 100, 0x1a, 10, WEEK, blocknumber=50)
    run_jobs(db_url, ["c"])
    factory.comment_at(conn, 101, 0x1a, 10, datetime(2025, 6, 16), blocknumber=60)  # Monday: W25
    factory.comment_at(conn, 102, 2, 10, WEEK, blocknumber=61)
    run_jobs(db_url, ["c"])
    assert sorted(progress(conn, "c")) == ["1a:202524", "1a:202525", "2:202524"]


def _pinning(conn, owner_verified=True):
    factory.user(conn, 1, is_verified=owner_verified)  # the track owner
    factory.user(conn, 0x2b)  # the commenter
    factory.track(conn, 0x10, 1, blocknumber=10)
    factory.comment_at(conn, 100, 0x2b, 0x10, WEEK, blocknumber=11)
    factory.comment_at(conn, 101, 1, 0x10, WEEK, blocknumber=12)  # the owner's own comment


def _pin(conn, comment_id, block):
    conn.execute("UPDATE tracks SET pinned_comment_id = %s, blocknumber = %s WHERE track_id = 16 AND is_current",
                 (comment_id, block))


def test_a_pin_rewards_the_commenter_once_across_unpin_and_repin(db_url, conn):
    _pinning(conn)
    run_jobs(db_url, ["cp"])
    assert rows(conn, "cp") == []

    _pin(conn, 100, 20)
    run_jobs(db_url, ["cp"])
    assert progress(conn, "cp") == {"2b:10": (0x2b, 1, True, 10)}
    first = rows(conn, "cp")

    _pin(conn, None, 21)
    run_jobs(db_url, ["cp"])
    _pin(conn, 100, 22)
    run_jobs(db_url, ["cp"])
    assert rows(conn, "cp") == first

    before = state(conn)
    run_jobs(db_url, ["cp"])
    assert state(conn) == before


def test_self_pin_and_deleted_comment_earn_nothing(db_url, conn):
    _pinning(conn)
    _pin(conn, 101, 20)  # the owner pins their own comment
    run_jobs(db_url, ["cp"])
    conn.execute("UPDATE comments SET is_delete = true WHERE comment_id = 100")
    _pin(conn, 100, 21)
    run_jobs(db_url, ["cp"])
    assert rows(conn, "cp") == []


def test_unverified_owner_pins_earn_nothing(db_url, conn):
    _pinning(conn, owner_verified=False)
    _pin(conn, 100, 20)
    run_jobs(db_url, ["cp"])
    assert rows(conn, "cp") == []
