"""The segment-indexed routers (openaudio_api/routing.py) route every request exactly as starlette's Router
over the same routes: the same route, the same 405 for another method, the same slash redirect, the same
fall-through to the default. Checked over generated requests against the spec's own paths plus the shapes
connexion's Swagger UI router holds (a mount, a bare path and its slash form, a root route) and a route
whose first segment is a parameter."""

from __future__ import annotations

import asyncio

import yaml
from connexion.spec import Specification
from hypothesis import example, given, settings
from hypothesis import strategies as st
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route, Router

from openaudio_api.config import SPEC_FILE
from openaudio_api.resolver import TagResolver
from openaudio_api.routing import IndexedRoutingMiddleware, SegmentRouter

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
@example(method="GET", path="/ui//", slash=False)  # the redirect tries "/ui/": a trailing slash is not in the key
@example(method="GET", path="/ui", slash=False)
@example(method="GET", path="//", slash=False)
@example(method="GET", path="/users/7eP5n/challenges//", slash=False)
@example(method="GET", path="/users//challenges", slash=False)
def test_indexed_router_routes_as_starlette_does(method, path, slash):
    if slash:
        path = path.rstrip("/") if path.endswith("/") and path != "/" else path + "/"
    assert _call(INDEXED, method, path) == _call(PLAIN, method, path)


def test_requests_reach_only_the_routes_that_could_match():
    """The point of the index: a request meets only the routes of its first segment, its number of segments
    and its last segment (or a parameter there)."""
    users = INDEXED.router_for("/users/7eP5n/challenges")

    def could(path: str) -> bool:
        parts = path.split("/")[1:]
        return (len(parts) == 3 and parts[0] in ("users", "{anything}")
                and (parts[2] == "challenges" or parts[2].startswith("{")))

    could = [r.path for r in PLAIN.routes if isinstance(r, Route) and could(r.path)]
    assert [r.path for r in users.routes] == could
    assert "/users/{id}/challenges" in could and len(could) < 5
    assert [r.path for r in INDEXED.router_for("/nothing/here/extra").routes] == []
    assert [r.path for r in INDEXED.router_for("/nothing/extra").routes] == ["/{anything}/extra"]
    assert [r.path for r in INDEXED.router_for("/ui/a/b/c").routes] == ["/ui"]  # the Mount


# ------------------------------------------------------------------------------- the spec's alias servers

def _spec_routing() -> IndexedRoutingMiddleware:
    async def next_app(scope, receive, send):
        routing = scope["extensions"]["connexion_routing"]
        await PlainTextResponse(f"{routing['operation_id']} {routing['api_base_path']} {scope['path']} "
                                f"{scope.get('path_params')}")(scope, receive, send)

    middleware = IndexedRoutingMiddleware(next_app)
    middleware.add_api(Specification.load(SPEC_FILE), resolver=TagResolver("openaudio_api.handlers"))
    return middleware


SPEC_ROUTING = _spec_routing()


def _regex_tests(app, path: str) -> int:
    """How many route regexes a request for `path` is tried against."""
    counted = []
    original = Route.matches

    def matches(self, scope):
        counted.append(self.path)
        return original(self, scope)

    Route.matches = matches
    try:
        _call(app, "GET", path)
    finally:
        Route.matches = original
    return len(counted)


@settings(max_examples=300, deadline=None)
@given(method=st.sampled_from(["GET", "POST", "HEAD"]), path=paths)
@example(method="GET", path="/users/7eP5n/challenges")
@example(method="GET", path="/users")
def test_an_alias_server_routes_as_the_first_server(method, path):
    """/v1/full/<path> meets the operation /v1/<path> meets, with the same path parameters and the API's
    base path /v1 (what the security and validation middlewares look operations up by), and the operation
    sees the path as requested; a path that matches no operation goes on unchanged."""
    v1_status, _, v1_body = _call(SPEC_ROUTING, method, "/v1" + path)
    status, _, body = _call(SPEC_ROUTING, method, "/v1/full" + path)
    assert status == v1_status
    assert body == v1_body.replace(b" /v1/", b" /v1/full/", 1)


def test_the_alias_comes_from_the_spec_and_costs_v1_requests_nothing():
    assert SPEC_ROUTING.aliases == {"/v1/full/": "/v1/"}
    assert SPEC_ROUTING.routed_path("/v1/full/users/7eP5n") == "/v1/users/7eP5n"
    assert SPEC_ROUTING.routed_path("/v1/fuller/x") == "/v1/fuller/x"
    assert SPEC_ROUTING.routed_path("/v1/full/full/users") == "/v1/full/users"  # once, not twice
    # The same regex tests as before the alias, under either prefix: only the users routes of three segments
    # whose last is "challenges" or a parameter (/users/handle/{handle}, ...), in the spec's order, up to
    # getUserChallenges's, none of any other shape.
    paths = list(yaml.safe_load(SPEC_FILE.read_text())["paths"])
    same_shape = [p for p in paths if p.startswith("/users/") and p.count("/") == 3
                  and (p.endswith("/challenges") or p.endswith("}"))]
    tried = same_shape.index("/users/{id}/challenges") + 1
    assert 1 < tried < 5
    assert _regex_tests(SPEC_ROUTING, "/v1/users/7eP5n/challenges") == tried
    assert _regex_tests(SPEC_ROUTING, "/v1/full/users/7eP5n/challenges") == tried


def test_a_newline_in_a_path_id_reaches_the_operation():
    """starlette's Mount stops at a newline; ours does not, so the id's pattern judges it (400), rather than
    no route (404)."""
    assert _call(SPEC_ROUTING, "GET", "/v1/users/a\nb")[2] == (
        b"openaudio_api.handlers.users.get_user /v1 /v1/users/a\nb {'id': 'a\\nb'}")
