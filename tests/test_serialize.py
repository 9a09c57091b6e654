"""The value forms every serializer shares: Go's time.Time JSON form, and jsonb read back exactly."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import psycopg
import pytest

from openaudio_api.db import pool
from openaudio_api.serialize import time_text


@pytest.mark.parametrize(("value", "text"), [
    (datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc), "2026-01-02T03:04:05Z"),
    (datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=timezone.utc), "2026-01-02T03:04:05.12Z"),
    (datetime(2026, 1, 2, 3, 4, 5, 1, tzinfo=timezone.utc), "2026-01-02T03:04:05.000001Z"),
    (datetime(2026, 1, 2, 3, 4, 5, 100000), "2026-01-02T03:04:05.1Z"),  # naive: taken as UTC
    (datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))), "2026-01-02T01:04:05Z"),
    (datetime(2026, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=-5))), "2026-01-01T05:30:00Z"),
    (datetime(1, 1, 1, tzinfo=timezone.utc), "0001-01-01T00:00:00Z"),  # Go's zero time, the year padded
    (None, None),
])
def test_time_text_is_gos_rfc3339_form(value, text):
    assert time_text(value) == text


@pytest.mark.parametrize("text", [
    '{"a": 1, "b": [1.5, "x", null, true], "c": {"d": "\\u00e9\\ud83c\\udfb5"}}',
    '{"price": 100000000000000000000000000000}',  # past 64 bits: an exact integer, not a float
    '{"n": -9223372036854775809, "m": 18446744073709551616}',
    '[0.1234567890123456789, 1e-7, 12345678901234567890.5]',
    '"plain"', '[]', '{}',
])
def test_jsonb_comes_back_as_the_standard_library_reads_it(conn, text):
    (value,) = conn.execute("SELECT %s::jsonb", (text,)).fetchone()
    assert pool.json_loads(json.dumps(value).encode()) == value
    # The same value through the server's own loader, from PostgreSQL's jsonb text (numbers normalized).
    (raw,) = conn.execute("SELECT %s::jsonb::text", (text,)).fetchone()
    assert pool.json_loads(raw.encode()) == json.loads(raw)
    assert type(pool.json_loads(raw.encode())) is type(json.loads(raw))


def test_the_servers_connections_read_jsonb_with_it(db_url):
    import asyncio

    async def read():
        conn = await psycopg.AsyncConnection.connect(db_url)
        try:
            await pool._configure(conn)
            cursor = await conn.execute("SELECT '{\"a\": 100000000000000000000000000000, \"b\": 1.5}'::jsonb")
            return (await cursor.fetchone())[0], conn.adapters.get_loader(
                conn.adapters.types["jsonb"].oid, psycopg.pq.Format.TEXT)
        finally:
            await conn.close()

    value, loader = asyncio.run(read())
    assert value == {"a": 100000000000000000000000000000, "b": 1.5}
    assert loader._loads is pool.json_loads
