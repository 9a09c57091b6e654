"""The indexer over a block file: the plays mapping, exactly-once under replays, concurrent indexers and
other writers, skips for malformed input, and honest failure (stop at the bad block, retry, report, recover)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import psycopg
import pytest

from openaudio_api.indexer import blockfile
from openaudio_api.indexer.runner import Indexer, IndexingFailed, index_all
from openaudio_api.indexer.sources import FileSource
from tests import indexing
from tests.conftest import make_client
from tests.indexing import CHAIN, T0


@pytest.fixture
def blocks_file(tmp_path):
    path = tmp_path / "blocks.jsonl"
    blockfile.write(path, indexing.play_blocks(40, 30))
    return path


@pytest.fixture
def clean_state(server_url, template_url, blocks_file):
    """What a single, uninterrupted run writes: the reference every other scenario must equal."""
    from tests.conftest import _scratch_database, TEMPLATE

    gen = _scratch_database(server_url, TEMPLATE)
    url = next(gen)
    with psycopg.connect(url, autocommit=True) as conn:
        indexing.owners(conn)
        index_all(url, FileSource(blocks_file), batch_blocks=7)
        state = indexing.snapshot(conn)
    next(gen, None)
    return state


def test_plays_mapping_and_skips(db_url, conn, tmp_path):
    indexing.owners(conn)
    at = T0 + timedelta(hours=5)
    good = [
        blockfile.track_play(3, 4, at, signature="a", city="Berlin", region="BE", country="DE"),
        blockfile.track_play(None, 4, at, signature="b"),  # anonymous: userId is the content node's wallet
        blockfile.track_play("", 5, at, signature="b2"),  # anonymous as older nodes wrote it
        blockfile.track_play("not-a-user", 5, at, signature="c"),  # legacy: a non-integer user is anonymous
        blockfile.track_play(2, "99999999999", at, signature="d"),  # beyond int32: no track can have it
        blockfile.track_play(2, "x7", at, signature="e"),
    ]
    malformed = [{"userId": "1", "timestamp": "2025-01-01T00:00:00Z"},  # no trackId
                 {**blockfile.track_play(1, 2, at), "timestamp": "yesterday"}, "not an object"]
    blocks = [
        blockfile.block(1, at, [blockfile.plays_tx(good + malformed, tx_hash="0xplays")], chain_id=CHAIN),
        blockfile.block(2, at, [
            {"hash": "0xunknown", "transaction": {"signature": "", "somethingNew": {"x": 1}}},
            {"hash": "0xsla", "transaction": {"signature": "", "slaRollup": {}}},
            {"hash": "0xbadplays", "transaction": {"signature": "", "plays": {"plays": "many"}}},
        ], chain_id=CHAIN),
    ]
    path = tmp_path / "b.jsonl"
    blockfile.write(path, blocks)

    stats = index_all(db_url, FileSource(path))

    assert (stats.blocks, stats.plays) == (2, 6)
    assert stats.skipped == {"play": 5, "transaction": 1, "plays": 1}
    assert stats.ignored == {"slaRollup": 1}
    assert conn.execute("SELECT user_id, source, play_item_id, created_at, slot, signature, city, region, country "
                        "FROM plays ORDER BY signature").fetchall() == [
        (3, "relay", 4, at, 1, "a", "Berlin", "BE", "DE"),
        (None, "relay", 4, at, 1, "b", None, None, None),
        (None, "relay", 5, at, 1, "b2", None, None, None),
        (None, "relay", 5, at, 1, "c", None, None, None),
    ]
    assert conn.execute("SELECT user_id FROM etl_plays WHERE signature LIKE 'b%%' ORDER BY signature").fetchall() == [
        (blockfile.CONTENT_NODE_WALLET,), ("",)]
    assert conn.execute("SELECT count(*) FROM etl_plays").fetchone() == (6,)
    skipped = conn.execute("SELECT height, tx_hash, item, kind, reason FROM core_skipped_transactions "
                           "ORDER BY height, item, reason").fetchall()
    assert [(h, tx, item, kind) for h, tx, item, kind, _ in skipped] == [
        (1, "0xplays", 4, "play"), (1, "0xplays", 5, "play"), (1, "0xplays", 6, "play"),
        (1, "0xplays", 7, "play"), (1, "0xplays", 8, "play"),
        (2, "0xbadplays", -1, "plays"), (2, "0xunknown", -1, "transaction")]
    assert "somethingNew" in skipped[-1][4] and "not an integer" in skipped[0][4]
    assert conn.execute("SELECT count FROM aggregate_plays WHERE play_item_id = 4").fetchone() == (2,)


def test_clean_run_writes_every_play_once(clean_state):
    assert len(clean_state["etl_plays"]) == 40 * 30
    assert len(clean_state["plays"]) == 40 * 30
    assert sum(n for _, n in clean_state["aggregate_plays"]) == 40 * 30
    assert clean_state["milestones"] and clean_state["notification"]
    assert [h for _, h, *_ in clean_state["core_indexed_blocks"]] == list(range(1, 41))


def test_replaying_heights_changes_nothing(db_url, conn, blocks_file, clean_state):
    indexing.owners(conn)
    index_all(db_url, FileSource(blocks_file), batch_blocks=7)
    # Forget the checkpoints: every height is indexed again, from the same blocks.
    conn.execute("DELETE FROM core_indexed_blocks")
    again = index_all(db_url, FileSource(blocks_file), batch_blocks=11)
    assert again.blocks == 40 and again.plays == 0
    assert indexing.snapshot(conn) == clean_state
    # A restart resumes after the last height and finds nothing to do.
    assert index_all(db_url, FileSource(blocks_file)).blocks == 0
    assert indexing.snapshot(conn) == clean_state


def test_resume_after_a_partial_file(db_url, conn, tmp_path, blocks_file, clean_state):
    indexing.owners(conn)
    half = tmp_path / "half.jsonl"
    blockfile.write(half, indexing.play_blocks(17, 30))
    assert index_all(db_url, FileSource(half)).blocks == 17
    assert index_all(db_url, FileSource(blocks_file), batch_blocks=5).blocks == 23
    assert indexing.snapshot(conn) == clean_state


def test_two_indexers_at_once(db_url, conn, blocks_file, clean_state):
    indexing.owners(conn)
    results, errors = [], []

    def run(batch):
        try:
            results.append(index_all(db_url, FileSource(blocks_file), batch_blocks=batch))
        except Exception as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(b,)) for b in (3, 4, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    assert sum(r.blocks for r in results) == 40  # every block indexed by exactly one of them
    assert indexing.snapshot(conn) == clean_state


def test_a_second_indexer_waits_while_the_first_acts(db_url, conn, blocks_file, clean_state):
    """Started on two machines: the first to take the chain's lock indexes; the second waits idle (writes no
    block) until the first stops, then takes over from where it left off."""
    indexing.owners(conn)
    stop_first = threading.Event()
    first = Indexer(db_url, FileSource(blocks_file), batch_blocks=5, follow=True, poll=(0.05, 0.1),
                    stop=stop_first)
    first_thread = threading.Thread(target=first.run)
    first_thread.start()
    second = Indexer(db_url, FileSource(blocks_file), batch_blocks=5, follow=False)
    second_thread = threading.Thread(target=second.run)
    try:
        indexing.wait_until(lambda: conn.execute("SELECT count(*) FROM core_indexed_blocks").fetchone() == (40,))
        second_thread.start()
        time.sleep(1.0)
        assert second_thread.is_alive() and second.stats.blocks == 0  # waiting for the lock
        stop_first.set()
        first_thread.join(30)
        second_thread.join(30)
        assert not second_thread.is_alive()  # took the lock, found nothing new, done
    finally:
        stop_first.set()
        second.stop.set()
        first_thread.join(30)
        second_thread.join(30)
    assert (first.stats.blocks, second.stats.blocks) == (40, 0)
    assert indexing.snapshot(conn) == clean_state


def test_plays_another_writer_inserted_are_not_counted_twice(db_url, conn, blocks_file, clean_state):
    indexing.owners(conn)
    # Another bridge already copied block 3's plays into `plays` (same slot, signature, track, user, time).
    first = next(b for b in indexing.play_blocks(40, 30) if b["height"] == "3")
    for p in first["transactions"][0]["transaction"]["plays"]["plays"]:
        conn.execute("INSERT INTO plays (user_id, source, play_item_id, created_at, slot, signature, country) "
                     "VALUES (%s, 'relay', %s::int, %s::timestamptz AT TIME ZONE 'UTC', 3, %s, nullif(%s, ''))",
                     (int(p["userId"]) if p["userId"].isdigit() else None,  # a wallet: an anonymous listen
                      p["trackId"], p["timestamp"], p["signature"], p["country"]))
    index_all(db_url, FileSource(blocks_file), batch_blocks=7)
    state = indexing.snapshot(conn)
    assert state["plays"] == clean_state["plays"]
    assert state["aggregate_plays"] == clean_state["aggregate_plays"]
    assert state["aggregate_monthly_plays"] == clean_state["aggregate_monthly_plays"]


def test_a_failing_block_stops_indexing_until_it_can_be_written(db_url, conn, tmp_path):
    """A real database refusal (here a constraint the indexer did not expect) is not skipped: the good blocks
    before it land, the bad one is retried and reported in /health_check, and indexing resumes by itself
    once the cause is gone."""
    indexing.owners(conn)
    blocks = list(indexing.play_blocks(6, 5))
    blocks[3]["transactions"][0]["transaction"]["plays"]["plays"][2]["trackId"] = "13"
    path = tmp_path / "b.jsonl"
    blockfile.write(path, blocks)
    conn.execute("ALTER TABLE plays ADD CONSTRAINT no_track_13 CHECK (play_item_id <> 13) NOT VALID")

    stop = threading.Event()
    indexer = Indexer(db_url, FileSource(path), batch_blocks=10, follow=False, retry=(0.05, 0.2), stop=stop)
    thread = threading.Thread(target=indexer.run)
    thread.start()
    try:
        indexing.wait_until(lambda: conn.execute("SELECT failing_height FROM core_indexer_status").fetchone() == (4,))
        time.sleep(0.5)  # it keeps retrying, never past block 4
        assert conn.execute("SELECT max(height) FROM core_indexed_blocks").fetchone() == (3,)
        assert conn.execute("SELECT count(*) FROM etl_plays WHERE block_height >= 4").fetchone() == (0,)
        with make_client(db_url) as client:
            report = client.get("/v1/health_check").json()["data"]["indexer"]
        assert report[0]["chain_id"] == CHAIN and report[0]["height"] == 3 and report[0]["failing_height"] == 4
        assert report[0]["lag_blocks"] == 3 and "no_track_13" in report[0]["last_error"]

        conn.execute("ALTER TABLE plays DROP CONSTRAINT no_track_13")
        thread.join(30)
        assert not thread.is_alive()
    finally:
        stop.set()
        thread.join(30)
    assert conn.execute("SELECT max(height), count(*) FROM core_indexed_blocks").fetchone() == (6, 6)
    assert conn.execute("SELECT count(*) FROM plays WHERE play_item_id = 13").fetchone() == (1,)
    with make_client(db_url) as client:
        report = client.get("/v1/health_check").json()["data"]["indexer"]
    assert report[0]["failing_height"] is None and report[0]["lag_blocks"] == 0


def test_an_unreadable_block_is_never_skipped(db_url, conn, tmp_path):
    path = tmp_path / "b.jsonl"
    blockfile.write(path, indexing.play_blocks(3, 2))
    with path.open("a") as out:
        out.write("{not json\n")
    blockfile_lines = path.read_text()
    with pytest.raises(IndexingFailed, match="not JSON"):
        index_all(db_url, FileSource(path), max_failures=2)
    assert conn.execute("SELECT max(height) FROM core_indexed_blocks").fetchone() == (3,)
    assert conn.execute("SELECT failing_height FROM core_indexer_status").fetchone() == (4,)
    assert blockfile_lines.count("\n") == 4



def test_malformed_entity_transactions_are_skipped_and_counted(db_url, conn, tmp_path):
    from tests import factory

    factory.user(conn, 1)
    signer = factory.wallet_of(1)
    good = blockfile.manage_entity_tx(1, "User", 2, "Follow", signer)  # follows a user that does not exist
    bodies = [
        {"userId": "one", "entityType": "Track", "entityId": "5", "action": "Create", "signer": signer},
        {"userId": "1", "entityType": "Track", "entityId": "x", "action": "Create", "signer": signer},
        {"userId": "1", "entityId": "5", "action": "Create", "signer": signer},
        {"userId": "1", "entityType": "Track", "entityId": "5", "action": "Create", "signer": "nobody"},
        {"userId": "1", "entityType": "Spaceship", "entityId": "5", "action": "Launch", "signer": signer},
        {"userId": "1", "entityType": "Track", "entityId": "5", "action": "Create", "signer": signer,
         "metadata": "{not json"},
        "not an object",
    ]
    txs = [good] + [{"hash": f"0xbad{i}", "transaction": {"signature": "", "manageEntity": body}}
                    for i, body in enumerate(bodies)]
    path = tmp_path / "b.jsonl"
    blockfile.write(path, [blockfile.block(1, T0, txs, chain_id=CHAIN)])

    stats = index_all(db_url, FileSource(path))

    assert stats.blocks == 1 and stats.entities == 0
    assert stats.skipped == {"manage_entity": len(bodies) + 1}
    reasons = dict(conn.execute("SELECT tx_hash, reason FROM core_skipped_transactions").fetchall())
    assert len(reasons) == len(bodies) + 1
    assert "not a user id" in reasons["0xbad0"] and "not an id" in reasons["0xbad1"]
    assert "unsupported ManageEntity Spaceship Launch" in reasons["0xbad4"]
    assert conn.execute("SELECT count(*) FROM tracks").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM follows").fetchone() == (0,)


def test_a_finished_indexer_gives_the_chains_lock_back_at_once(db_url, conn, blocks_file):
    """The run unlocks before it disconnects (db/locks.py's close_releasing_locks): the next indexer of the
    chain, started right after, takes the lock without waiting for the old backend to exit."""
    indexing.owners(conn)
    held = ("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
    for _ in range(10):
        index_all(db_url, FileSource(blocks_file), batch_blocks=50)
        assert conn.execute(held).fetchone()[0] == 0
