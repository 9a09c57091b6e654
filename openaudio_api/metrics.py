"""/metrics in the Prometheus text format.

Requests are counted and timed in the request middleware (a counter increment and a histogram observation:
no database work per request). Everything that describes a state rather than an event (pool usage, the
indexer's height and lag, the jobs' runs and failures, uptime) is read when Prometheus scrapes, so it is never stale and costs nothing
between scrapes.

Each app has its own registry (tests build many apps in one process). Under `serve --workers N` every worker
is its own process with its own counters, and a scrape reaches whichever worker accepts it; so `serve` turns
on prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR, see cli.py): request counters and
histograms are kept in files shared by the workers and any worker answers with the sum over all of them.
Gauges read at scrape time (pool usage, process) describe the worker that answered.
"""

from __future__ import annotations

import os
import time
from bisect import bisect_left
from datetime import timezone

import psycopg
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.process_collector import ProcessCollector
from psycopg_pool import PoolTimeout
from starlette.requests import Request
from starlette.responses import Response

from openaudio_api.db.pool import Database

# Requests that matched no operation share one label value, so a scan of random paths cannot grow the series.
UNMATCHED = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# From a cached single-object read (~2 ms) to the notifications read timeout (8 s).
_BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# A scrape must answer even when the database does not; Prometheus' default scrape timeout is 10 s.
_SCRAPE_DB_TIMEOUT = 2.0


class Metrics:
    def __init__(self, spec_ids: dict[str, str]):
        # connexion's resolved handler name -> the spec's operationId (filled by the resolver).
        self.spec_ids = spec_ids
        # Routes outside the spec (ops endpoints): path -> label, since they carry no operationId.
        self.named_paths: dict[str, str] = {}
        self.registry = CollectorRegistry()
        labels = ("operation", "method", "status")
        self.requests = Counter("openaudio_http_requests", "HTTP requests answered, per operation.", labels,
                                registry=self.registry)
        self.latency = Histogram("openaudio_http_request_duration_seconds",
                                 "Time from request to the end of the response, per operation.", labels,
                                 buckets=_BUCKETS, registry=self.registry)
        self.started = time.time()
        # Bounded: operations and named paths are fixed, methods are folded into _METHODS, statuses few.
        self._children: dict[tuple, tuple] = {}

    def observe(self, scope: dict, status: int, seconds: float) -> None:
        routing = scope.get("extensions", {}).get("connexion_routing") or {}
        resolved = routing.get("operation_id")
        if resolved:
            operation = self.spec_ids.get(resolved, resolved)
        else:
            operation = self.named_paths.get(scope.get("path"), UNMATCHED)
        method = scope.get("method")
        labels = (operation, method if method in _METHODS else "other", status)
        values = self._children.get(labels)
        if values is None:  # labels() validates and locks on every call: once per label set is enough
            named = (operation, labels[1], str(status))
            values = self._children[labels] = _Observed(self.requests.labels(*named), self.latency.labels(*named))
        values.count.inc(1)
        values.total.inc(seconds)
        values.buckets[bisect_left(values.bounds, seconds)].inc(1)

    async def endpoint(self, request: Request) -> Response:
        families = [
            GaugeMetricFamily("openaudio_uptime_seconds", "Seconds since this app started.",
                              value=time.time() - self.started),
            *_pool_families(request.state.db),
            *await _indexer_families(request.state.db),
            *await _job_families(request.state.db),
        ]
        body = generate_latest(_Collected(self._event_registry(), ProcessCollector(registry=None), families))
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    def _event_registry(self) -> CollectorRegistry:
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            return self.registry
        merged = CollectorRegistry()
        MultiProcessCollector(merged)
        return merged


class _Observed:
    """One label set's counter and histogram, as the values they keep (single-process or multiprocess
    files alike): what Counter.inc and Histogram.observe update, without their per-call checks and the
    histogram's linear walk of its buckets. The bucket is the first whose bound is at least the value, as
    Histogram.observe picks it (its last bound is +Inf); tests/test_metrics.py compares the two."""

    __slots__ = ("count", "total", "bounds", "buckets")

    def __init__(self, counter: Counter, histogram: Histogram):
        self.count = counter._value
        self.total = histogram._sum
        self.bounds = list(histogram._upper_bounds)
        self.buckets = histogram._buckets


class _Collected:
    """What generate_latest needs of a registry: collect(), over several sources."""

    def __init__(self, registry: CollectorRegistry, process: ProcessCollector, families: list):
        self.sources = (registry, process)
        self.families = families

    def collect(self):
        for source in self.sources:
            yield from source.collect()
        yield from self.families


