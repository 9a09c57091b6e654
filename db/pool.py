"""Connection pools: one to the primary, one per read replica; reads spread over replicas.

The pools belong to the event loop that opened them, so they live in the ASGI lifespan state and never in
a module global (TestClient, schemathesis and uvicorn each run their own loop).
"""

from __future__ import annotations

import contextvars
import json
import random
import re
import time
import weakref
from typing import Any

import orjson
import psycopg
import psycopg._queries
from psycopg.rows import dict_row
from psycopg.types.json import set_json_loads
from psycopg_pool import AsyncConnectionPool

from openaudio_api.db.queries import prepared, sql

# The names of the queries run for the current request; the request middleware owns the list.
request_queries: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "request_queries", default=None
)


# Prepared statements a connection keeps (psycopg evicts the least recently used past this; its default, 100,
# would churn once the API has more named queries and variants than that).
PREPARED_MAX = 1000


# psycopg converts a query's %(name)s placeholders on every execute, caching the conversion only for texts up
# to 4,096 characters; get_tracks.sql and a few others are longer, and re-parsing them cost about 0.3 ms per
# request in the profile. Every text we execute is one of our named queries, a bounded set, so all are cached.
# (A private constant: tests/test_pool.py fails if a psycopg upgrade stops honouring it.)
psycopg._queries.MAX_CACHED_STATEMENT_LENGTH = max(psycopg._queries.MAX_CACHED_STATEMENT_LENGTH, 32_768)

# A connection back in the pool less than this long ago is handed out unchecked. Pinging on every checkout (an
# empty query: a round trip) cost 15-20% of a single-track request; a connection in steady use is proven by
# the query it just ran, and one that broke meanwhile is retried once on a fresh connection (_run below).
CHECK_IDLE_SECONDS = 1.0
_returned: "weakref.WeakKeyDictionary[psycopg.AsyncConnection, float]" = weakref.WeakKeyDictionary()


# An integer of 19 digits or more may not fit 64 bits: orjson would read it as a float (1e+29), the standard
# library exactly. PostgreSQL writes jsonb numbers as plain digits, so such a run of digits is what to look for.
_LONG_NUMBER = re.compile(rb"\d{19}")


def json_loads(data):
    """jsonb and json columns as Python values: orjson (a page of 20 tracks decodes some 50 jsonb values; the
    standard library was 8% of its CPU), or the standard library where a number might not fit 64 bits, so
    every value reads exactly as before."""
    if _LONG_NUMBER.search(data):
        return json.loads(data)
    return orjson.loads(data)


async def _configure(conn) -> None:
    conn.prepared_max = PREPARED_MAX
    set_json_loads(json_loads, conn)


async def _stamp(conn) -> None:
    """The pool's reset callback: when the connection came back."""
    _returned[conn] = time.monotonic()


async def _check_if_idle(conn) -> None:
    """The pool's checkout check: a connection idle past CHECK_IDLE_SECONDS (or never used) must answer an
    empty query first, so one broken by a database restart while idle is replaced before a request sees it."""
    returned = _returned.get(conn)
    if returned is None or time.monotonic() - returned >= CHECK_IDLE_SECONDS:
        await AsyncConnectionPool.check_connection(conn)


