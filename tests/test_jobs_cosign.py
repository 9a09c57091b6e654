"""cs: cosign (inactive in the catalog; the tests activate it)."""

from __future__ import annotations

from datetime import timedelta

from openaudio_api.jobs.processors import cosign
from tests import factory
from tests.challenges import NOW, progress, race, rows, run_jobs, state

PARENT_OWNER = 0xa
PARENT = 100


def _activate(conn, active=True):
    conn.execute("UPDATE challenges SET active = %s WHERE id = 'cs'", (active,))


def _remixes(conn, count, verified=True):
    """count remixes of the parent track, remix 200+n owned by remixer 20+n."""
    factory.user(conn, PARENT_OWNER, is_verified=verified)
    factory.track(conn, PARENT, PARENT_OWNER, blocknumber=1)
    for n in range(count):
        factory.user(conn, 20 + n)
        factory.track(conn, 200 + n, 20 + n, blocknumber=2, remix_of={"tracks": [{"parent_track_id": PARENT}]})
        factory.remix(conn, PARENT, 200 + n)


def _cosign(conn, remix, block, kind="save", at=None):
    factory.engagement(conn, kind, PARENT_OWNER, remix, blocknumber=block,
                       created_at=at or NOW - timedelta(hours=1000 - block))


def test_a_save_or_repost_by_the_parent_owner_rewards_the_remixer_once(db_url, conn):
    _activate(conn)
    _remixes(conn, 2)
    factory.user(conn, 3)
    factory.engagement(conn, "save", 3, 200, blocknumber=9)  # not the parent owner
    _cosign(conn, 200, 10, "save")
    _cosign(conn, 201, 11, "repost")
    run_jobs(db_url, ["cs"])
    assert progress(conn, "cs") == {"a:c8": (20, 1, True, 1000), "a:c9": (21, 1, True, 1000)}

    _cosign(conn, 200, 12, "repost")  # the same pair again
    run_jobs(db_url, ["cs"])
    assert sorted(progress(conn, "cs")) == ["a:c8", "a:c9"]
    before = state(conn)
    run_jobs(db_url, ["cs"])
    assert state(conn) == before


def test_inactive_catalog_row_mints_nothing(db_url, conn):
    _remixes(conn, 1)
    _cosign(conn, 200, 10)
    outcomes = run_jobs(db_url, ["cs"])
    assert [o.skipped for o in outcomes] == [True]
    assert rows(conn, "cs") == []


def test_unverified_parent_owner_mints_nothing(db_url, conn):
    _activate(conn)
    _remixes(conn, 1, verified=False)
    _cosign(conn, 200, 10)
    run_jobs(db_url, ["cs"])
    assert rows(conn, "cs") == []


def test_sixth_cosign_in_one_batch_gets_nothing_earliest_five_win(db_url, conn):
    _activate(conn)
    _remixes(conn, 6)
    # blocks in one order, cosign times in the reverse one: the earliest five cosigns win, not the first blocks
    for n in range(6):
        _cosign(conn, 200 + n, 10 + n, at=NOW - timedelta(days=1, hours=n))
    run_jobs(db_url, ["cs"])
    assert sorted(progress(conn, "cs")) == [f"a:{200 + n:x}" for n in range(1, 6)]


def test_sixth_cosign_inside_30_days_gets_nothing_one_after_30_days_does(db_url, conn):
    _activate(conn)
    _remixes(conn, 7)
    for n in range(5):
        _cosign(conn, 200 + n, 10 + n)
        run_jobs(db_url, ["cs"], now=NOW + timedelta(days=n))  # five rows, created over five days
    assert len(rows(conn, "cs")) == 5

    _cosign(conn, 205, 20)
    run_jobs(db_url, ["cs"], now=NOW + timedelta(days=29))  # all five within the last 30 days
    assert "a:cd" not in progress(conn, "cs")

    _cosign(conn, 206, 21)
    run_jobs(db_url, ["cs"], now=NOW + timedelta(days=30, hours=1))  # the first row is now 30 days old
    assert progress(conn, "cs")["a:ce"] == (26, 1, True, 1000)
    assert len(rows(conn, "cs")) == 6


def test_two_racing_transactions_do_not_break_the_cap(db_url, conn):
    """A second processor transaction that starts while the first is still open (the runner lock bypassed)
    waits for it, then counts its rows: the cap holds."""
    _activate(conn)
    _remixes(conn, 6)
    for n in range(5):
        _cosign(conn, 200 + n, 10 + n, at=NOW - timedelta(days=1))
    # an earlier cosign arrives meanwhile; a second transaction that did not see the first's five rows would
    # rank it first and mint it beside four of them
    race(db_url, cosign.PROCESSOR, lambda: _cosign(conn, 205, 20, at=NOW - timedelta(days=2)))
    assert sorted(progress(conn, "cs")) == [f"a:{200 + n:x}" for n in range(5)]
