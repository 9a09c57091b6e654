"""/health_check (root, for load balancers) and /v1/health_check (the spec's copy): healthy on a migrated
database, 503 with a reason on an unmigrated one, and a bounded 503 (never a hang or a 500) when the
database is not there at all, for the health check and for ordinary operations alike."""

from __future__ import annotations

import time

import psycopg
import pytest

from openaudio_api.db.migrate import migrate, schema_version, sql_files
from openaudio_api import __version__
from tests.conftest import make_client

UNREACHABLE_URL = "postgresql://postgres@/postgres?host=/nonexistent-dir-xyz"


@pytest.mark.parametrize("path", ["/health_check", "/v1/health_check"])
def test_healthy_on_a_migrated_database(seeded_client, path):
    response = seeded_client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()["data"]
    assert data["healthy"] is True
    assert data["version"] == __version__
    assert data["uptime_seconds"] >= 0
    db = data["database"]
    assert db["reachable"] is True
    assert db["error"] is None
    assert db["schema_version"] == schema_version()
    assert db["schema_version"][:4].isdigit()
    assert db["migrations_applied"] == len(sql_files())
    assert isinstance(db["latency_ms"], (int, float)) and db["latency_ms"] >= 0


def test_root_and_v1_health_checks_agree(seeded_client):
    root = seeded_client.get("/health_check").json()["data"]
    v1 = seeded_client.get("/v1/health_check").json()["data"]
    assert set(root) == set(v1)
    assert set(root["database"]) == set(v1["database"])
    for key in ("healthy", "version"):
        assert root[key] == v1[key]
    for key in ("reachable", "schema_version", "migrations_applied", "error"):
        assert root["database"][key] == v1["database"][key]


@pytest.mark.parametrize("path", ["/health_check", "/v1/health_check"])
def test_unmigrated_database_is_unhealthy(empty_db_url, path):
    with make_client(empty_db_url) as client:
        response = client.get(path)
    assert response.status_code == 503, response.text
    data = response.json()["data"]
    assert data["healthy"] is False
    assert isinstance(data["database"]["error"], str) and data["database"]["error"].strip()
    assert data["database"]["migrations_applied"] == 0
    assert data["database"]["schema_version"] is None


def test_database_with_no_migrations_applied_reports_the_expected_version(empty_db_url, tmp_path):
    # Running migrate over a folder with no sql files leaves only the (empty) bookkeeping table.
    (tmp_path / "migrations").mkdir()
    (tmp_path / "functions").mkdir()
    assert migrate(empty_db_url, root=tmp_path) == []
    with make_client(empty_db_url) as client:
        response = client.get("/v1/health_check")
    assert response.status_code == 503, response.text
    data = response.json()["data"]
    assert data["healthy"] is False
    db = data["database"]
    assert db["reachable"] is True
    assert db["schema_version"] is None
    assert db["migrations_applied"] == 0
    assert schema_version() in db["error"]


# A database that answers but was never migrated is reachable: the operator's fix is `openaudio-api migrate`,
# not a network hunt.
def test_unmigrated_database_is_reported_reachable(empty_db_url):
    with make_client(empty_db_url) as client:
        data = client.get("/v1/health_check").json()["data"]
    assert data["database"]["reachable"] is True


@pytest.fixture(scope="module")
def unreachable_client():
    # The app must come up although the database does not exist (the pool opens without waiting).
    started = time.perf_counter()
    with make_client(UNREACHABLE_URL) as client:
        assert time.perf_counter() - started < 10
        yield client


@pytest.mark.parametrize("path", ["/health_check", "/v1/health_check"])
def test_unreachable_database_health_is_503_quickly(unreachable_client, path):
    started = time.perf_counter()
    response = unreachable_client.get(path)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"health check took {elapsed:.1f}s"
    assert response.status_code == 503, response.text
    data = response.json()["data"]
    assert data["healthy"] is False
    db = data["database"]
    assert db["reachable"] is False
    assert db["latency_ms"] is None
    assert db["schema_version"] is None
    assert db["migrations_applied"] == 0
    assert isinstance(db["error"], str) and db["error"].strip()


# Each of these waits out the pool timeout (3 s in make_client), so only a few representative operations.
@pytest.mark.parametrize("path", ["/v1/tracks/1", "/v1/users/handle/someone", "/v1/tracks/search?query=a"])
def test_unreachable_database_operations_are_503(unreachable_client, path):
    started = time.perf_counter()
    response = unreachable_client.get(path)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"{path} took {elapsed:.1f}s"
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"code": 503, "error": "database unavailable"}


def test_unreachable_database_still_rejects_bad_input_with_400(unreachable_client):
    # Request validation happens before any database work.
    response = unreachable_client.get("/v1/tracks/search?limit=0")
    assert response.status_code == 400
    assert response.json()["code"] == 400
