"""The jobs runner: one pass over every processor per tick, on one connection that holds the jobs lock.

One at a time across machines: a runner acts only while it holds a session-level PostgreSQL advisory lock,
and it runs the processors' transactions on that same connection, so if the connection dies the lock and any
half-done transaction go with it and no second runner can overlap a tick. A runner that does not get the
lock waits, idle, and takes over when the holder stops.

Each processor runs in its own transaction under a statement timeout. A failure rolls back that processor
only; it is logged, recorded in job_status (for /health_check and /metrics) and retried next tick.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable

import psycopg

from openaudio_api.db.locks import close_releasing_locks, wait_for_session_lock
from openaudio_api.jobs.engine import BATCH, Processor, Tick, load_challenge, sql

log = logging.getLogger("openaudio.jobs")

# Any constant works as long as every runner uses the same one (the migration lock uses another).
JOBS_LOCK_KEY = 7_351_220_419


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class Outcome:
    name: str
    rows: int = 0
    error: str | None = None
    skipped: bool = False  # the challenge is missing from the catalog or inactive
    duration_ms: float = 0.0


class JobsRunner:
    def __init__(self, url: str, processors: Iterable[Processor] | None = None, *,
                 statement_timeout_ms: int = 300_000, lock_key: int = JOBS_LOCK_KEY, batch: int = BATCH):
        if processors is None:
            from openaudio_api.jobs.registry import PROCESSORS

            processors = PROCESSORS
        self.url = url
        self.processors = list(processors)
        self.statement_timeout_ms = statement_timeout_ms
        self.lock_key = lock_key
        self.batch = batch  # rows per source per tick, for processors without a bound of their own
        self.conn: psycopg.Connection | None = None
        self.holding = False  # this runner's session holds the jobs lock
        self.stop = threading.Event()

    # -- the lock ---------------------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection:
        conn = psycopg.connect(self.url, autocommit=True, application_name="openaudio-jobs")
        conn.execute("SET TIME ZONE 'UTC'")
        conn.execute("SELECT set_config('statement_timeout', %s, false)", (str(self.statement_timeout_ms),))
        return conn

    def acquire(self, wait: bool = True) -> bool:
        """Connect and take the jobs lock; with wait, poll until it is free (or stop is set)."""
        if self.conn is None or self.conn.closed:
            self.conn = self._connect()
        self.holding = wait_for_session_lock(self.conn, sql("lock_try"), {"key": self.lock_key}, self.stop,
                                             name="jobs", log=log, wait=wait)
        return self.holding

    def close(self) -> None:
        close_releasing_locks(self.conn)
        self.conn = None
        self.holding = False

    # -- one pass ---------------------------------------------------------------------------------------
    def tick(self, now: datetime | None = None, only: Iterable[str] | None = None) -> list[Outcome]:
        """Run every processor (or those named in only) once. The caller must hold the lock."""
        assert self.holding and self.conn is not None, "acquire() the jobs lock first"
        now = now or utc_now()
        wanted = set(only) if only is not None else None
        outcomes = []
        for processor in self.processors:
            if wanted is not None and processor.name not in wanted:
                continue
            if self.stop.is_set():
                break
            outcomes.append(self._run_one(processor, now))
        return outcomes

    def catch_up(self, now: datetime, on_tick: Callable[[int], None] | None = None,
                 max_ticks: int = 100_000, only: Iterable[str] | None = None) -> tuple[int, int]:
        """Tick until a tick writes nothing (a new deployment over existing data); (ticks, rows written).
        Raises if a job fails, since a failing job would never let it finish."""
        ticks = written = 0
        while ticks < max_ticks:
            outcomes = self.tick(now=now, only=only)
            failed = [(o.name, o.error) for o in outcomes if o.error]
            if failed:
                raise RuntimeError(f"jobs failed: {failed}")
            rows = sum(o.rows for o in outcomes)
            ticks, written = ticks + 1, written + rows
            if on_tick is not None:
                on_tick(rows)
            if rows == 0:
                break
        return ticks, written

    def _run_one(self, processor: Processor, now: datetime) -> Outcome:
        outcome = Outcome(processor.name)
        started = utc_now()
        begun = time.perf_counter()
        try:
            with self.conn.transaction():
                challenge = None
                if processor.challenge_id is not None:
                    challenge = load_challenge(self.conn, processor.challenge_id)
                    if challenge is None or not challenge.active:
                        outcome.skipped = True
                if not outcome.skipped:
                    tick = Tick(self.conn, now, challenge, batch=self.batch)
                    processor.run(tick)
                    outcome.rows = tick.changed
        except psycopg.OperationalError:
            raise  # the connection is gone: the caller reconnects; nothing of this processor committed
        except Exception as exc:  # noqa: BLE001 - one processor's failure must not stop the others
            outcome.error = f"{type(exc).__name__}: {exc}".strip()[:1000]
            log.error("job failed", extra={"job": processor.name, "error": outcome.error})
        outcome.duration_ms = round((time.perf_counter() - begun) * 1000, 3)
        if not outcome.skipped:
            self.conn.execute(sql("job_status_record"), {
                "name": processor.name, "rows": outcome.rows, "started": started, "error": outcome.error,
                "duration_ms": outcome.duration_ms})
            if outcome.error is None:
                log.info("job ran", extra={"job": processor.name, "rows": outcome.rows,
                                           "duration_ms": outcome.duration_ms})
        return outcome

    # -- the loop ---------------------------------------------------------------------------------------
    def run(self, interval: float = 30.0, once: bool = False) -> None:
        """Hold the lock and tick every interval seconds until stop is set (once: one pass, then return)."""
        backoff = 1.0
        while not self.stop.is_set():
            try:
                if not self.holding or self.conn is None or self.conn.closed:
                    if not self.acquire():
                        return
                begun = time.monotonic()
                outcomes = self.tick()
                failed = [o.name for o in outcomes if o.error]
                log.info("tick done", extra={"jobs": len(outcomes), "failed": failed,
                                             "seconds": round(time.monotonic() - begun, 3)})
                backoff = 1.0
                if once:
                    return
                self.stop.wait(max(0.0, interval - (time.monotonic() - begun)))
            except psycopg.OperationalError as exc:
                # Lost the database (and with it the lock): reconnect and queue for the lock again.
                log.warning("jobs lost the database; reconnecting",
                            extra={"error": str(exc).strip()[:300], "retry_in_s": backoff})
                self.close()
                self.stop.wait(backoff)
                backoff = min(backoff * 2, 30.0)
        self.close()
