"""/metrics: Prometheus text that a Prometheus parser reads, with request counts and latency per spec
operation, bounded labels for unrouted requests, pool usage, and the indexer's height and lag read from the
tables at scrape time."""

from __future__ import annotations

import time

import httpx
from prometheus_client.parser import text_string_to_metric_families

from openaudio_api.metrics import Metrics
from tests import factory
from tests.samples import LiveServer


def scrape(client) -> dict[str, list]:
    """Samples by metric family name, as a Prometheus server would parse them."""
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {family.name: family.samples for family in text_string_to_metric_families(response.text)}


def value(samples: dict[str, list], name: str, **labels) -> float | None:
    found = [s.value for family in samples.values() for s in family if s.name == name and s.labels == labels]
    assert len(found) <= 1, found
    return found[0] if found else None


def get_track_labels(status: str) -> dict[str, str]:
    return {"operation": "getTrack", "method": "GET", "status": status}


def test_requests_are_counted_and_timed_per_operation(client, conn):
    factory.user(conn, 1)
    factory.track(conn, 10, 1)
    for _ in range(3):
        assert client.get("/v1/tracks/BDNxn").status_code == 200
    assert client.get("/v1/tracks/nope!").status_code == 400
    assert client.get("/v1/users/1").status_code == 200

    samples = scrape(client)
    assert value(samples, "openaudio_http_requests_total", **get_track_labels("200")) == 3
    assert value(samples, "openaudio_http_requests_total", **get_track_labels("400")) == 1
    assert value(samples, "openaudio_http_requests_total", operation="getUser", method="GET", status="200") == 1

    timed = get_track_labels("200")
    assert value(samples, "openaudio_http_request_duration_seconds_count", **timed) == 3
    buckets = {float(s.labels["le"]): s.value for s in samples["openaudio_http_request_duration_seconds"]
               if s.name.endswith("_bucket") and {k: v for k, v in s.labels.items() if k != "le"} == timed}
    assert buckets[float("inf")] == 3
    # Cumulative, and no request to an empty local database takes 10 s.
    counts = [buckets[le] for le in sorted(buckets)]
    assert counts == sorted(counts) and buckets[10.0] == 3
    assert value(samples, "openaudio_http_request_duration_seconds_sum", **timed) > 0

    # Only the new request moves the counters.
    client.get("/v1/tracks/BDNxn")
    again = scrape(client)
    assert value(again, "openaudio_http_requests_total", **get_track_labels("200")) == 4
    assert value(again, "openaudio_http_requests_total", **get_track_labels("400")) == 1


def test_unrouted_requests_share_one_label(client):
    for path in ("/nope", "/v1/nope/1", "/v1/tracks/1/x/y", "/wp-admin.php"):
        assert client.get(path).status_code == 404
    samples = scrape(client)
    assert value(samples, "openaudio_http_requests_total", operation="unmatched", method="GET", status="404") == 4
    operations = {s.labels["operation"] for s in samples["openaudio_http_requests"]}
    assert not any(o.startswith("/") for o in operations), operations


def test_ops_routes_are_labelled_by_name(client):
    assert client.get("/health_check").status_code == 200
    assert client.get("/v1/health_check").status_code == 200
    client.get("/metrics")
    samples = scrape(client)
    assert value(samples, "openaudio_http_requests_total", operation="health_check", method="GET", status="200") == 1
    assert value(samples, "openaudio_http_requests_total", operation="getHealthCheck", method="GET",
                 status="200") == 1
    assert value(samples, "openaudio_http_requests_total", operation="metrics", method="GET", status="200") == 1


def test_pool_usage_and_uptime(client):
    client.get("/v1/users/1")
    samples = scrape(client)
    # make_client's pool: at most 4 connections to the primary, no replica.
    assert value(samples, "openaudio_db_pool_max", pool="primary") == 4
    size = value(samples, "openaudio_db_pool_connections", pool="primary")
    available = value(samples, "openaudio_db_pool_available", pool="primary")
    assert 1 <= size <= 4 and 0 <= available <= size
    assert value(samples, "openaudio_db_pool_waiting", pool="primary") == 0
    assert {s.labels["pool"] for s in samples["openaudio_db_pool_connections"]} == {"primary"}
    first = value(samples, "openaudio_uptime_seconds")
    time.sleep(0.05)
    assert value(scrape(client), "openaudio_uptime_seconds") >= first + 0.05
    assert value(samples, "openaudio_database_reachable") == 1


