"""The block loop: read blocks in order, write each batch of blocks in one database transaction, resume from
the last indexed height.

Exactly once: a batch's rows and its blocks' core_indexed_blocks rows commit together, so a crash at any
point leaves either the whole batch or none of it; every table also has a natural key, so a replayed block,
a second indexer or another writer's rows can only meet ON CONFLICT DO NOTHING.

One at a time: the indexer writes on a session that holds a per-chain advisory lock, so indexers started on
several machines do not race: one acts, the others wait idle and take over when it stops.

Honest failure: when a batch cannot be written it is rolled back, narrowed to single blocks so that every
good block before the bad one still lands, and the bad block is retried with backoff; indexing never moves
past it. The error is logged and recorded for /health_check. Malformed transactions and plays are not
failures: they are skipped, counted and recorded in core_skipped_transactions.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from tqdm import tqdm

from openaudio_api.db.locks import close_releasing_locks, wait_for_session_lock
from openaudio_api.db.queries import loader
from openaudio_api.indexer import entities, plays
from openaudio_api.indexer.blocks import (ENTITY_KINDS, IGNORED_KINDS, MANAGE_ENTITY_MIGRATION, PLAYS, Block,
                                          MalformedBlock, Rejected, parse_loose_time, parse_manage_entity)
from openaudio_api.indexer.sources import SourceError

sql = loader(Path(__file__).resolve().parent / "sql")
log = logging.getLogger("openaudio.indexer")
# How often a healthy indexer refreshes core_indexer_status (chain height for the lag in /health_check).
STATUS_EVERY_SECONDS = 2.0
# A backfill transaction gathers fetches until it holds this many plays (or this many fetches).
BATCH_PLAYS = 200_000
MAX_FETCHES_PER_BATCH = 20


def _play_count(blocks: list[Block]) -> int:
    return sum(len(tx.body["plays"]) for block in blocks for tx in block.transactions
               if tx.kind == PLAYS and isinstance(tx.body, dict) and isinstance(tx.body.get("plays"), list))


@dataclass
class Stats:
    blocks: int = 0
    plays: int = 0  # etl_plays rows really inserted
    entities: int = 0  # ManageEntity transactions applied
    skipped: Counter = field(default_factory=Counter)  # kind -> count (malformed plays, rejected entities...)
    ignored: Counter = field(default_factory=Counter)  # known transaction kinds this indexer does not write
    failures: int = 0
    height: int | None = None


class IndexingFailed(RuntimeError):
    """index_all gave up on a block that kept failing."""


class _Stopped(Exception):
    """Asked to stop while waiting for the chain's lock."""


class Backoff:
    def __init__(self, first: float, most: float):
        self.first, self.most, self.current = first, most, first

    def next(self) -> float:
        delay, self.current = self.current, min(self.current * 2, self.most)
        return delay

    def reset(self) -> None:
        self.current = self.first


