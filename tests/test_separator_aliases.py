"""Paths upstream's Go router serves under both a `_` and a `-` spelling (top_listeners and top-listeners):
a spec path item that says `x-separator-aliases: true` is served under both by its one route
(openaudio_api/routing.py), under /v1 and /v1/full, and nothing else gains a spelling."""

from __future__ import annotations

import pytest
from starlette.routing import Route, Router

from openaudio_api import ids
from openaudio_api.routing import SEPARATOR_ALIASES, SegmentRouter, widen_separators
from tests import factory
from tests.spec_walk import load_spec

# Upstream's Go router (api/server.go) registers both spellings of these issue-18 paths.
UPSTREAM_PAIRS = {"/tracks/{track_id}/top_listeners", "/users/handle/{handle}/tracks/ai_attributed"}


def test_the_spec_flags_the_paths_upstream_serves_twice():
    flagged = {path for path, item in load_spec()["paths"].items() if item.get(SEPARATOR_ALIASES)}
    assert UPSTREAM_PAIRS <= flagged


@pytest.fixture
def listened(conn):
    for uid in (1, 2):
        factory.user(conn, uid, handle=f"dj_{uid}")
    factory.track(conn, 10, 1)
    factory.track(conn, 11, 1, ai_attribution_user_id=2)
    factory.plays(conn, 10, 2, user_id=2)  # the plays trigger makes user 2 a top listener
    return conn


@pytest.mark.parametrize("prefix", ["/v1", "/v1/full"])
@pytest.mark.parametrize("underscored,hyphenated", [
    (f"/tracks/{ids.encode(10)}/top_listeners", f"/tracks/{ids.encode(10)}/top-listeners"),
    ("/users/handle/dj_2/tracks/ai_attributed", "/users/handle/dj_2/tracks/ai-attributed"),
])
def test_both_spellings_answer_alike(client, listened, prefix, underscored, hyphenated):
    first, second = client.get(prefix + underscored), client.get(prefix + hyphenated)
    assert first.status_code == 200 and first.json()["data"], first.text
    assert (second.status_code, second.json()) == (first.status_code, first.json())


def test_the_alias_is_validated_as_its_route(client, listened):
    r = client.get("/v1/tracks/nope!/top-listeners")
    assert (r.status_code, r.json()["error"]) == (400, "invalid trackId")
    assert client.get(f"/v1/tracks/{ids.encode(10)}/top-listeners", params={"limit": 0}).status_code == 400


def test_a_path_parameter_keeps_its_own_spelling(client, listened):
    """The handle is dj_2: dj-2 is another handle (nobody), not an alias."""
    r = client.get("/v1/users/handle/dj-2/tracks/ai-attributed")
    assert (r.status_code, r.json()) == (404, {"code": 404, "error": "user not found"})


def test_unflagged_paths_gain_no_spelling(client, listened):
    for path in ("/v1/users/1/listen-counts-monthly", "/v1/users/1/collaboration-invites",
                 "/v1/tracks/10/top~listeners"):
        r = client.get(path)
        assert r.json() == {"code": 404, "error": f"no such route: GET {path}"}, path


def test_a_first_segment_alias_finds_its_route():
    """The segment index files developer-apps under developer_apps, where its widened route is."""
    route = Route("/developer_apps/{address}", lambda scope, receive, send: None)
    other = Route("/developers/{x}", lambda scope, receive, send: None)
    widen_separators(route)
    router = SegmentRouter(Router(routes=[route, other]))
    part = router.router_for("/developer-apps/0xabc")
    assert route in part.routes and other not in part.routes
    assert route.path_regex.match("/developer-apps/0x-a_b").groupdict() == {"address": "0x-a_b"}
    assert route.path_regex.match("/developer_apps/0xabc")
    assert not route.path_regex.match("/developerXapps/0xabc")
