"""b / s: audio matching buyer and seller, from the valid purchases of v_usdc_purchases."""

from __future__ import annotations

from tests import factory
from tests.challenges import progress, rows, run_jobs, state

BUYER, SELLER = 0x1b, 0x5e
TRACK = 0x77
PRICE = {"usdc_purchase": {"price": 500, "splits": []}}  # $5.00, in cents
DOLLAR = 1_000_000  # micro-USDC


def _shop(conn, seller_verified=True):
    factory.user(conn, BUYER)
    factory.user(conn, SELLER, is_verified=seller_verified)
    factory.track(conn, TRACK, SELLER, blocknumber=1, is_stream_gated=True, stream_conditions=PRICE)


def test_a_purchase_rewards_buyer_and_verified_seller_per_whole_dollar(db_url, conn):
    _shop(conn)
    factory.purchase(conn, 1000, BUYER, SELLER, TRACK, 7_999_999)  # $7.99…: 7 whole dollars
    run_jobs(db_url, ["b", "s"])
    assert progress(conn, "b") == {"1b:77": (BUYER, 1, True, 7)}
    assert progress(conn, "s") == {"1b:77": (SELLER, 1, True, 35)}
    assert conn.execute("SELECT tablename, last_checkpoint FROM indexing_checkpoints ORDER BY 1").fetchall() == [
        ("challenges:b:last_slot", 1000), ("challenges:s:last_slot", 1000)]

    before = state(conn)
    run_jobs(db_url, ["b", "s"])
    assert state(conn) == before


def test_unverified_seller_gets_nothing_buyer_still_does(db_url, conn):
    _shop(conn, seller_verified=False)
    factory.purchase(conn, 1000, BUYER, SELLER, TRACK, 5 * DOLLAR)
    run_jobs(db_url, ["b", "s"])
    assert progress(conn, "b") == {"1b:77": (BUYER, 1, True, 5)}
    assert rows(conn, "s") == []


def test_invalid_purchases_earn_nothing(db_url, conn):
    _shop(conn)
    factory.user(conn, 3)
    factory.track(conn, 0x78, SELLER, blocknumber=1)  # not for sale
    factory.purchase(conn, 1000, BUYER, SELLER, TRACK, 4_999_999)  # under the price
    factory.purchase(conn, 1001, BUYER, 3, TRACK, 5 * DOLLAR)  # paid to someone who does not own it
    factory.purchase(conn, 1002, SELLER, SELLER, TRACK, 5 * DOLLAR)  # bought from oneself
    factory.purchase(conn, 1003, BUYER, SELLER, 0x78, 5 * DOLLAR)  # no USDC price
    factory.purchase(conn, 1004, BUYER, SELLER, 0x79, 5 * DOLLAR)  # no such track
    run_jobs(db_url, ["b", "s"])
    assert rows(conn) == []
    # the checkpoint still moves past them
    assert conn.execute("SELECT max(last_checkpoint) FROM indexing_checkpoints").fetchone() == (1004,)


def test_under_a_dollar_earns_nothing_and_the_first_purchase_of_a_content_counts(db_url, conn):
    _shop(conn)
    conn.execute("""UPDATE tracks SET stream_conditions = '{"usdc_purchase": {"price": 50}}',
                    download_conditions = '{"usdc_purchase": {"price": 300}}' WHERE track_id = %s""", (TRACK,))
    factory.user(conn, 4)
    factory.purchase(conn, 1000, 4, SELLER, TRACK, 999_999)  # $0.99…: 0 whole dollars
    factory.purchase(conn, 1001, BUYER, SELLER, TRACK, 1 * DOLLAR)  # stream
    factory.purchase(conn, 1002, BUYER, SELLER, TRACK, 2 * DOLLAR, access="download")  # under the download price
    factory.purchase(conn, 1003, BUYER, SELLER, TRACK, 3 * DOLLAR, access="download")  # same specifier, later
    run_jobs(db_url, ["b", "s"])
    assert progress(conn, "b") == {"1b:77": (BUYER, 1, True, 1)}
    assert progress(conn, "s") == {"1b:77": (SELLER, 1, True, 5)}


def test_album_purchases_and_later_slots(db_url, conn):
    _shop(conn)
    factory.purchase(conn, 1000, BUYER, SELLER, TRACK, 5 * DOLLAR)
    run_jobs(db_url, ["b"])
    conn.execute("""INSERT INTO playlists (playlist_id, playlist_owner_id, is_album, is_private, playlist_name,
                        is_current, is_delete, created_at, updated_at, is_stream_gated, stream_conditions, txhash)
                    VALUES (0x40, %s, true, false, 'LP', true, false, now(), now(), true,
                            '{"usdc_purchase": {"price": 1000}}', '0xlp')""", (SELLER,))
    factory.purchase(conn, 1100, BUYER, SELLER, 0x40, 10 * DOLLAR, content_type="album")
    run_jobs(db_url, ["b"])
    assert progress(conn, "b") == {"1b:40": (BUYER, 1, True, 10), "1b:77": (BUYER, 1, True, 5)}
