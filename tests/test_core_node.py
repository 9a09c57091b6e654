"""The HTTP block source against a fake core node: backfill then follow the tip, blocks not produced yet
(height -1), a node that errors, one that stalls past the timeout, one without GetBlocks, one that lacks
stored blocks below its tip, and the chain height a GetBlock past the tip ("currentHeight": "0") leaves."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from openaudio_api.indexer import blockfile
from openaudio_api.indexer.runner import Indexer, index_all
from openaudio_api.indexer.sources import FileSource, HttpSource
from tests import indexing
from tests.conftest import TEMPLATE, _scratch_database, make_client
from tests.fake_core_node import FakeCoreNode

BLOCKS = list(indexing.play_blocks(30, 10))


@pytest.fixture(scope="module")
def reference(server_url, template_url, tmp_path_factory):
    """The same 30 blocks indexed from a file: what the node path must produce."""
    path = tmp_path_factory.mktemp("ref") / "blocks.jsonl"
    blockfile.write(path, BLOCKS)
    gen = _scratch_database(server_url, TEMPLATE)
    url = next(gen)
    with psycopg.connect(url, autocommit=True) as conn:
        indexing.owners(conn)
        index_all(url, FileSource(path))
        state = indexing.snapshot(conn)
    next(gen, None)
    return state


class Running:
    """An indexer following a node in a thread."""

    def __init__(self, url: str, node: FakeCoreNode, **options):
        self.stop = threading.Event()
        source = HttpSource(node.url, batch=options.pop("batch", 8), timeout=options.pop("timeout", 1.0))
        self.indexer = Indexer(url, source, batch_blocks=8, follow=True, poll=(0.02, 0.1), retry=(0.05, 0.2),
                               stop=self.stop, **options)
        self.thread = threading.Thread(target=self.indexer.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


def _height(conn) -> int | None:
    return conn.execute("SELECT max(height) FROM core_indexed_blocks").fetchone()[0]


def test_backfill_then_follow_the_tip(db_url, conn, reference):
    indexing.owners(conn)
    with FakeCoreNode(indexing.CHAIN, BLOCKS[:20]) as node, Running(db_url, node):
        indexing.wait_until(lambda: _height(conn) == 20)
        time.sleep(0.3)  # blocks 21.. are not produced: height -1, the indexer waits
        assert _height(conn) == 20
        for block in BLOCKS[20:]:
            node.produce(block)
            time.sleep(0.01)
        indexing.wait_until(lambda: _height(conn) == 30)
    assert indexing.snapshot(conn) == reference
    batches = [body["height"] for method, body in node.requests if method == "GetBlocks"]
    assert batches and all(len(h) <= 8 for h in batches)
    assert conn.execute("SELECT chain_height FROM core_indexer_status").fetchone() == (30,)


def test_a_node_that_errors_is_retried(db_url, conn, reference):
    indexing.owners(conn)
    with FakeCoreNode(indexing.CHAIN, BLOCKS[:10]) as node, Running(db_url, node):
        indexing.wait_until(lambda: _height(conn) == 10)
        node.fail_next = 5
        for block in BLOCKS[10:]:
            node.produce(block)
        indexing.wait_until(lambda: _height(conn) == 30)
    assert indexing.snapshot(conn) == reference
    error, = conn.execute("SELECT last_error FROM core_indexer_status").fetchone()
    assert "HTTP 500" in error


def test_a_node_that_stalls_times_out_and_is_retried(db_url, conn, reference):
    indexing.owners(conn)
    with FakeCoreNode(indexing.CHAIN, BLOCKS[:10]) as node, Running(db_url, node, timeout=0.3):
        indexing.wait_until(lambda: _height(conn) == 10)
        node.hang_next, node.hang_seconds = 2, 1.5
        began = time.monotonic()
        for block in BLOCKS[10:]:
            node.produce(block)
        indexing.wait_until(lambda: _height(conn) == 30)
        assert time.monotonic() - began < 15
    assert indexing.snapshot(conn) == reference
    assert "Timeout" in conn.execute("SELECT last_error FROM core_indexer_status").fetchone()[0]


def test_without_get_blocks_it_falls_back_to_get_block(db_url, conn, reference):
    indexing.owners(conn)
    with FakeCoreNode(indexing.CHAIN, BLOCKS) as node:
        node.get_blocks_enabled = False
        with Running(db_url, node):
            indexing.wait_until(lambda: _height(conn) == 30)
    assert indexing.snapshot(conn) == reference
    singles = [body["height"] for method, body in node.requests if method == "GetBlock"]
    assert set(range(1, 31)) <= set(singles)


def test_nothing_produced_yet(db_url, conn):
    """A chain at height 0: every height answers -1; the indexer waits without writing or erring."""
    with FakeCoreNode(indexing.CHAIN) as node, Running(db_url, node):
        time.sleep(0.5)
        assert _height(conn) is None
        node.produce(BLOCKS[0])
        indexing.wait_until(lambda: _height(conn) == 1)
    assert conn.execute("SELECT last_error FROM core_indexer_status").fetchone() == (None,)


def test_a_node_that_lacks_blocks_serves_them_with_get_block(db_url, conn, reference):
    """GetBlocks omits heights the node has no stored row for (state-synced, pruned): below its currentHeight
    they are fetched one by one with GetBlock, not waited for."""
    indexing.owners(conn)
    with FakeCoreNode(indexing.CHAIN, BLOCKS) as node:
        node.pruned = {1, 5, 6, 17}
        with Running(db_url, node):
            indexing.wait_until(lambda: _height(conn) == 30)
    assert indexing.snapshot(conn) == reference
    singles = {body["height"] for method, body in node.requests if method == "GetBlock"}
    assert {1, 5, 6, 17} <= singles
    assert conn.execute("SELECT last_error, chain_height FROM core_indexer_status").fetchone() == (None, 30)


def test_a_block_the_node_cannot_serve_is_an_error_not_a_wait(db_url, conn, reference):
    """Lacking both the stored block and the consensus one, the node errs on GetBlock: the indexer stops at
    the block before, says which height fails, and goes on once the node has it again."""
    indexing.owners(conn)
    with FakeCoreNode(indexing.CHAIN, BLOCKS) as node:
        node.lost = {12}
        with Running(db_url, node):
            indexing.wait_until(lambda: conn.execute(
                "SELECT failing_height FROM core_indexer_status").fetchone() == (12,))
            assert _height(conn) == 11
            error, = conn.execute("SELECT last_error FROM core_indexer_status").fetchone()
            assert "GetBlock: HTTP 500" in error
            node.lost.clear()
            indexing.wait_until(lambda: _height(conn) == 30)
    assert indexing.snapshot(conn) == reference


def test_get_block_past_the_tip_keeps_the_chain_height(db_url, conn):
    """At the tip, GetBlock for the next height answers currentHeight "0"; /health_check keeps reporting the
    chain height the node last gave, and a lag of 0."""
    indexing.owners(conn)
    with FakeCoreNode(indexing.CHAIN, BLOCKS[:10]) as node:
        node.get_blocks_enabled = False
        with Running(db_url, node) as running:
            indexing.wait_until(lambda: _height(conn) == 10)
            indexing.wait_until(lambda: sum(m == "GetBlock" and b["height"] == 11 for m, b in node.requests) >= 3)
            assert running.indexer.source.current_height() == 10
            node.produce(BLOCKS[10])
            indexing.wait_until(lambda: _height(conn) == 11)
            indexing.wait_until(lambda: sum(m == "GetBlock" and b["height"] == 12 for m, b in node.requests) >= 3)
    with make_client(db_url) as client:
        section, = client.get("/health_check").json()["data"]["indexer"]
    assert (section["height"], section["chain_height"], section["lag_blocks"]) == (11, 11, 0)
