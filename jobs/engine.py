"""What a processor is and what it gets to work with.

A processor is a function of a Tick: the connection (inside the processor's own transaction), the tick's
clock, the challenge's catalog row, its checkpoints, and the shared upsert with upstream's semantics. Most
processors are one or two named queries from jobs/processors/sql: a window over what changed since the
checkpoint, then candidate rows for user_challenges, then the checkpoint moves forward in the same
transaction, so a crash anywhere loses nothing and repeats nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import psycopg
from psycopg.rows import dict_row

from openaudio_api.db.queries import loader

sql = loader(Path(__file__).resolve().parent / "sql")
processor_sql = loader(Path(__file__).resolve().parent / "processors" / "sql")

# Rows a processor reads from one source per tick (the Go API's incremental batch); a busy source catches up
# over several ticks.
BATCH = 5000
_SLOT = "/*@candidates*/"


@dataclass(frozen=True)
class Challenge:
    id: str
    type: str
    amount: int
    active: bool
    step_count: int | None
    starting_block: int | None
    cooldown_days: int | None
    rank_amounts: list[int] | None = None  # ranked (trending) challenges: element n is what rank n pays


@dataclass(frozen=True)
class Processor:
    name: str  # the job name in job_status and the metrics: the challenge id, or e.g. "trending_scores"
    run: Callable[["Tick"], None]  # writes through the Tick, which counts the rows written
    # When set, the processor acts only while this catalog row exists and is active (the Go API's early return).
    challenge_id: str | None = None


@dataclass
class Tick:
    conn: psycopg.Connection
    now: datetime  # naive UTC, like the tables' timestamps; injected so tests can pick the week and the hour
    challenge: Challenge | None = None
    batch: int = BATCH
    changed: int = field(default=0)

    def params(self, **extra) -> dict:
        """Every processor query may use these names; extra ones are the processor's own."""
        base = {"now": self.now, "batch": self.batch}
        if self.challenge is not None:
            c = self.challenge
            base.update(challenge_id=c.id, amount=c.amount, step_count=c.step_count,
                        starting_block=c.starting_block or 0)
        base.update(extra)
        return base

    def rows(self, query: str, **params) -> list[dict]:
        with self.conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(processor_sql(query), self.params(**params)).fetchall()

    def execute(self, query: str, **params) -> int:
        """Run a processor statement; its row count adds to what the tick reports as written."""
        count = self.conn.execute(processor_sql(query), self.params(**params)).rowcount
        self.changed += max(count, 0)
        return count

    def upsert(self, query: str, **params) -> int:
        """Upsert the candidate rows that the processor query yields (see upsert_user_challenges.sql)."""
        template = sql("upsert_user_challenges")
        statement = template.replace(_SLOT, processor_sql(query).strip().rstrip(";"), 1)
        count = self.conn.execute(statement, self.params(**params)).rowcount
        self.changed += max(count, 0)
        return count

    def checkpoint(self, key: str, default: int = 0) -> int:
        row = self.conn.execute(sql("checkpoint_get"), {"key": key}).fetchone()
        return default if row is None else row[0]

    def advance(self, key: str, value: int) -> None:
        self.conn.execute(sql("checkpoint_set"), {"key": key, "value": value})

    def due(self, key: str, every_seconds: int) -> int | None:
        """For a periodic refresh whose checkpoint is the epoch second of its last run: the tick's clock in epoch
        seconds when every_seconds have passed since (or it never ran), else None. A clock behind the last
        run (a second runner lagging) also waits, so what the refresh wrote never goes back in time. The caller
        advances the checkpoint to the returned value in the same transaction as its writes."""
        now = int(self.now.replace(tzinfo=timezone.utc).timestamp())
        last = self.checkpoint(key, default=None)
        return None if last is not None and now - last < every_seconds else now

    def window(self, key: str, *sources: str, batch: int | None = None, **params) -> tuple[int, int] | None:
        """The range (since, through] of a block-number (or id, or slot) checkpoint to process this tick.

        Each source query selects the key column (as `mark`) of up to %(batch)s rows above %(since)s, in order
        (batch: this processor's own bound instead of BATCH, e.g. larger for plays).
        The window ends at the smallest last mark among sources that filled their batch (so none skips rows),
        else at the largest mark seen. None when nothing is new. Marks are whole: a query selecting
        `mark <= through` takes every row of the last block, so a batch is cut between blocks, never inside one.
        """
        since = self.checkpoint(key)
        batch = batch or self.batch
        full, seen = [], []
        for source in sources:
            marks = [row[0] for row in self.conn.execute(
                processor_sql(source), self.params(since=since, **{"batch": batch, **params})).fetchall()]
            if marks:
                seen.append(marks[-1])
                if len(marks) >= batch:
                    full.append(marks[-1])
        if not seen:
            return None
        return since, (min(full) if full else max(seen))


def load_challenge(conn: psycopg.Connection, challenge_id: str) -> Challenge | None:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(sql("challenge"), {"challenge_id": challenge_id}).fetchone()
    return Challenge(**row) if row else None
