"""The segment-indexed routers (openaudio_api/routing.py) route every request exactly as starlette's Router
over the same routes: the same route, the same 405 for another method, the same slash redirect, the same
fall-through to the default. Checked over generated requests against the spec's own paths plus the shapes
connexion's Swagger UI router holds (a mount, a bare path and its slash form, a root route) and a route
whose first segment is a parameter."""

from __future__ import annotations

import asyncio

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route, Router

from openaudio_api.config import SPEC_FILE
from openaudio_api.routing import SegmentRouter

SPEC_PATHS = [(path, [m.upper() for m in item if m in ("get", "post", "put", "delete", "patch")])
              for path, item in yaml.safe_load(SPEC_FILE.read_text())["paths"].items()]


def _answer(label: str):
    async def app(scope, receive, send):
        await PlainTextResponse(f"{label} {scope.get('path_params', {})}")(scope, receive, send)

    return app


def _endpoint(label: str):
    async def endpoint(request):
        return PlainTextResponse(f"{label} {request.path_params}")

    return endpoint


def _routes() -> list:
    # The parameter-first route comes first, so it shadows spec routes in every segment: an index that left it
    # out of a segment's router would answer those requests differently.
    routes = [Route("/{anything}/extra", _endpoint("parameter first"), methods=["GET"])]
    routes += [Route(path, _endpoint(f"{path} {methods}"), methods=methods) for path, methods in SPEC_PATHS]
    routes += [
        Route("/", _endpoint("root"), methods=["GET"]),
        Route("/ui/", _endpoint("ui home"), methods=["GET"]),
        Route("/ui", _endpoint("ui redirect"), methods=["GET"]),
        Mount("/ui", app=_answer("ui static")),
        Route("/tracks/", _endpoint("slash form"), methods=["POST"]),
    ]
    return routes


PLAIN = Router(routes=_routes(), default=_answer("default"))
INDEXED = SegmentRouter(Router(routes=_routes(), default=_answer("default")))


def _call(app, method: str, path: str) -> tuple:
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": b"", "headers": [(b"host", b"test")], "scheme": "http", "server": ("test", 80)}
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return start["status"], sorted(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def _filled(template: str, values: list[str]) -> str:
    parts = template.split("/")
    out = [values[i % len(values)] if part.startswith("{") else part for i, part in enumerate(parts)]
    return "/".join(out)


segment = st.sampled_from(["users", "tracks", "ui", "challenges", "x", "7eP5n", "extra", "", "index.html",
                           "search", "trending", "notifications"])
paths = st.one_of(
    st.builds(_filled, st.sampled_from([p for p, _ in SPEC_PATHS]),
              st.lists(st.sampled_from(["7eP5n", "abc", "users", "tracks", "ui"]), min_size=1, max_size=3)),
    st.lists(segment, min_size=0, max_size=4).map(lambda parts: "/" + "/".join(parts)),
)


@settings(max_examples=600, deadline=None)
@given(method=st.sampled_from(["GET", "POST", "DELETE", "HEAD"]), path=paths, slash=st.booleans())
@example(method="GET", path="/users/extra", slash=False)
@example(method="POST", path="/tracks", slash=False)
def test_indexed_router_routes_as_starlette_does(method, path, slash):
    if slash:
        path = path.rstrip("/") if path.endswith("/") and path != "/" else path + "/"
    assert _call(INDEXED, method, path) == _call(PLAIN, method, path)


def test_requests_reach_only_their_segment():
    """The point of the index: a request meets only the routes its first segment allows."""
    users = INDEXED.router_for("/users/7eP5n/challenges")
    assert users.routes and all(getattr(r, "path", "").startswith(("/users", "/{")) for r in users.routes)
    assert len(users.routes) < len(PLAIN.routes) / 2
    assert [r.path for r in INDEXED.router_for("/nothing/here").routes] == ["/{anything}/extra"]
