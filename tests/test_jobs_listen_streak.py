"""e: endless listen streak (the Go API port: one row per streak advance)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests import factory
from tests.challenges import progress, run_jobs, state

T0 = datetime(2025, 6, 1, 10, 30)
TRACK = 500


def listen(conn, user_id: int, at: datetime, count: int = 1) -> None:
    factory.plays(conn, TRACK, count, user_id=user_id, at=at)


def streak(conn, user_id: int):
    return conn.execute("SELECT last_listen_date, listen_streak FROM challenge_listen_streak WHERE user_id = %s",
                        (user_id,)).fetchone()


def spec(user_id: int, at: datetime) -> str:
    return f"{user_id:x}{at:%Y%m%d%H}"


def setup(conn, *users: int) -> None:
    factory.user(conn, 99)
    factory.track(conn, TRACK, 99)
    for user_id in users:
        factory.user(conn, user_id)


def test_16_hours_is_ignored_24_advances_48_restarts(db_url, conn):
    setup(conn, 0x2b)
    listen(conn, 0x2b, T0)
    run_jobs(db_url, ["e"])
    assert progress(conn, "e") == {spec(0x2b, T0): (0x2b, 1, False, 7)}
    assert streak(conn, 0x2b) == (T0, 1)

    listen(conn, 0x2b, T0 + timedelta(hours=15, minutes=59))  # too soon: ignored
    run_jobs(db_url, ["e"])
    assert len(progress(conn, "e")) == 1 and streak(conn, 0x2b) == (T0, 1)

    day2 = T0 + timedelta(hours=24)
    listen(conn, 0x2b, day2)
    run_jobs(db_url, ["e"])
    assert progress(conn, "e")[spec(0x2b, day2)] == (0x2b, 2, False, 7)
    assert streak(conn, 0x2b) == (day2, 2)

    exactly16 = day2 + timedelta(hours=16)  # 16 hours is enough
    listen(conn, 0x2b, exactly16)
    run_jobs(db_url, ["e"])
    assert progress(conn, "e")[spec(0x2b, exactly16)] == (0x2b, 3, False, 7)

    broken = exactly16 + timedelta(hours=48)
    listen(conn, 0x2b, broken)
    run_jobs(db_url, ["e"])
    assert progress(conn, "e")[spec(0x2b, broken)] == (0x2b, 1, False, 7)
    assert streak(conn, 0x2b) == (broken, 1)
    assert len(progress(conn, "e")) == 4


def test_seven_days_complete_the_week_and_day_eight_is_a_row_of_its_own(db_url, conn):
    setup(conn, 7)
    days = [T0 + timedelta(days=n, minutes=n) for n in range(9)]
    for at in days:
        listen(conn, 7, at, count=3)  # repeats within the hour are ignored
    run_jobs(db_url, ["e"])
    got = progress(conn, "e")
    assert [got[spec(7, at)] for at in days] == [
        (7, 1, False, 7), (7, 2, False, 7), (7, 3, False, 7), (7, 4, False, 7), (7, 5, False, 7),
        (7, 6, False, 7), (7, 7, True, 7), (7, 1, True, 1), (7, 1, True, 1)]
    assert len(got) == 9
    assert streak(conn, 7) == (days[-1], 9)

    before = state(conn)
    run_jobs(db_url, ["e"])
    assert state(conn) == before


def test_two_listeners_interleaved_and_anonymous_plays(db_url, conn):
    setup(conn, 1, 2)
    # arrival order mixes the listeners and, for user 2, is not time order
    listen(conn, 1, T0)
    listen(conn, 2, T0 + timedelta(hours=30))
    factory.plays(conn, TRACK, 5, user_id=None, at=T0)
    listen(conn, 2, T0)
    listen(conn, 1, T0 + timedelta(hours=20))
    listen(conn, 2, T0 + timedelta(hours=10))  # 10h after its first listen: ignored
    run_jobs(db_url, ["e"])
    assert progress(conn, "e") == {
        spec(1, T0): (1, 1, False, 7), spec(1, T0 + timedelta(hours=20)): (1, 2, False, 7),
        spec(2, T0): (2, 1, False, 7), spec(2, T0 + timedelta(hours=30)): (2, 2, False, 7)}
    last_id = conn.execute("SELECT max(id) FROM plays").fetchone()[0]
    assert conn.execute("SELECT last_checkpoint FROM indexing_checkpoints "
                        "WHERE tablename = 'challenges:e:last_play_id'").fetchone() == (last_id,)

    before = state(conn)
    run_jobs(db_url, ["e"])
    assert state(conn) == before


def test_a_batch_ends_inside_the_plays_and_the_next_tick_continues(db_url, conn, monkeypatch):
    from openaudio_api.jobs.processors import listen_streak

    monkeypatch.setattr(listen_streak, "PLAYS_BATCH", 2)
    setup(conn, 3)
    for n in range(5):
        listen(conn, 3, T0 + timedelta(days=n))
    run_jobs(db_url, ["e"])
    assert streak(conn, 3) == (T0 + timedelta(days=1), 2)
    run_jobs(db_url, ["e"])
    run_jobs(db_url, ["e"])
    assert streak(conn, 3) == (T0 + timedelta(days=4), 5)
    assert sorted(v[1] for v in progress(conn, "e").values()) == [1, 2, 3, 4, 5]
