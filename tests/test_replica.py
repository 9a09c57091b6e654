"""READ_REPLICA_URLS against a real streaming replica: a cluster of the test's own, a hot standby made from it
with pg_basebackup -R (both from the embedded PostgreSQL binaries). Reads are answered from the standby,
health checks and migrations use the primary, and a row written on the primary reaches the API once it is
replayed."""

from __future__ import annotations

import psycopg
import pytest

from openaudio_api.db.migrate import migrate
from openaudio_api import ids
from openaudio_api.app import create_app
from openaudio_api.config import Config
from tests import factory
from tests.indexing import wait_until
from tests.pgcluster import Cluster, create_database


@pytest.fixture(scope="module")
def replication():
    primary = Cluster.create()
    standby = None
    try:
        primary.start()
        url = create_database(primary, "oa")
        migrate(url)
        standby = primary.replica()
        standby.start()
        yield primary, standby
    finally:
        for cluster in (standby, primary):
            if cluster is not None:
                cluster.destroy()


def replayed(primary_url: str, standby_url: str) -> bool:
    with psycopg.connect(primary_url, autocommit=True) as p, psycopg.connect(standby_url, autocommit=True) as s:
        written = p.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        return s.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (written,)).fetchone()[0]


def connected_pools(url: str) -> set[str]:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT application_name FROM pg_stat_activity WHERE datname = 'oa' "
                            "AND application_name LIKE 'openaudio-api %'").fetchall()
    return {name for (name,) in rows}


def test_reads_come_from_the_replica_writes_from_the_primary(replication):
    primary, standby = replication
    primary_url, standby_url = primary.url("oa"), standby.url("oa")
    with psycopg.connect(standby_url, autocommit=True) as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0] is True
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE nope (x int)")
    # Migrations need the primary: on the standby they cannot even record themselves.
    with pytest.raises(psycopg.Error):
        migrate(standby_url)
    assert migrate(primary_url) == []  # already applied, and replicated, so the API's schema check agrees

    with psycopg.connect(primary_url, autocommit=True) as conn:
        factory.user(conn, 1)
    wait_until(lambda: replayed(primary_url, standby_url))

    config = Config(database_url=primary_url, read_replica_urls=(standby_url,), pool_min=1, pool_max=2)
    with create_app(config, validate_responses=True).test_client() as client:
        response = client.get("/v1/users/1")
        assert response.status_code == 200, response.text
        assert response.json()["data"]["handle"] == "user1"

        # Replay paused: a user written on the primary now exists there but not on the standby, and the
        # API does not see it, so the read went to the standby.
        with psycopg.connect(standby_url, autocommit=True) as conn:
            conn.execute("SELECT pg_wal_replay_pause()")
        try:
            with psycopg.connect(primary_url, autocommit=True) as conn:
                factory.user(conn, 2)
            assert client.get(f"/v1/users/{ids.encode(2)}").status_code == 404
            # The health check reads the primary (schema and indexer state are the primary's truth).
            assert client.get("/health_check").json()["data"]["healthy"] is True
        finally:
            with psycopg.connect(standby_url, autocommit=True) as conn:
                conn.execute("SELECT pg_wal_replay_resume()")

        # Replicated: the API serves it, with no restart.
        wait_until(lambda: client.get(f"/v1/users/{ids.encode(2)}").status_code == 200)

        assert connected_pools(standby_url) == {"openaudio-api replica0"}
        assert connected_pools(primary_url) == {"openaudio-api primary"}
        assert client.get("/metrics").text.count('pool="replica0"') >= 1
