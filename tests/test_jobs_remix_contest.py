"""w: remix contest winner."""

from __future__ import annotations

from datetime import timedelta

from openaudio_api.jobs.processors import remix_contest_winner
from tests import factory
from tests.challenges import NOW, progress, race, rows, run_jobs, state

HOST = 0xf


def _entrants(conn, count, host_verified=True):
    """The host, and entrant 20+n with remix track 200+n."""
    factory.user(conn, HOST, is_verified=host_verified)
    for n in range(count):
        factory.user(conn, 20 + n)
        factory.track(conn, 200 + n, 20 + n, blocknumber=2)


def test_winners_are_rewarded_once_per_contest(db_url, conn):
    _entrants(conn, 3)
    factory.track(conn, 203, 20, blocknumber=2)  # entrant 20 wins with two tracks: one reward
    factory.remix_contest(conn, 0x1c, HOST, [], blocknumber=10)
    run_jobs(db_url, ["w"])
    assert rows(conn, "w") == []

    # winners as numbers or digit strings; junk is skipped
    conn.execute("""UPDATE events SET event_data = '{"winners": [200, "201", 203, "x", 99999]}', blocknumber = 11
                    WHERE event_id = 28""")
    run_jobs(db_url, ["w"])
    assert progress(conn, "w") == {"1c:14": (20, 1, True, 1000), "1c:15": (21, 1, True, 1000)}

    before = state(conn)
    run_jobs(db_url, ["w"])
    assert state(conn) == before


def test_deleted_winner_track_deleted_contest_and_other_event_types_earn_nothing(db_url, conn):
    _entrants(conn, 3)
    conn.execute("UPDATE tracks SET is_delete = true WHERE track_id = 200")
    factory.remix_contest(conn, 1, HOST, [200, 201], blocknumber=10)
    factory.remix_contest(conn, 2, HOST, [202], blocknumber=11, is_deleted=True)
    factory.remix_contest(conn, 3, HOST, [202], blocknumber=12, event_type="live_event")
    run_jobs(db_url, ["w"])
    assert sorted(progress(conn, "w")) == ["1:15"]


def test_a_winning_track_with_a_ten_digit_id_is_rewarded(db_url, conn):
    """Every int4 track id names its track (2,147,483,647 included); a number past int4 is junk."""
    _entrants(conn, 1)
    factory.track(conn, 2_147_483_647, 20, blocknumber=2)
    factory.remix_contest(conn, 1, HOST, [2_147_483_647, 2_147_483_648], blocknumber=10)
    run_jobs(db_url, ["w"])
    assert sorted(progress(conn, "w")) == ["1:14"]


def test_unverified_host_earns_winners_nothing(db_url, conn):
    _entrants(conn, 1, host_verified=False)
    factory.remix_contest(conn, 1, HOST, [200], blocknumber=10)
    run_jobs(db_url, ["w"])
    assert rows(conn, "w") == []


def test_the_sixth_winner_of_a_contest_gets_nothing(db_url, conn):
    _entrants(conn, 7)
    factory.remix_contest(conn, 1, HOST, [205, 204, 203, 202, 201, 200], blocknumber=10)
    run_jobs(db_url, ["w"])
    # the first five listed
    assert sorted(progress(conn, "w")) == sorted(f"1:{20 + n:x}" for n in range(1, 6))

    # a later update adding a winner finds the contest full (and the week too)
    conn.execute("""UPDATE events SET event_data = '{"winners": [205, 204, 203, 202, 201, 200, 206]}',
                    blocknumber = 11 WHERE event_id = 1""")
    run_jobs(db_url, ["w"], now=NOW + timedelta(days=30))
    assert len(rows(conn, "w")) == 5


def test_a_host_rewards_at_most_five_winners_per_rolling_week_across_contests(db_url, conn):
    # contest ids whose hex is not their decimal: the cap joins specifier prefixes to events by hex
    _entrants(conn, 8)
    factory.user(conn, 9, is_verified=True)  # another host, not limited by the first one's week
    factory.remix_contest(conn, 0x21, HOST, [200, 201, 202], blocknumber=10)
    run_jobs(db_url, ["w"])
    factory.remix_contest(conn, 0x22, HOST, [203, 204, 205], blocknumber=11)
    factory.remix_contest(conn, 0x23, 9, [206], blocknumber=12)
    run_jobs(db_url, ["w"], now=NOW + timedelta(days=6))
    assert sorted(progress(conn, "w")) == ["21:14", "21:15", "21:16", "22:17", "22:18", "23:1a"]

    factory.remix_contest(conn, 0x24, HOST, [207], blocknumber=13)
    run_jobs(db_url, ["w"], now=NOW + timedelta(days=6, hours=23))  # contest 1's rows are < 7 days old
    assert "24:1b" not in progress(conn, "w")
    factory.remix_contest(conn, 0x25, HOST, [207], blocknumber=14)
    run_jobs(db_url, ["w"], now=NOW + timedelta(days=7, hours=1))  # contest 1's three rows left the week
    assert progress(conn, "w")["25:1b"] == (27, 1, True, 1000)


def test_two_racing_transactions_do_not_break_the_weekly_cap(db_url, conn):
    """A second processor transaction that starts while the first is still open (the runner lock bypassed)
    waits for it, then counts its rows: the host's five a week hold across both."""
    _entrants(conn, 6)
    factory.remix_contest(conn, 1, HOST, [200, 201, 202], blocknumber=10)
    race(db_url, remix_contest_winner.PROCESSOR,
         lambda: factory.remix_contest(conn, 2, HOST, [203, 204, 205], blocknumber=11))
    assert sorted(progress(conn, "w")) == ["1:14", "1:15", "1:16", "2:17", "2:18"]
