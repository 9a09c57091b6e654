"""Connection pools: one to the primary, one per read replica; reads spread over replicas.

The pools belong to the event loop that opened them, so they live in the ASGI lifespan state and never in
a module global (TestClient, schemathesis and uvicorn each run their own loop).
"""

from __future__ import annotations

import contextvars
import random
from typing import Any

from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from openaudio_api.db.queries import prepared, sql

# The names of the queries run for the current request; the request middleware owns the list.
request_queries: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "request_queries", default=None
)


# Prepared statements a connection keeps (psycopg evicts the least recently used past this; its default, 100,
# would churn once the API has more named queries and variants than that).
PREPARED_MAX = 1000


async def _configure(conn) -> None:
    conn.prepared_max = PREPARED_MAX


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
            "options": f"-c statement_timeout={int(statement_timeout_ms)} -c plan_cache_mode=force_generic_plan",
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
                check=AsyncConnectionPool.check_connection,
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

    async def fetch_all(self, name: str, params: dict[str, Any] | None = None, *, primary: bool = False,
                        timeout: float | None = None):
        """timeout: seconds to wait for a connection, instead of the pool's (DB_POOL_TIMEOUT)."""
        async with self._pool_for([name], primary).connection(timeout=timeout) as conn:
            cur = await conn.execute(sql(name), params or {}, prepare=prepared(name))
            return await cur.fetchall()

    async def fetch_pipelined(self, queries: list[tuple[str, dict[str, Any]]], *, primary: bool = False):
        """Several named queries sent in one round trip (a libpq pipeline); their rows, in order."""
        async with self._pool_for([name for name, _ in queries], primary).connection() as conn:
            async with conn.pipeline():
                cursors = [await conn.execute(sql(name), params, prepare=prepared(name)) for name, params in queries]
            return [await cursor.fetchall() for cursor in cursors]

    async def fetch_one(self, name: str, params: dict[str, Any] | None = None, *, primary: bool = False):
        rows = await self.fetch_all(name, params, primary=primary)
        return rows[0] if rows else None