def test_indexer_height_and_lag_reflect_the_tables(client, conn):
    assert not scrape(client).get("openaudio_indexer_height")
    conn.execute("INSERT INTO core_indexer_status (chain_id, chain_height) VALUES ('chain-a', 120), ('chain-b', 7)")
    conn.execute("INSERT INTO core_indexed_blocks (chain_id, height, blockhash, block_time) VALUES "
                 "('chain-a', 99, 'h99', timestamp '2025-03-01 12:00:00'), "
                 "('chain-a', 100, 'h100', timestamp '2025-03-01 12:00:05'), ('chain-b', 7, 'h7', NULL)")
    samples = scrape(client)
    assert value(samples, "openaudio_indexer_height", chain_id="chain-a") == 100
    assert value(samples, "openaudio_indexer_chain_height", chain_id="chain-a") == 120
    assert value(samples, "openaudio_indexer_lag_blocks", chain_id="chain-a") == 20
    assert value(samples, "openaudio_indexer_lag_blocks", chain_id="chain-b") == 0
    assert value(samples, "openaudio_indexer_block_timestamp_seconds", chain_id="chain-a") == 1740830405
    assert value(samples, "openaudio_indexer_failing", chain_id="chain-a") == 0

    # The indexer moves on and gets stuck: the next scrape sees it, with no cache in between.
    conn.execute("INSERT INTO core_indexed_blocks (chain_id, height, blockhash) VALUES ('chain-a', 101, 'h101')")
    conn.execute("UPDATE core_indexer_status SET failing_height = 102, last_error = 'boom' WHERE chain_id = 'chain-a'")
    samples = scrape(client)
    assert value(samples, "openaudio_indexer_height", chain_id="chain-a") == 101
    assert value(samples, "openaudio_indexer_lag_blocks", chain_id="chain-a") == 19
    assert value(samples, "openaudio_indexer_failing", chain_id="chain-a") == 1


def test_metrics_are_per_app(db_url):
    from tests.conftest import make_client

    with make_client(db_url) as first:
        first.get("/v1/users/1")
        assert value(scrape(first), "openaudio_http_requests_total", operation="getUser", method="GET",
                     status="404") == 1
    with make_client(db_url) as second:
        assert value(scrape(second), "openaudio_http_requests_total", operation="getUser", method="GET",
                     status="404") is None


def test_workers_share_their_request_counts(db_url, tmp_path):
    """serve --workers 2: requests land on both workers, yet every scrape, whichever worker answers it,
    counts all of them."""
    server = LiveServer(db_url, tmp_path / "server.log", serve_args=["--workers", "2"],
                        env={"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)})
    try:
        for _ in range(20):
            # A new connection each time, so the kernel spreads them over the workers.
            assert httpx.get(f"{server.base_url}/v1/users/1", timeout=10).status_code == 404
        # One counter file per worker that counted a request: both served some.
        assert len(list(tmp_path.glob("counter_*.db"))) == 2
        for _ in range(4):
            samples = {f.name: f.samples for f in text_string_to_metric_families(
                httpx.get(f"{server.base_url}/metrics", timeout=10).text)}
            assert value(samples, "openaudio_http_requests_total", operation="getUser", method="GET",
                         status="404") == 20
            assert value(samples, "openaudio_http_request_duration_seconds_count", operation="getUser",
                         method="GET", status="404") == 20
    finally:
        server.stop()


def test_an_observation_lands_where_prometheus_would_put_it():
    """Metrics.observe updates the counter's and histogram's values directly (metrics._Observed); every
    sample it leaves, count, sum and each bucket (a bound's own value included), is what Counter.inc and
    Histogram.observe leave for the same observations."""
    ours = Metrics({"x.get_thing": "getThing"})
    theirs = Metrics({})
    scope = {"extensions": {"connexion_routing": {"operation_id": "x.get_thing"}}, "method": "GET", "path": "/"}
    seconds = [0.0, 0.001, 0.0025, 0.0026, 0.005, 0.01, 0.3, 2.5, 7.0, 10.0, 11.0, 120.0]
    for value in seconds:
        ours.observe(scope, 200, value)
        theirs.requests.labels("getThing", "GET", "200").inc()
        theirs.latency.labels("getThing", "GET", "200").observe(value)

    def samples(metrics):
        return sorted((s.name, tuple(sorted(s.labels.items())), s.value)
                      for family in metrics.registry.collect() for s in family.samples
                      if not s.name.endswith("_created"))

    assert samples(ours) == samples(theirs)
    assert any(name.endswith("_bucket") and value == len(seconds) for name, _, value in samples(ours))