class Indexer:
    def __init__(self, url: str, source, *, batch_blocks: int = 50, batch_plays: int = BATCH_PLAYS,
                 verifiers: frozenset[str] = frozenset(),
                 progress: bool = False, follow: bool = True, max_failures: int | None = None,
                 poll: tuple[float, float] = (0.2, 2.0), retry: tuple[float, float] = (0.5, 30.0),
                 start_height: int | None = None, em_block_start: int = 0, stop: threading.Event | None = None):
        self.url, self.source = url, source
        self.batch_blocks, self.batch_plays = batch_blocks, batch_plays
        self.verifiers = frozenset(v.lower() for v in verifiers)
        self.progress, self.follow, self.max_failures = progress, follow, max_failures
        self.poll, self.retry = Backoff(*poll), Backoff(*retry)
        self.start_height = start_height
        # The legacy entity-manager block number the chain continues from (its first ManageEntity block is
        # this + 1): the challenge catalog's starting_block values and migrated rows are on that counter.
        self.em_block_start = em_block_start
        self.stop = stop or threading.Event()
        self.stats = Stats()
        self._conn: psycopg.Connection | None = None
        self._status_conn: psycopg.Connection | None = None
        self._status_at = 0.0
        self._narrow_until: int | None = None  # after a failed batch: one block at a time up to here
        self._chain_id: str | None = None
        self._bar: tqdm | None = None

    # -- connection -------------------------------------------------------------------------------------
    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            if self._conn is not None:
                self._conn.close()
            self._conn = psycopg.connect(self.url, application_name="openaudio-indexer")
            plays.prepare(self._conn)
            self._lock_chain(self._conn)
        return self._conn

    def _lock_chain(self, conn: psycopg.Connection) -> None:
        """Wait until this session holds the chain's lock (a new session holds nothing, even after a reconnect)."""
        if not wait_for_session_lock(conn, sql("lock_chain"), {"chain_id": self._chain_id}, self.stop,
                                     name="indexer", log=log, extra={"chain_id": self._chain_id}):
            conn.close()
            raise _Stopped

    def _record_status(self, chain_id: str, *, error: str | None = None, failing_height: int | None = None) -> None:
        # Its own autocommit connection: the block transaction may just have been rolled back.
        try:
            if self._status_conn is None or self._status_conn.closed:
                self._status_conn = psycopg.connect(self.url, autocommit=True, connect_timeout=5,
                                                    application_name="openaudio-indexer-status")
            self._status_conn.execute(sql("record_status"), {
                "chain_id": chain_id, "chain_height": self.source.current_height(), "error": error,
                "failing_height": failing_height})
        except psycopg.Error as exc:
            log.warning("could not record the indexer status", extra={"error": str(exc)})
            if self._status_conn is not None:
                self._status_conn.close()
            self._status_conn = None

    # -- the loop ---------------------------------------------------------------------------------------
    def run(self) -> Stats:
        chain_id = self._wait_for(self.source.chain_id, "chain id")
        if chain_id is None:
            return self.stats
        self._chain_id = chain_id
        self._record_status(chain_id)
        try:
            while not self.stop.is_set():
                if not self._step(chain_id):
                    break
        except _Stopped:
            pass
        finally:
            if self._bar is not None:
                self._bar.close()
            close_releasing_locks(self._conn)  # the chain's lock
            if self._status_conn is not None:
                self._status_conn.close()
        return self.stats

    def _wait_for(self, fn, what: str):
        while not self.stop.is_set():
            try:
                return fn()
            except (SourceError, MalformedBlock) as exc:
                self._fail(None, None, f"cannot read the {what}: {exc}")
        return None

    def _next_height(self, chain_id: str) -> int:
        conn = self._connection()
        with conn.transaction():
            row = conn.execute(sql("next_height"), {"chain_id": chain_id}).fetchone()
        if row[0] is not None:
            return row[0]
        return self.start_height if self.start_height is not None else self.source.first_height()

    def _step(self, chain_id: str) -> bool:
        """One batch; False when a finite source is done."""
        try:
            start = self._next_height(chain_id)
        except psycopg.OperationalError as exc:
            self._fail(chain_id, None, f"database: {exc}".strip())
            return True
        size = 1 if self._narrow_until is not None and start <= self._narrow_until else self.batch_blocks
        if self._narrow_until is not None and start > self._narrow_until:
            self._narrow_until = None
        try:
            blocks = self._gather(start, size)
        except (SourceError, MalformedBlock) as exc:
            self._fail(chain_id, start, str(exc))
            return True
        if not blocks:
            if self.source.exhausted and not self.follow:
                return False
            self.stop.wait(self.poll.next())
            return True
        self.poll.reset()
        begun = time.perf_counter()
        try:
            counts = self._write(chain_id, blocks)
        except Exception as exc:  # noqa: BLE001 - any failure: roll back, narrow, retry; never skip
            if len(blocks) > 1:
                log.warning("batch failed, retrying block by block",
                            extra={"from_height": blocks[0].height, "to_height": blocks[-1].height,
                                   "error": f"{type(exc).__name__}: {exc}".strip()})
                self._narrow_until = blocks[-1].height
                return True
            self._fail(chain_id, blocks[0].height, f"{type(exc).__name__}: {exc}".strip())
            return True
        self.retry.reset()
        self._committed(chain_id, blocks, counts, time.perf_counter() - begun)
        return True

    def _gather(self, start: int, size: int) -> list[Block]:
        """One fetch, then more while the source has blocks ready and the batch holds fewer than batch_plays
        plays: the set-based writes cost per batch, so a backfill of small blocks still writes big batches."""
        blocks = self.source.fetch(start, size)
        plays = _play_count(blocks)
        while (size > 1 and len(blocks) % size == 0 and blocks and plays < self.batch_plays
               and len(blocks) < size * MAX_FETCHES_PER_BATCH):
            try:
                more = self.source.fetch(start + len(blocks), size)
            except (SourceError, MalformedBlock):
                break  # write what is in hand; the error comes back on the next step
            if not more:
                break
            blocks += more
            plays += _play_count(more)
        return blocks

    def _fail(self, chain_id: str | None, height: int | None, error: str) -> None:
        self.stats.failures += 1
        log.error("indexing stalled", extra={"chain_id": chain_id, "height": height, "error": error[:1000]})
        if chain_id is not None:
            self._record_status(chain_id, error=error[:2000], failing_height=height)
        if self.max_failures is not None and self.stats.failures > self.max_failures:
            self.stop.set()
            raise IndexingFailed(f"block {height}: {error}")
        self.stop.wait(self.retry.next())

    # -- writing ----------------------------------------------------------------------------------------
    def _write(self, chain_id: str, blocks: list[Block]) -> Counter:
        conn = self._connection()
        counts: Counter = Counter()
        skips: list[plays.Skip] = []
        batch = plays.PlaysBatch(chain_id)
        with conn.transaction():
            for block in blocks:
                kinds = {tx.kind for tx in block.transactions}
                claimed = conn.execute(sql("claim_block"), {
                    "chain_id": chain_id, "height": block.height, "hash": block.hash,
                    # plays.slot is the block height, as the Go API's plays bridge numbers it (the legacy
                    # indexer continued its own counter, max + 1; the newer Go bridge is followed).
                    "plays_slot": block.height if PLAYS in kinds else None,
                    "entities": bool(kinds & ENTITY_KINDS), "em_block_start": self.em_block_start,
                    "block_time": block.timestamp, "tx_count": len(block.transactions)}).fetchone()
                if claimed is None:
                    counts["already_indexed"] += 1
                    continue
                counts["blocks"] += 1
                for tx in block.transactions:
                    if tx.kind == PLAYS:
                        batch.add(block, tx, skips)
                    elif tx.kind in ENTITY_KINDS:
                        counts["plays"] += batch.flush(conn, skips)
                        self._entity(chain_id, block, claimed[1], tx, skips, counts)
                    elif tx.kind in IGNORED_KINDS:
                        counts[f"ignored:{tx.kind}"] += 1
                    else:
                        skips.append(plays.Skip(block.height, tx.hash, -1, "transaction",
                                                f"unknown transaction kind {tx.kind or '(none)'!r}"))
            counts["plays"] += batch.flush(conn, skips)
            if skips:
                with conn.cursor() as cur:
                    cur.executemany(sql("record_skip"), [
                        {"chain_id": chain_id, "height": skip.height, "tx_hash": skip.tx_hash, "item": skip.item,
                         "kind": skip.kind, "reason": skip.reason[:1000]} for skip in skips])
        for skip in skips:
            counts[f"skipped:{skip.kind}"] += 1
            log.info("skipped", extra={"chain_id": chain_id, "height": skip.height, "tx_hash": skip.tx_hash,
                                       "item": skip.item, "kind": skip.kind, "reason": skip.reason})
        return counts

    def _entity(self, chain_id: str, block: Block, em_block: int, tx, skips: list, counts: Counter) -> None:
        try:
            em = parse_manage_entity(tx.body)
            migration = tx.kind == MANAGE_ENTITY_MIGRATION
            # A replayed legacy row keeps its own time (the ETL's migrationBlockTime: the metadata's created_at,
            # else the block's).
            at = (parse_loose_time((em.metadata or {}).get("created_at")) if migration else None) or block.timestamp
            ctx = entities.TxContext(conn=self._conn, chain_id=chain_id, height=block.height, block_hash=block.hash,
                                     block_time=at, tx_hash=tx.hash, verifiers=self.verifiers,
                                     migration=migration, em_block=em_block)
            entities.apply(ctx, em)
        except Rejected as exc:
            skips.append(plays.Skip(block.height, tx.hash, -1, "manage_entity", str(exc)))
        else:
            counts["entities"] += 1

    def _committed(self, chain_id: str, blocks: list[Block], counts: Counter, seconds: float) -> None:
        stats = self.stats
        stats.blocks += counts["blocks"]
        stats.plays += counts["plays"]
        stats.entities += counts["entities"]
        stats.height = blocks[-1].height
        for key, n in counts.items():
            if key.startswith("skipped:"):
                stats.skipped[key.removeprefix("skipped:")] += n
            elif key.startswith("ignored:"):
                stats.ignored[key.removeprefix("ignored:")] += n
        tip = self.source.current_height()
        lag = None if tip is None else max(tip - blocks[-1].height, 0)
        # Any report clears failing_height, so a recovery only has to make sure one is written now.
        recovered, stats.failures = stats.failures > 0, 0
        backfilling = lag is not None and lag > self.batch_blocks
        # At the tip batches are few and small: report each one. On a backfill, every few seconds.
        if recovered or not backfilling or time.monotonic() - self._status_at > STATUS_EVERY_SECONDS:
            self._record_status(chain_id)
            self._status_at = time.monotonic()
        if self.progress and backfilling:
            self._progress(blocks, tip)
            return
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        log.info("indexed", extra={"chain_id": chain_id, "from_height": blocks[0].height,
                                   "to_height": blocks[-1].height, "plays": counts["plays"],
                                   "entities": counts["entities"], "lag_blocks": lag,
                                   "ms": round(seconds * 1000, 1)})

    def _progress(self, blocks: list[Block], tip: int) -> None:
        if self._bar is None:
            self._bar = tqdm(total=tip, initial=blocks[0].height - 1, unit="block", unit_scale=True,
                             desc="indexing", dynamic_ncols=True)
            self._began = (time.perf_counter(), self.stats.plays)
        self._bar.total = tip
        self._bar.update(len(blocks))
        elapsed = max(time.perf_counter() - self._began[0], 1e-9)
        rate = (self.stats.plays - self._began[1]) / elapsed
        self._bar.set_postfix_str(f"{rate:,.0f} plays/s, height {blocks[-1].height}")


def index_all(url: str, source, *, verifiers: frozenset[str] = frozenset(), progress: bool = False,
              batch_blocks: int = 50, batch_plays: int = BATCH_PLAYS, max_failures: int = 3,
              em_block_start: int = 0) -> Stats:
    """Index every block a finite source has (a block file), then return; raises IndexingFailed when a
    block keeps failing."""
    return Indexer(url, source, verifiers=verifiers, progress=progress, follow=False, batch_blocks=batch_blocks,
                   batch_plays=batch_plays, max_failures=max_failures, retry=(0.05, 0.2),
                   em_block_start=em_block_start).run()
