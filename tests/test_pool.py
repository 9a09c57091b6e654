"""The connection pool's per-query costs (db/pool.py), measured where a user pays them: the work psycopg and
the pool do around each named query."""

from __future__ import annotations

import psycopg._queries

from openaudio_api import ids
from openaudio_api.db.queries import sql
from tests import factory


def test_every_named_query_text_is_converted_once_not_per_request(client, conn):
    """psycopg caches the %(name)s conversion of a query text only below a length; the pool raises that bound so
    the long named queries (get_tracks.sql is over 7,000 characters) are not re-parsed on every execute."""
    assert len(sql("get_tracks")) > 4096
    factory.user(conn, 1)
    factory.track(conn, 10, 1)
    path = f"/v1/tracks/{ids.encode(10)}"
    assert client.get(path).status_code == 200
    before = psycopg._queries._query2pg.cache_info()
    for _ in range(5):
        assert client.get(path).status_code == 200
    after = psycopg._queries._query2pg.cache_info()
    # Each request runs get_tracks and get_users: all conversions are cache hits, none a new entry.
    assert after.hits - before.hits >= 10 and after.misses == before.misses


def test_the_pools_connections_plan_for_pages(conn):
    """Generic plans, and no parallel query: a generic plan sized for a whole big table (the trending scores)
    started two parallel workers, 3 ms, for every page of 20 (db/pool.py)."""
    import asyncio

    from openaudio_api.db.pool import Database

    async def settings():
        db = Database(conn.info.dsn, min_size=1, max_size=1)
        await db.open()
        try:
            async with db.primary.connection() as c:
                cur = await c.execute("SELECT current_setting('plan_cache_mode') AS plans, "
                                      "current_setting('max_parallel_workers_per_gather') AS workers")
                return tuple((await cur.fetchone()).values())
        finally:
            await db.close()

    assert asyncio.run(settings()) == ("force_generic_plan", "0")
