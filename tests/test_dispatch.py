"""An operation's request goes straight to its own chain (openaudio_api/dispatch.py), and a client cannot
tell: every operation's sample requests, and the requests that are not an operation's (a wrong method, a
trailing slash, an unknown path, the alias servers, the Swagger UI), answer exactly as they do down
connexion's whole chain."""

from __future__ import annotations

import pytest

from openaudio_api import middleware, operations
from openaudio_api.app import create_app
from openaudio_api.config import Config
from openaudio_api.dispatch import OperationDispatch
from openaudio_api.resolver import function_name
from tests import samples
from tests.spec_walk import operations as spec_operations


def _client(url: str, *, dispatch: bool, validate_responses: bool = False):
    config = Config(database_url=url, pool_min=1, pool_max=4, pool_timeout=3.0)
    app = create_app(config, validate_responses=validate_responses)
    client = app.test_client()
    client.__enter__()
    client.get("/health_check")  # builds connexion's chain, and the dispatcher's table on its first request
    dispatcher = next(m for m in app.middleware.middleware_stack if isinstance(m, OperationDispatch))
    if not dispatch:
        dispatcher._routing = None  # every request down connexion's chain, as before the dispatcher
    return client, dispatcher


@pytest.fixture(scope="module")
def pair(sample_url):
    fast, dispatcher = _client(sample_url, dispatch=True)
    chain, _ = _client(sample_url, dispatch=False)
    yield fast, chain, dispatcher
    fast.__exit__(None, None, None)
    chain.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sample_calls(sample_url):
    found, _ = samples.calls(samples.known(sample_url))
    return found + [samples.with_query_credentials(c) for c in found if c.signer]


def _answer(client, path: str, headers=None, method: str = "GET"):
    response = client.request(method, path, headers=headers or {}, follow_redirects=False)
    kept = {k: v for k, v in response.headers.items() if k not in ("x-request-id", "date")}
    return response.status_code, kept, response.content


def test_every_operation_has_its_own_chain(pair):
    _, _, dispatcher = pair
    routed = {operation_id for mounted in dispatcher._mounted for operation_id, _ in mounted.pipelines.values()}
    resolved = {f"openaudio_api.handlers.{op.tags[0]}.{function_name(op.operation_id)}" for op in spec_operations()}
    assert routed == resolved


def test_each_chain_holds_every_step_of_connexions(sample_url):
    """Security, the signature rule, validation, response validation when on, then the handler call: the
    objects connexion made for that operation, in connexion's order."""
    for validate in (False, True):
        client, dispatcher = _client(sample_url, dispatch=True, validate_responses=validate)
        try:
            (mounted,) = dispatcher._mounted
            for operation_id, step in mounted.pipelines.values():
                kinds = []
                while step is not None:
                    kinds.append(type(step).__name__)
                    step = None if isinstance(step, operations.PreparedOperation) else \
                        getattr(step, "next_app", None) if not isinstance(step, middleware.SignatureAuthMiddleware) \
                        else step.app
                expected = ["PreparedSecurity", "SignatureAuthMiddleware", "PreparedValidation"] + \
                    (["ResponseValidationOperation"] if validate else []) + ["PreparedOperation"]
                assert kinds == expected, operation_id
        finally:
            client.__exit__(None, None, None)


# Operations whose answer differs from one request to the next (drawn at random; the server's uptime and
# the database's latency): the same status, not the same bytes.
RANDOM = {"getFeelingLuckyTracks", "getHealthCheck"}


def test_every_sample_request_answers_as_down_connexions_chain(pair, sample_calls):
    fast, chain, dispatcher = pair
    for call in sample_calls:
        path, headers = call.http()
        ours, theirs = _answer(fast, path, headers), _answer(chain, path, headers)
        assert ours[0] == (302 if call.operation.redirects else 200), (call.label, ours[0], ours[2][:300])
        if call.operation_id in RANDOM:
            assert ours[0] == theirs[0], call.label
        else:
            assert ours == theirs, call.label
        assert dispatcher._route({"type": "http", "method": "GET", "path": path.split("?")[0],
                                  "root_path": ""}) is not None, call.label


EDGES = [
    ("GET", "/v1/no/such/route"),
    ("GET", "/v1/tracks/trending/"),  # a trailing slash: the router's redirect, or its 404
    ("POST", "/v1/tracks/trending"),  # a route of another method: 405
    ("DELETE", "/v1/users/7eP5n"),
    ("GET", "/v1/full/tracks/trending?limit=2"),  # the alias server
    ("GET", "/v1/full/no/such/route"),
    ("GET", "/v1/tracks/7eP5n/top-listeners"),  # a separator alias
    ("GET", "/v1/tracks/7eP5n/top_listeners?limit=many"),  # a validation failure: 400
    ("GET", "/v1/users/not-an-id"),
    ("GET", "/v1/users/7eP5n/challenges?user_id=7eP5n"),  # unsigned, naming a viewer: 403
    ("GET", "/v1/tracks/search?query=%00"),
    ("GET", "/v1/swagger.yaml"),
    ("GET", "/v1/ui/"),
    ("GET", "/v1"),
    ("HEAD", "/v1/tracks/trending"),
]


@pytest.mark.parametrize(("method", "path"), EDGES)
def test_other_requests_answer_as_down_connexions_chain(pair, method, path):
    fast, chain, _ = pair
    assert _answer(fast, path, method=method) == _answer(chain, path, method=method)
