"""u: upload 3 tracks."""

from __future__ import annotations

from tests import factory
from tests.challenges import progress, rows, run_jobs, state


def test_three_uploads_complete_the_challenge_once(db_url, conn):
    factory.user(conn, 1)
    for n in range(2):
        factory.track(conn, 100 + n, 1, blocknumber=30_000_000 + n)
    run_jobs(db_url, ["u"])
    assert progress(conn, "u") == {"1": (1, 2, False, 1)}

    factory.track(conn, 102, 1, blocknumber=30_000_010)
    factory.track(conn, 103, 1, blocknumber=30_000_011)
    run_jobs(db_url, ["u"])
    [row] = rows(conn, "u")
    assert (row["current_step_count"], row["is_complete"], row["amount"]) == (3, True, 1)
    assert row["completed_at"] is not None

    before = state(conn)
    run_jobs(db_url, ["u"])
    assert state(conn) == before


def test_stems_unlisted_deleted_and_old_tracks_do_not_count(db_url, conn):
    factory.user(conn, 0x1f)
    factory.track(conn, 1, 0x1f, blocknumber=30_000_000)
    factory.track(conn, 2, 0x1f, blocknumber=30_000_001, is_unlisted=True)
    factory.track(conn, 3, 0x1f, blocknumber=30_000_002, is_delete=True)
    factory.track(conn, 4, 0x1f, blocknumber=30_000_003, stem_of={"parent_track_id": 1, "category": "bass"})
    factory.track(conn, 5, 0x1f, blocknumber=25_000_000)  # before the catalog's starting_block
    run_jobs(db_url, ["u"])
    assert progress(conn, "u") == {"1f": (0x1f, 1, False, 1)}
