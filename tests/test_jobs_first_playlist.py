"""fp: first playlist."""

from __future__ import annotations

from tests import factory
from tests.challenges import progress, rows, run_jobs, state

BLOCK = 30_000_000  # after the catalog's starting_block (28,350,000)


def test_a_playlist_or_an_album_completes_it_at_once_even_empty(db_url, conn):
    for user_id in (1, 2, 0x1a):
        factory.user(conn, user_id)
    factory.playlist(conn, 10, 1, blocknumber=BLOCK, playlist_contents={"track_ids": []})
    factory.playlist(conn, 11, 0x1a, blocknumber=BLOCK + 1, is_album=True)
    run_jobs(db_url, ["fp"])
    assert progress(conn, "fp") == {"1": (1, 1, True, 2), "1a": (0x1a, 1, True, 2)}
    assert all(r["completed_at"] is not None for r in rows(conn, "fp"))

    before = state(conn)
    run_jobs(db_url, ["fp"])
    assert state(conn) == before

    # a second playlist changes nothing; a new owner after the checkpoint is picked up
    factory.playlist(conn, 12, 1, blocknumber=BLOCK + 2)
    factory.playlist(conn, 13, 2, blocknumber=BLOCK + 2)
    run_jobs(db_url, ["fp"])
    assert progress(conn, "fp") == {"1": (1, 1, True, 2), "1a": (0x1a, 1, True, 2), "2": (2, 1, True, 2)}


def test_deleted_old_and_superseded_playlists_do_not_count(db_url, conn):
    for user_id in (1, 2, 3):
        factory.user(conn, user_id)
    factory.playlist(conn, 10, 1, blocknumber=BLOCK, is_delete=True)
    factory.playlist(conn, 11, 2, blocknumber=28_000_000)  # before starting_block
    factory.playlist(conn, 12, 3, blocknumber=BLOCK, is_current=False)  # an old version
    run_jobs(db_url, ["fp"])
    assert rows(conn, "fp") == []
    assert conn.execute("SELECT last_checkpoint FROM indexing_checkpoints "
                        "WHERE tablename = 'challenges:fp:last_blocknumber'").fetchone() == (BLOCK,)


def test_inactive_catalog_row_mints_nothing(db_url, conn):
    factory.user(conn, 1)
    factory.playlist(conn, 10, 1, blocknumber=BLOCK)
    conn.execute("UPDATE challenges SET active = false WHERE id = 'fp'")
    run_jobs(db_url, ["fp"])
    assert rows(conn, "fp") == []
