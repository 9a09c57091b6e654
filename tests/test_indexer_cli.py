"""`openaudio-api index` as an operator runs it: a progress bar on a backfill, JSON log lines at the tip, a
summary, and a clean stop on SIGTERM while following a node."""

from __future__ import annotations

import json
import signal
import time

import psycopg

from openaudio_api.indexer import blockfile
from tests import indexing
from tests.fake_core_node import FakeCoreNode
from tests.test_cli import run
from tests.test_indexer_crash import _index_process


def test_backfill_shows_progress_and_a_summary(db_url, tmp_path):
    path = tmp_path / "blocks.jsonl"
    blockfile.write(path, indexing.play_blocks(60, 20))
    result = run("index", "--database-url", db_url, "--source", str(path), "--batch-blocks", "5", "--batch-plays", "40",
                 "--progress")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("indexed 60 blocks (1200 plays, 0 entity changes) up to height 60; "
                                     "skipped: none")
    assert "indexing" in result.stderr and "block/s" in result.stderr and "plays/s" in result.stderr


def test_at_the_tip_it_logs_structured_lines(db_url, tmp_path):
    path = tmp_path / "blocks.jsonl"
    blockfile.write(path, indexing.play_blocks(3, 4))
    result = run("index", "--database-url", db_url, "--source", str(path), "--no-progress")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    indexed = [line for line in lines if line["msg"] == "indexed"]
    assert indexed and indexed[-1]["to_height"] == 3 and indexed[-1]["lag_blocks"] == 0
    assert indexed[-1]["plays"] == 12 and indexed[-1]["chain_id"] == indexing.CHAIN


def test_following_a_node_stops_cleanly_on_sigterm(db_url, tmp_path):
    with FakeCoreNode(indexing.CHAIN, list(indexing.play_blocks(5, 3))) as node:
        process = _index_process(db_url, node.url)  # a URL source follows the tip by default
        try:
            with psycopg.connect(db_url, autocommit=True) as conn:
                deadline = time.monotonic() + 60
                while conn.execute("SELECT count(*) FROM core_indexed_blocks").fetchone()[0] < 5:
                    assert time.monotonic() < deadline and process.poll() is None
                    time.sleep(0.05)
            process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, stderr.decode()[-2000:]


def test_index_help():
    result = run("index", "--help")
    assert result.returncode == 0
    for option in ("--source", "--batch-blocks", "--verifier", "--follow", "--start-height", "--progress"):
        assert option in result.stdout