def _pool_families(db: Database) -> list[GaugeMetricFamily]:
    size = GaugeMetricFamily("openaudio_db_pool_connections", "Connections open in the pool.", labels=["pool"])
    idle = GaugeMetricFamily("openaudio_db_pool_available", "Open connections not in use.", labels=["pool"])
    waiting = GaugeMetricFamily("openaudio_db_pool_waiting", "Requests waiting for a connection.", labels=["pool"])
    maximum = GaugeMetricFamily("openaudio_db_pool_max", "The pool's maximum size.", labels=["pool"])
    for pool in db.pools():
        stats = pool.get_stats()
        size.add_metric([pool.name], stats.get("pool_size", 0))
        idle.add_metric([pool.name], stats.get("pool_available", 0))
        waiting.add_metric([pool.name], stats.get("requests_waiting", 0))
        maximum.add_metric([pool.name], pool.max_size)
    return [size, idle, waiting, maximum]


async def _indexer_families(db: Database) -> list[GaugeMetricFamily]:
    reachable = GaugeMetricFamily("openaudio_database_reachable",
                                  "1 when this scrape could query the primary, else 0.")
    try:
        rows = await db.fetch_all("health_indexer", primary=True, timeout=_SCRAPE_DB_TIMEOUT)
    except (psycopg.OperationalError, PoolTimeout):
        reachable.add_metric([], 0)
        return [reachable]
    except psycopg.Error:  # reachable, but not migrated: nothing to report about the indexer
        reachable.add_metric([], 1)
        return [reachable]
    reachable.add_metric([], 1)
    chain = ["chain_id"]
    height = GaugeMetricFamily("openaudio_indexer_height", "Newest indexed core-chain block.", labels=chain)
    tip = GaugeMetricFamily("openaudio_indexer_chain_height", "The chain's height, as the indexer last saw it.",
                            labels=chain)
    lag = GaugeMetricFamily("openaudio_indexer_lag_blocks", "Chain height minus indexed height.", labels=chain)
    block_time = GaugeMetricFamily("openaudio_indexer_block_timestamp_seconds",
                                   "Time of the newest indexed block (lag in seconds: time() - this).",
                                   labels=chain)
    failing = GaugeMetricFamily("openaudio_indexer_failing", "1 while the indexer is stuck on a block.",
                                labels=chain)
    for row in rows:
        label = [row["chain_id"]]
        for family, value in ((height, row["height"]), (tip, row["chain_height"]), (lag, row["lag_blocks"])):
            if value is not None:
                family.add_metric(label, value)
        if row["block_time"] is not None:
            # The tables' naive timestamps are UTC.
            block_time.add_metric(label, row["block_time"].replace(tzinfo=timezone.utc).timestamp())
        failing.add_metric(label, 0 if row["failing_height"] is None else 1)
    return [reachable, height, tip, lag, block_time, failing]


async def _job_families(db: Database) -> list:
    """The jobs runner's record (job_status): it runs in another process, so its counters live in the table."""
    try:
        rows = await db.fetch_all("health_jobs", primary=True, timeout=_SCRAPE_DB_TIMEOUT)
    except (psycopg.Error, PoolTimeout):  # down or not migrated: _indexer_families already says which
        return []
    job = ["job"]
    runs = CounterMetricFamily("openaudio_job_runs", "Job attempts (each processor, each tick).", labels=job)
    failures = CounterMetricFamily("openaudio_job_failures", "Job attempts that failed and rolled back.",
                                   labels=job)
    failing = GaugeMetricFamily("openaudio_job_failing", "1 while a job's last attempt failed.", labels=job)
    duration = GaugeMetricFamily("openaudio_job_last_duration_seconds", "How long the last attempt took.",
                                 labels=job)
    success = GaugeMetricFamily("openaudio_job_last_success_timestamp_seconds",
                                "When the job last succeeded (staleness: time() - this).", labels=job)
    for row in rows:
        label = [row["name"]]
        runs.add_metric(label, row["runs"])
        failures.add_metric(label, row["failures"])
        failing.add_metric(label, 1 if row["failing"] else 0)
        if row["last_duration_ms"] is not None:
            duration.add_metric(label, row["last_duration_ms"] / 1000)
        if row["last_success_at"] is not None:
            success.add_metric(label, row["last_success_at"].timestamp())
    return [runs, failures, failing, duration, success]
