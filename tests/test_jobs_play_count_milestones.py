"""p1, p2, p3: play-count milestones of 2025 (verified owners)."""

from __future__ import annotations

from datetime import datetime

from tests import factory
from tests.challenges import progress, run_jobs, state

TIERS = ["p1", "p2", "p3"]
JOB = ["play_count_milestones"]
IN_2025 = datetime(2025, 3, 5, 12)


def milestones(conn) -> dict[str, tuple]:
    return {f"{c}:{s}": v for c in TIERS for s, v in progress(conn, c).items()}


def artist(conn, user_id: int, *tracks: int, **extra) -> None:
    factory.user(conn, user_id, is_verified=extra.pop("is_verified", True), **extra)
    for track_id in tracks:
        factory.track(conn, track_id, user_id)


def test_each_threshold_opens_the_next_tier_and_completes_at_its_boundary(db_url, conn):
    artist(conn, 0x1c, 10, 11)
    factory.plays(conn, 10, 200, user_id=5, at=IN_2025)
    factory.plays(conn, 11, 49, at=datetime(2025, 1, 1))  # anonymous plays count too
    run_jobs(db_url, JOB)
    assert milestones(conn) == {"p1:1c:250": (0x1c, 249, False, 25)}

    factory.plays(conn, 11, 1, at=IN_2025)
    run_jobs(db_url, JOB)
    assert milestones(conn) == {"p1:1c:250": (0x1c, 250, True, 25), "p2:1c:1000": (0x1c, 250, False, 100)}

    factory.plays(conn, 10, 749, at=IN_2025)
    run_jobs(db_url, JOB)
    assert milestones(conn) == {"p1:1c:250": (0x1c, 250, True, 25), "p2:1c:1000": (0x1c, 999, False, 100)}

    factory.plays(conn, 10, 1, at=IN_2025)
    run_jobs(db_url, JOB)
    assert milestones(conn) == {"p1:1c:250": (0x1c, 250, True, 25), "p2:1c:1000": (0x1c, 1000, True, 100),
                                "p3:1c:10000": (0x1c, 1000, False, 1000)}

    factory.plays(conn, 11, 8_999, at=IN_2025)
    run_jobs(db_url, JOB)
    assert milestones(conn)["p3:1c:10000"] == (0x1c, 9_999, False, 1000)

    factory.plays(conn, 11, 1, at=IN_2025)
    run_jobs(db_url, JOB)
    assert milestones(conn) == {"p1:1c:250": (0x1c, 250, True, 25), "p2:1c:1000": (0x1c, 1000, True, 100),
                                "p3:1c:10000": (0x1c, 10_000, True, 1000)}

    before = state(conn)
    run_jobs(db_url, JOB)
    assert state(conn) == before


def test_ten_thousand_plays_in_one_tick_complete_all_three(db_url, conn):
    artist(conn, 3, 30)
    factory.plays(conn, 30, 10_500, at=IN_2025)
    run_jobs(db_url, JOB)
    assert milestones(conn) == {"p1:3:250": (3, 250, True, 25), "p2:3:1000": (3, 1000, True, 100),
                                "p3:3:10000": (3, 10_000, True, 1000)}


def test_unverified_and_deactivated_owners_get_nothing(db_url, conn):
    artist(conn, 1, 10, is_verified=False)
    artist(conn, 2, 20, is_deactivated=True)
    factory.plays(conn, 10, 300, at=IN_2025)
    factory.plays(conn, 20, 300, at=IN_2025)
    run_jobs(db_url, JOB)
    assert milestones(conn) == {}


def test_plays_before_2025_and_of_deleted_tracks_do_not_count(db_url, conn):
    artist(conn, 4, 40, 41)
    artist(conn, 6, 60)
    factory.plays(conn, 60, 300, at=datetime(2024, 6, 1))  # only older plays: not even the first tier
    factory.track(conn, 42, 4, is_delete=True)
    factory.plays(conn, 40, 300, at=datetime(2024, 12, 31, 23, 59))
    factory.plays(conn, 42, 300, at=IN_2025)
    factory.plays(conn, 41, 10, at=IN_2025)
    run_jobs(db_url, JOB)
    assert milestones(conn) == {"p1:4:250": (4, 10, False, 25)}


def test_an_inactive_tier_is_skipped_and_the_others_still_run(db_url, conn):
    artist(conn, 5, 50)
    conn.execute("UPDATE challenges SET active = false WHERE id = 'p2'")
    factory.plays(conn, 50, 1_200, at=IN_2025)
    run_jobs(db_url, JOB)
    assert milestones(conn) == {"p1:5:250": (5, 250, True, 25), "p3:5:10000": (5, 1200, False, 1000)}
    assert conn.execute("SELECT tablename FROM indexing_checkpoints").fetchall() == [
        ("challenges:play_count_milestones:last_play_id",)]
