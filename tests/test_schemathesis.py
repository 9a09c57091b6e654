"""Schemathesis against every operation of openapi/swagger-v1.yaml, in-process over ASGI, on the seeded
database, with response validation on in the app and every schemathesis check (`--checks all`: no 5xx,
status codes / content types / headers / bodies as documented, negative data rejected, positive data
accepted, unsupported methods answered 405, ...). Two runs: test_api is deterministic (derandomized, a fixed
number of examples); test_api_random_seed draws a new seed each time (SCHEMATHESIS_SEED sets it, and it is
printed), so successive runs explore what the fixed one never reaches.

How the app is wired in: the schema is loaded from the file at import time (parametrize needs it at
collection), and the app, which needs the session's seeded database URL, is built by a fixture and passed
to each call (`case.call(app=app)` picks schemathesis's ASGI transport; the base path /v1 comes from the
spec's `servers`). `schemathesis.pytest.from_fixture` (lazy loading) would be the documented route, but it
is broken with the installed pytest 9.2: it reads `request.node._nodeid`, which pytest 9.2 no longer has
(AttributeError: 'Function' object has no attribute '_nodeid').

Nothing is configured around: the spec says what the server refuses (path ids by pattern, GET /users's
`id` as required), so no check is excused for any response.
"""

from __future__ import annotations

import os
import random

import pytest
import schemathesis
import yaml
from hashids import Hashids
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import ignored_auth

from openaudio_api.demo import seed as seeding
from openaudio_api import ids
from openaudio_api.app import create_app
from openaudio_api.config import SPEC_FILE, Config
from tests import factory
from tests.conftest import SEED_SIZE, make_client

MAX_EXAMPLES = 30

# Schemathesis's defaults: all checks on, NUL bytes and all.
schema = schemathesis.openapi.from_path(SPEC_FILE)


@pytest.fixture(scope="module")
def app(seeded_url):
    config = Config(database_url=seeded_url, pool_min=1, pool_max=4, pool_timeout=3.0)
    return create_app(config, validate_responses=True)


_HASHIDS = Hashids(salt="azowernasdfoia", min_length=5)  # as the spec's header comment documents


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    # The app fixture is module-scoped, but the generated test also takes pytest's `request`; too_slow
    # only so that a loaded CI machine does not fail generation-time health checks.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api(case, app):
    _validate(case, case.call(app=app), app)


def _validate(case, response, app, excluded=()) -> None:
    """Every check schemathesis has (`--checks all`), named explicitly so none is left to a default."""
    load_all_checks()
    # transport_kwargs: checks that send follow-up requests (405 probes, missing headers, ...) reach the app.
    case.validate_response(response, checks=CHECKS.get_all(), excluded_checks=excluded,
                           transport_kwargs={"app": app})


# A seed of its own on every run unless SCHEMATHESIS_SEED fixes one; printed before the run and named in any
# failure, so a failure found by one run can be replayed. Few examples per operation, so it stays fast; the
# run's value is that the seed changes.
RANDOM_SEED = int(os.environ.get("SCHEMATHESIS_SEED") or random.SystemRandom().randrange(2**32))
RANDOM_EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES") or 20)


@pytest.fixture(scope="module")
def announced_seed(request) -> int:
    # Past pytest's output capture, so the seed shows in every run's log, passing or not.
    with request.config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
        print(f"\nschemathesis random run: SCHEMATHESIS_SEED={RANDOM_SEED} ({RANDOM_EXAMPLES} examples per "
              "operation)", flush=True)
    return RANDOM_SEED


