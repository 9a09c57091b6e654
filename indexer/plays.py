"""TrackPlays: every play becomes an etl_plays row exactly once, then the plays hooks (the bridge into
`plays` first) see the rows that were really new.

Plays are collected across transactions and blocks and written in one COPY and one INSERT per flush, so a
backfill costs a few statements per batch of blocks instead of per play. The runner flushes before any
entity change, so plays and entity changes still apply in chain order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from openaudio_api.db.queries import loader
from openaudio_api.indexer import bridge  # noqa: F401  registers the plays bridge as the first hook
from openaudio_api.indexer.blocks import Block, Transaction, parse_time
from openaudio_api.indexer.hooks import PLAYS_HOOKS, PlaysParams

sql = loader(Path(__file__).resolve().parent / "sql")
log = logging.getLogger("openaudio.indexer.plays")

ETL_COLUMNS = ("user_id, track_id, city, region, country, played_at, block_height, tx_hash, tx_index, play_index, "
               "listened_at, recorded_at, signature")


@dataclass(frozen=True)
class Skip:
    height: int
    tx_hash: str
    item: int
    kind: str
    reason: str


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class PlaysBatch:
    """The plays parsed so far in this transaction, waiting for flush()."""

    def __init__(self, chain_id: str):
        self.chain_id = chain_id
        self.rows: list[tuple] = []
        self.first_height: int | None = None
        self.last_height: int | None = None

    def add(self, block: Block, tx: Transaction, skips: list[Skip]) -> None:
        """Stage a TrackPlays transaction's plays; a malformed play is a skip, never a failure."""
        plays = tx.body.get("plays") if isinstance(tx.body, dict) else None
        if not isinstance(plays, list):
            skips.append(Skip(block.height, tx.hash, -1, "plays", "TrackPlays without a plays list"))
            return
        for index, play in enumerate(plays):
            if not isinstance(play, dict):
                skips.append(Skip(block.height, tx.hash, index, "play", "a play is not an object"))
                continue
            track_id = play.get("trackId")
            if not isinstance(track_id, str) or not track_id:
                skips.append(Skip(block.height, tx.hash, index, "play", "trackId is missing"))
                continue
            played_at = parse_time(play.get("timestamp"))
            if played_at is None:
                skips.append(Skip(block.height, tx.hash, index, "play",
                                  f"timestamp {play.get('timestamp')!r} is not RFC 3339"))
                continue
            self.rows.append((
                _text(play.get("userId")), track_id, _text(play.get("city")), _text(play.get("region")),
                _text(play.get("country")), played_at, block.height, tx.hash, tx.index, index, played_at,
                block.timestamp, _text(play.get("signature")),
            ))
            self.first_height = block.height if self.first_height is None else self.first_height
            self.last_height = block.height

    def flush(self, conn: psycopg.Connection, skips: list[Skip]) -> int:
        """Write the staged plays; returns how many were new. Runs the hooks on the new ones."""
        if not self.rows:
            return 0
        span = {"first": self.first_height, "last": self.last_height}
        if conn.execute(sql("etl_plays_exist"), span).fetchone()[0]:
            # Some of these heights were indexed before (a replay): let the unique key drop the known ones.
            conn.execute("TRUNCATE etl_plays_stage")
            self._copy(conn, "etl_plays_stage")
            inserted, first_id = conn.execute(sql("insert_etl_plays")).fetchone()
        else:
            # The usual case, a backfill or the tip: nothing is there yet, so COPY straight in (the unique key
            # still guards; a concurrent writer would fail this batch, which is then retried as a replay).
            self._copy(conn, "etl_plays")
            inserted, first_id = len(self.rows), 0
        if inserted:
            conn.execute(sql("new_plays_range"), {"first": str(self.first_height), "last": str(self.last_height),
                                                  "first_id": str(first_id)})
            params = PlaysParams(conn=conn, table="new_etl_plays", chain_id=self.chain_id,
                                 first_height=self.first_height, last_height=self.last_height, log=log)
            for hook in PLAYS_HOOKS:
                hook(params)
            skips.extend(Skip(h, tx, i, "play", why) for h, tx, i, why in params.skipped)
        self.rows, self.first_height, self.last_height = [], None, None
        return inserted

    def _copy(self, conn: psycopg.Connection, table: str) -> None:
        with conn.cursor() as cur, cur.copy(f"COPY {table} ({ETL_COLUMNS}) FROM STDIN") as copy:
            for row in self.rows:
                copy.write_row(row)


def prepare(conn: psycopg.Connection) -> None:
    """Create this connection's scratch tables (once per session)."""
    with conn.transaction():
        conn.execute(sql("stage_tables"))

