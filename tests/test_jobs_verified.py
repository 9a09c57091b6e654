"""v: connect verified."""

from __future__ import annotations

from tests import factory
from tests.challenges import progress, rows, run_jobs, state


def test_verified_users_complete_it_unverified_and_deactivated_do_not(db_url, conn):
    factory.user(conn, 1, blocknumber=10, is_verified=True)
    factory.user(conn, 2, blocknumber=10)
    factory.user(conn, 3, blocknumber=11, is_verified=True, is_deactivated=True)
    run_jobs(db_url, ["v"])
    assert progress(conn, "v") == {"1": (1, 1, True, 5)}
    assert rows(conn, "v")[0]["completed_at"] is not None

    before = state(conn)
    run_jobs(db_url, ["v"])
    assert state(conn) == before

    # user 2 is verified later (a newer block): the next tick sees it
    conn.execute("UPDATE users SET is_verified = true, blocknumber = 12 WHERE user_id = 2")
    run_jobs(db_url, ["v"])
    assert progress(conn, "v") == {"1": (1, 1, True, 5), "2": (2, 1, True, 5)}


def test_only_users_written_since_the_checkpoint_are_read(db_url, conn):
    factory.user(conn, 1, blocknumber=10)
    run_jobs(db_url, ["v"])
    # verified without a new block: the processor does not rescan users, as the Go API's incremental jobs
    conn.execute("UPDATE users SET is_verified = true WHERE user_id = 1")
    run_jobs(db_url, ["v"])
    assert rows(conn, "v") == []