@schema.parametrize()
@seed(RANDOM_SEED)
@settings(
    max_examples=RANDOM_EXAMPLES,
    derandomize=False,
    database=None,  # a failure replays from its seed, not from a local example database
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_random_seed(case, app, announced_seed):
    try:
        _validate(case, case.call(app=app), app)
    except BaseException as exc:
        exc.add_note(f"replay with SCHEMATHESIS_SEED={announced_seed}")
        raise


# ---------------------------------------------------------------------------------------------------------
# Fuzzed ids almost never name a seeded row, so the run above mostly sees 400/404 on the id operations and
# never validates their success bodies. This second run is positive-only and swaps in ids, handles and
# permalinks that exist in the seeded database (as decimal and as hashid), plus real viewers in `user_id`,
# so the full track/user shapes (viewer fields, remixes, unlisted/deleted rows, ...) go through every check.
# Positive-only because replacing a value would turn a negative case into a valid one.

known_schema = schemathesis.openapi.from_path(
    SPEC_FILE, config=SchemathesisConfig.from_dict({"generation": {"mode": "positive"}})
)
KNOWN: dict[str, list] = {}  # filled from the seeded database by the known_app fixture


@pytest.fixture(scope="module")
def known_app(seeded_url, app):
    import psycopg

    with psycopg.connect(seeded_url) as conn:
        users = [r[0] for r in conn.execute("SELECT user_id FROM users ORDER BY user_id")]
        tracks = [r[0] for r in conn.execute("SELECT track_id FROM tracks ORDER BY track_id")]
        KNOWN["handles"] = [r[0] for r in conn.execute("SELECT handle FROM users ORDER BY user_id")]
        KNOWN["genres"] = [r[0] for r in conn.execute(
            "SELECT DISTINCT genre FROM track_trending_scores WHERE genre IS NOT NULL ORDER BY 1")]
        KNOWN["permalinks"] = [f"/{h}/{s}" for h, s in conn.execute(
            "SELECT u.handle, tr.slug FROM track_routes tr JOIN users u ON u.user_id = tr.owner_id "
            "ORDER BY tr.track_id")]
    KNOWN["user_ids"] = [v for n in users for v in (str(n), _HASHIDS.encode(n))]
    KNOWN["track_ids"] = [v for n in tracks for v in (str(n), _HASHIDS.encode(n))]
    assert users and tracks and KNOWN["permalinks"] and KNOWN["genres"]
    return app


@known_schema.hook
def flatmap_path_parameters(ctx, path_parameters):
    name = {"/tracks/{track_id}": ("track_id", "track_ids"), "/users/{id}": ("id", "user_ids"),
            "/users/{id}/tracks": ("id", "user_ids"), "/users/{id}/managers": ("id", "user_ids"),
            "/users/{id}/collaboration_invites": ("id", "user_ids"),
            "/users/{id}/listen_counts_monthly": ("id", "user_ids"),
            "/users/handle/{handle}": ("handle", "handles"), "/notifications/{user_id}": ("user_id", "user_ids"),
            "/users/{id}/challenges": ("id", "user_ids"),
            "/challenges/undisbursed/{user_id}": ("user_id", "user_ids")}
    if ctx.operation.path not in name:
        return st.just(path_parameters)
    key, pool = name[ctx.operation.path]
    return st.sampled_from(KNOWN[pool]).map(lambda v: {**(path_parameters or {}), key: v})


@known_schema.hook
def flatmap_query(ctx, query):
    query = dict(query or {})
    lists = {"/tracks": {"id": "track_ids", "permalink": "permalinks"}, "/users": {"id": "user_ids"}}
    strategies = {"user_id": st.sampled_from(KNOWN["user_ids"])}
    if ctx.operation.path == "/notifications/{user_id}":
        # Private to the path user: asked for by that user (signed below), so the success body is checked;
        # a random real viewer in the query would only ever be refused (403).
        query.pop("user_id", None)
        strategies = {}
    singles = {"/tracks/trending": {"genre": "genres"}}
    for key, pool in lists.get(ctx.operation.path, {}).items():
        strategies[key] = st.lists(st.sampled_from(KNOWN[pool]), min_size=1, max_size=5)
    for key, pool in singles.get(ctx.operation.path, {}).items():
        strategies[key] = st.sampled_from(KNOWN[pool])
    return st.fixed_dictionaries(strategies).map(lambda real: {**query, **real})


@known_schema.include(path_regex=r"^/(tracks|users|notifications|challenges)").parametrize()
@settings(max_examples=15, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api_with_seeded_ids(case, known_app):
    # Sign as a real client would: as the viewer in user_id, else (for private operations) the path user.
    path = case.path_parameters or {}
    signer = ids.decode_my_id((case.query or {}).get("user_id")) or ids.decode_my_id(
        path.get("id") or path.get("user_id"))
    if signer:
        case.headers = {**(case.headers or {}),
                        **factory.signature_headers(signer, key=seeding.private_key(signer, SEED_SIZE.seed))}
    # ignored_auth takes headers set on a case for generated (random) credentials and expects them to be
    # refused; these are real signatures. test_api runs the check with schemathesis's own values.
    _validate(case, case.call(app=known_app), known_app, excluded=[ignored_auth] if signer else [])


def test_every_operation_is_fuzzed():
    """test_api covers every operation in the spec file (none failed to load or was filtered out), and
    requests go under /v1 as the spec's `servers` says."""
    spec = yaml.safe_load(SPEC_FILE.read_text())
    in_file = {f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item
               if method in ("get", "put", "post", "delete", "patch", "head", "options")}
    loaded = [r.ok() for r in schema.get_all_operations()]  # .ok() raises on an operation that failed
    assert {op.label for op in loaded} == in_file
    assert len(in_file) >= 8
    assert schema.base_path == "/v1/"


# Found by the run above: PostgreSQL refuses text containing NUL, which once surfaced as a 500. A value
# with NUL names nothing, so the answer is a 400 (or an empty result / 404), never a 5xx.
@pytest.mark.parametrize("path", [
    "/v1/tracks?isrc=US%00RC17607839",
    "/v1/tracks?permalink=/user1%00/some-track",
    "/v1/tracks/search?genre=Electronic%00",
    "/v1/tracks/search?mood=Peaceful%00",
    "/v1/users/handle/user%001",
])
def test_nul_byte_in_text_parameter_is_not_a_server_error(seeded_url, path):
    with make_client(seeded_url) as client:
        response = client.get(path)
    assert response.status_code < 500, (path, response.status_code, response.text)
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:
        assert response.json()["data"] == []
    else:
        assert response.json()["code"] == response.status_code


@pytest.mark.parametrize("path", ["/v1/tracks?id=1%00", "/v1/users?id=1%00", "/v1/tracks/1%00",
                                  "/v1/users/1%00", "/v1/tracks/1?user_id=%00"])
def test_nul_byte_in_id_parameter_is_handled(seeded_url, path):
    """Ids are decoded in Python and never reach PostgreSQL as text: these already behave."""
    with make_client(seeded_url) as client:
        response = client.get(path)
    assert response.status_code in (200, 400), (path, response.text)
