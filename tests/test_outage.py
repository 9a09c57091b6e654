"""Database faults as users see them, on a real server (`openaudio-api serve`, in a subprocess) in front of a
PostgreSQL cluster of the test's own, so stopping it does not touch the shared test server:

- the database stops under load: every answer is a 503/504 in the error shape, quickly (no hung request, no
  500), /health_check says why, /metrics says the database is unreachable; the database comes back: the
  same server answers 200 again within seconds, with no restart;
- a query blocked past the statement timeout (a table locked by another session) answers 504, and the
  worker serves the next request.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import httpx
import psycopg
import pytest

from openaudio_api.db.migrate import migrate
from openaudio_api import ids
from tests import factory
from tests.indexing import wait_until
from tests.pgcluster import Cluster, create_database
from tests.samples import LiveServer

POOL_TIMEOUT = 1.0
# Slowest acceptable answer while the database is down: the pool timeout plus scheduling slack on a busy
# 2-core machine. A request that hangs on a dead connection would blow far past it.
BOUND = POOL_TIMEOUT + 3.0
RECOVERY_SECONDS = 5.0
# Long enough that psycopg_pool's default reconnection backoff (1, 2, 4, 8 s...) would leave the server
# waiting past RECOVERY_SECONDS after the database is back.
OUTAGE_SECONDS = 7.0
PATHS = ("/v1/users/1", f"/v1/tracks/{ids.encode(10)}", f"/v1/users/{ids.encode(1)}/tracks")


@pytest.fixture(scope="module")
def database():
    cluster = Cluster.create()
    try:
        cluster.start()
        url = create_database(cluster, "oa")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            factory.user(conn, 1)
            factory.track(conn, 10, 1)
        yield cluster, url
    finally:
        cluster.destroy()


@pytest.fixture(scope="module")
def server(database, tmp_path_factory):
    _, url = database
    live = LiveServer(url, tmp_path_factory.mktemp("outage") / "server.log", serve_args=[],
                      env={"DB_POOL_TIMEOUT": str(POOL_TIMEOUT), "DB_POOL_MIN": "2", "DB_POOL_MAX": "4",
                           "DB_STATEMENT_TIMEOUT_MS": "500"})
    yield live
    live.stop()


@dataclass
class Answer:
    path: str
    started: float
    seconds: float
    status: int | None  # None: no HTTP answer at all (timeout, reset)
    body: dict | str | None


class Load:
    """Threads requesting PATHS in a loop, recording every answer with its timing."""

    def __init__(self, base_url: str, threads: int = 4):
        self.base_url = base_url
        self.answers: list[Answer] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _run(self, n: int) -> None:
        with httpx.Client(base_url=self.base_url, timeout=BOUND + 10) as client:
            i = n
            while not self.stopping.is_set():
                path = PATHS[i % len(PATHS)]
                i += 1
                started = time.monotonic()
                try:
                    response = client.get(path)
                    status, body = response.status_code, _json(response)
                except httpx.HTTPError as exc:
                    status, body = None, repr(exc)
                self.answers.append(Answer(path, started, time.monotonic() - started, status, body))

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(BOUND + 15)

    def between(self, start: float, end: float) -> list[Answer]:
        """Answers to requests sent after start and answered before end."""
        return [a for a in list(self.answers) if a.started >= start and a.started + a.seconds <= end]


def _json(response: httpx.Response):
    try:
        return response.json()
    except ValueError:
        return response.text


def is_unavailable(answer: Answer) -> bool:
    return (answer.status in (503, 504) and isinstance(answer.body, dict)
            and set(answer.body) == {"code", "error"} and answer.body["code"] == answer.status)


def test_database_stops_and_returns_under_load(database, server):
    cluster, _ = database
    with Load(server.base_url) as load:
        wait_until(lambda: sum(a.status == 200 for a in load.answers) >= 20)
        cluster.stop()
        stopped = time.monotonic()

        health = httpx.get(f"{server.base_url}/health_check", timeout=BOUND + 5)
        assert health.status_code == 503
        report = health.json()["data"]
        assert report["healthy"] is False and report["database"]["reachable"] is False
        assert report["database"]["error"], report
        assert "openaudio_database_reachable 0.0" in httpx.get(f"{server.base_url}/metrics",
                                                               timeout=BOUND + 5).text

        time.sleep(max(0.0, stopped + OUTAGE_SECONDS - time.monotonic()))
        cluster.start()
        restarted = time.monotonic()
        wait_until(lambda: any(a.status == 200 for a in load.between(restarted, time.monotonic())),
                   timeout=RECOVERY_SECONDS + BOUND)
        # The load keeps running a moment after recovery: the server must stay recovered.
        time.sleep(0.5)

    answers = list(load.answers)
    bad = [a for a in answers if a.status not in (200, 503, 504) or (a.status != 200 and not is_unavailable(a))]
    assert not bad, bad[:5]
    slow = [a for a in answers if a.seconds > BOUND]
    assert not slow, slow[:5]
    during = load.between(stopped + 0.5, restarted)
    assert during and all(is_unavailable(a) for a in during), [a for a in during if not is_unavailable(a)][:5]
    recovered = min(a.started + a.seconds for a in load.between(restarted, time.monotonic()) if a.status == 200)
    assert recovered - restarted < RECOVERY_SECONDS, f"recovered {recovered - restarted:.1f} s after the restart"
    after = [a for a in answers if a.started > recovered]
    assert after and all(a.status == 200 for a in after), [a for a in after if a.status != 200][:5]
    assert httpx.get(f"{server.base_url}/health_check", timeout=5).json()["data"]["healthy"] is True


def test_statement_timeout_answers_504_not_a_hung_worker(database, server):
    _, url = database
    with psycopg.connect(url) as locker:
        # Until this transaction ends, every read of users waits on the lock.
        locker.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        response = httpx.get(f"{server.base_url}/v1/users/1", timeout=10)
        seconds = time.monotonic() - started
        assert response.status_code == 504, response.text
        assert response.json() == {"code": 504, "error": "the database did not answer in time"}
        assert seconds < 0.5 + 2.0, seconds
        # The same worker is free: a request that needs no users row is answered meanwhile.
        assert httpx.get(f"{server.base_url}/health_check", timeout=5).status_code == 200
        locker.rollback()
    assert httpx.get(f"{server.base_url}/v1/users/1", timeout=5).status_code == 200


def test_connections_killed_under_a_busy_pool_are_replaced_not_answered_503(db_url):
    """The pool hands out a connection used within the last second without pinging it (db/pool.py): when the
    database dropped such connections (a restart, an admin's pg_terminate_backend), the query fails on a broken
    connection, the pool's idle connections are checked and the query runs again on a good one. The user sees
    the answer, not a 503."""
    from tests.conftest import make_client

    with psycopg.connect(db_url) as conn:
        factory.user(conn, 1)
    path = f"/v1/users/{ids.encode(1)}"
    with make_client(db_url) as client:
        for _ in range(3):
            assert client.get(path).status_code == 200
        with psycopg.connect(db_url, autocommit=True) as admin:
            killed = admin.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = 'openaudio-api primary' AND datname = current_database()").fetchone()[0]
        assert killed >= 1
        answers = [client.get(path).status_code for _ in range(5)]
    assert answers == [200] * 5