class Database:
    def __init__(
        self,
        primary_url: str,
        replica_urls: tuple[str, ...] = (),
        *,
        min_size: int = 2,
        max_size: int = 10,
        timeout: float = 5.0,
        statement_timeout_ms: int = 10_000,
    ):
        kwargs = {
            "row_factory": dict_row,
            "autocommit": True,
            "connect_timeout": max(1, int(timeout)),
            # Generic plans for the prepared statements (db/queries.py: the named queries are prepared on a
            # connection's first use of them and kept). Left to `auto`, PostgreSQL compares the generic plan's
            # estimate with the custom plans' and, for our parameter-gated queries (`%(my_id)s > 0 AND ...`),
            # kept choosing custom plans: a 3 ms planning for a 0.5 ms execution on every call.
            # No parallel query: a generic plan knows only the table's size, so for a page of a big list (the
            # trending scores of 900,000 tracks) it may plan a Gather whose two workers cost 3 ms to start, for a
            # 0.5 ms read of 20 rows, and under load wait for worker slots besides (trending at 1,000,000 tracks:
            # 12 ms a request, the worker idle 60% of the time). The API reads pages; the jobs, which aggregate
            # whole tables, connect on their own.
            "options": f"-c statement_timeout={int(statement_timeout_ms)} -c plan_cache_mode=force_generic_plan"
                       " -c max_parallel_workers_per_gather=0",
            # Every execute below says whether to prepare (db/queries.py decides), so psycopg's own threshold
            # (prepare after five executions) never applies; a threshold of None would disable preparing.
        }

        def make(url: str, name: str) -> AsyncConnectionPool:
            return AsyncConnectionPool(
                # Named per pool, so pg_stat_activity on each server shows which of our pools is connected.
                url, min_size=min_size, max_size=max_size, timeout=timeout,
                kwargs={**kwargs, "application_name": f"openaudio-api {name}"},
                open=False, name=name,
                # A connection broken by a database restart is found here, not by a request.
                check=_check_if_idle, reset=_stamp,
                # psycopg_pool retries a lost connection with a doubling delay for up to 5 minutes, so after a
                # long outage the pool would sit tens of seconds behind a database that is back. A request
                # waits at most `timeout` anyway: give an attempt up then, and the next request starts a
                # fresh one at once (tests/test_outage.py).
                reconnect_timeout=timeout,
                configure=_configure,
            )

        self.primary = make(primary_url, "primary")
        self.replicas = [make(u, f"replica{i}") for i, u in enumerate(replica_urls)]

    def pools(self) -> list[AsyncConnectionPool]:
        return [self.primary, *self.replicas]

    async def open(self) -> None:
        # wait=False: the API must come up (and report 503 on /health_check) while the database is down.
        for pool in self.pools():
            await pool.open(wait=False)

    async def close(self) -> None:
        for pool in self.pools():
            await pool.close()

    def _reader(self) -> AsyncConnectionPool:
        return random.choice(self.replicas) if self.replicas else self.primary

    def _pool_for(self, names: list[str], primary: bool) -> AsyncConnectionPool:
        """Record the named queries this request runs, and pick the pool they run on."""
        recorded = request_queries.get()
        if recorded is not None:
            recorded.extend(names)
        return self.primary if primary else self._reader()

    @staticmethod
    async def _run(pool: AsyncConnectionPool, work, timeout: float | None = None):
        """work(conn) on a connection from pool. If the connection turns out broken (the database restarted
        under it since its last use, which the idle-gated check does not see), the pool's idle connections are
        checked (a restart broke them all) and work runs once more on a good one: every query here is a read,
        so running it again is safe. The pool discards broken connections when they come back."""
        for attempt in (1, 2):
            conn = None
            try:
                async with pool.connection(timeout=timeout) as conn:
                    return await work(conn)
            except psycopg.OperationalError:
                if attempt == 2 or conn is None or not conn.broken:
                    raise
                await pool.check()

    async def fetch_all(self, name: str, params: dict[str, Any] | None = None, *, primary: bool = False,
                        timeout: float | None = None):
        """timeout: seconds to wait for a connection, instead of the pool's (DB_POOL_TIMEOUT)."""
        async def work(conn):
            cur = await conn.execute(sql(name), params or {}, prepare=prepared(name))
            return await cur.fetchall()

        return await self._run(self._pool_for([name], primary), work, timeout)

    async def fetch_pipelined(self, queries: list[tuple[str, dict[str, Any]]], *, primary: bool = False):
        """Several named queries sent in one round trip (a libpq pipeline); their rows, in order."""
        async def work(conn):
            async with conn.pipeline():
                cursors = [await conn.execute(sql(name), params, prepare=prepared(name)) for name, params in queries]
            return [await cursor.fetchall() for cursor in cursors]

        return await self._run(self._pool_for([name for name, _ in queries], primary), work)

    async def fetch_one(self, name: str, params: dict[str, Any] | None = None, *, primary: bool = False):
        rows = await self.fetch_all(name, params, primary=primary)
        return rows[0] if rows else None
