"""The spec cannot drift from the server: every key the server returns is declared.

Two explicit checks, independent of connexion's response validation (which the rest of the suite runs with,
and which already fails on an undeclared key only because every object schema says additionalProperties:
false):
- the spec side: every object schema reachable from any response of any operation forbids undeclared keys,
  except the free-form (jsonb passthrough) objects listed in FREE_FORM with the reason;
- the server side: real responses from every operation on the sample database, produced with response
  validation off (as in production), are walked against the spec; any undeclared key fails with its JSON
  path. The walker itself is shown to catch injected keys, at any depth and end to end.
"""

from __future__ import annotations

import copy

import pytest

from openaudio_api import serialize
from openaudio_api.app import create_app
from openaudio_api.config import Config
from tests import samples
from tests.spec_walk import (
    SCHEMA_PREFIX,
    is_free_form,
    load_spec,
    operations,
    response_object_schemas,
    undeclared_keys,
)

# Object schemas whose keys are deliberately not described: upstream passes these jsonb columns through.
_TRACK_FREE_FORM = {
    "track_segments[]": "legacy segment list items (jsonb)",
    "ddex_release_ids": "DDEX jsonb passthrough",
    "artists[]": "DDEX jsonb passthrough",
    "resource_contributors[]": "DDEX jsonb passthrough",
    "indirect_resource_contributors[]": "DDEX jsonb passthrough",
    "rights_controller": "DDEX jsonb passthrough",
    "copyright_line": "DDEX jsonb passthrough",
    "producer_copyright_line": "DDEX jsonb passthrough",
    "stream_conditions": "access gate (jsonb), shapes vary by gate type",
    "download_conditions": "access gate (jsonb), shapes vary by gate type",
    "stem_of": "jsonb {parent_track_id, category}, kept as upstream stores it",
    "playlists_previously_containing_track": "map of playlist id to removal info (jsonb)",
}
FREE_FORM = {
    **{f"{schema}.{prop}": why for schema in ("track", "search_track") for prop, why in _TRACK_FREE_FORM.items()},
    "user.playlist_library": "folders and playlist references (jsonb)",
    "account.playlist_library": "folders and playlist references (jsonb), as user.playlist_library",
    "event.event_data": "the event's client JSON (jsonb: prize_info, winners, ...), kept as upstream stores it",
    "track_access_info.stream_conditions": "access gate (jsonb), shapes vary by gate type",
    "track_access_info.download_conditions": "access gate (jsonb), shapes vary by gate type",
    # Playlists (issue 20): the track's passthroughs under the same names.
    # ...and search's playlist (issue 22), the same properties.
    **{f"{schema}.{prop}": _TRACK_FREE_FORM[prop] for schema in ("playlist", "search_playlist") for prop in (
        "artists[]", "ddex_release_ids", "copyright_line", "producer_copyright_line", "stream_conditions")},
    **{f"playlist_access_info.{prop}": _TRACK_FREE_FORM[prop] for prop in ("stream_conditions",
                                                                            "download_conditions")},
}


def test_every_response_object_schema_forbids_undeclared_keys():
    reached = response_object_schemas()
    problems = []
    for location, (schema, ops) in sorted(reached.items()):
        if schema.get("oneOf") or schema.get("anyOf") or schema.get("allOf"):
            continue  # a union or composition: its branches are reached and checked themselves
        if isinstance(schema.get("additionalProperties"), dict) and not schema.get("properties"):
            continue  # a typed map (e.g. months -> counts): its values' schema is reached and checked itself
        if is_free_form(schema):
            if location not in FREE_FORM:
                problems.append(f"{location} (in {sorted(ops)}) is a free-form object: describe its properties "
                                "and set additionalProperties: false, or document it in FREE_FORM")
        elif schema.get("additionalProperties") is not False:
            problems.append(f"{location} (in {sorted(ops)}) allows undeclared keys: additionalProperties is "
                            f"{schema.get('additionalProperties', 'absent')!r}, not false")
    stale = sorted(set(FREE_FORM) - {loc for loc, (schema, _) in reached.items() if is_free_form(schema)})
    assert not problems, "\n".join(problems)
    assert not stale, f"FREE_FORM lists objects that are no longer free-form or no longer exist: {stale}"


def test_the_schema_check_sees_every_component_and_every_operation():
    """The walk above starts from responses; make sure it reaches what it should: every object component
    (none is orphaned from the responses) and every operation."""
    spec = load_spec()
    reached = response_object_schemas(spec)
    components = {name for name, s in spec["components"]["schemas"].items() if s.get("type") == "object"}
    assert components <= set(reached), (f"object schemas no response reaches (orphaned, or a kind of reference "
                                        f"the walk does not follow): {sorted(components - set(reached))}")
    reaching = set().union(*(ops for _, ops in reached.values()))
    assert reaching == {op.operation_id for op in operations(spec)}


def test_every_response_body_is_a_named_component():
    """Inline response schemas become machine-named models in generated SDKs (GetTrack200Response)."""
    inline = []
    for op in operations():
        for status in op.responses:
            schema = op.json_schema(status)
            if schema is not None and not schema.get("$ref", "").startswith(SCHEMA_PREFIX):
                inline.append(f"{op.operation_id} {status}")
    assert not inline, f"inline response schemas (use a $ref to a named component): {inline}"


# ------------------------------------------------------------------------------ real responses, walked

@pytest.fixture(scope="module")
def sample_known(sample_url):
    return samples.known(sample_url)


@pytest.fixture(scope="module")
def production_client(sample_url):
    """In-process, response validation off (the production setting): nothing but the walker judges keys."""
    config = Config(database_url=sample_url, pool_min=1, pool_max=4, pool_timeout=3.0)
    with create_app(config, validate_responses=False).test_client() as client:
        yield client


def _fetch(client, call: samples.Call):
    path, headers = call.http()
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (call.label, response.status_code, response.text)
    return response.json()


def test_every_operation_has_a_sample(sample_known):
    found, impossible = samples.calls(sample_known)
    assert not impossible, impossible
    assert {c.operation_id for c in found} == {op.operation_id for op in operations()}


@pytest.mark.parametrize("operation_id", [op.operation_id for op in operations()])
def test_real_responses_declare_every_key(operation_id, sample_known, production_client):
    spec = load_spec()
    found, impossible = samples.calls(sample_known)
    assert operation_id not in impossible, impossible[operation_id]
    mine = [c for c in found if c.operation_id == operation_id]
    assert mine
    problems = []
    if mine[0].operation.redirects:
        for call in mine:
            moved = production_client.get(call.path_and_query(), follow_redirects=False)
            assert moved.status_code == 302 and moved.headers["location"].startswith("/v1/"), call.label
            assert _fetch(production_client, call).get("data"), f"{call.label}: the redirect's target is empty"
        return
    for call in mine:
        body = _fetch(production_client, call)
        data = body.get("data") if isinstance(body, dict) else None
        assert data not in (None, [], {}), (
            f"{call.label}: a sample should return data to check, got {body}: give {operation_id} a recipe in "
            "tests/samples.py (and rows in conftest.sample_url if the data set has none)")
        _, schema = call.operation.success_schema()
        problems += [f"{call.label}: {path}" for path in undeclared_keys(spec, body, schema)]
    assert not problems, "the server returns keys the spec does not declare:\n" + "\n".join(problems)


# ------------------------------------------------------------------------------- the walker can fail

def test_walker_reports_injected_keys_with_their_paths(sample_known, production_client):
    spec = load_spec()
    found, _ = samples.calls(sample_known)
    call = next(c for c in found if c.label == "getBulkTracks[ids+viewer]")
    body = _fetch(production_client, call)
    _, schema = call.operation.success_schema()
    assert undeclared_keys(spec, body, schema) == []
    assert body["data"][0]["remix_of"]["tracks"], "the first sample track should be a remix"

    tampered = copy.deepcopy(body)
    tampered["next_cursor"] = "abc"
    tampered["data"][0]["collaborator_count"] = 2
    tampered["data"][0]["remix_of"]["tracks"][0]["user"]["shadow_ban"] = True
    tampered["data"][1]["user"]["profile_picture"] = {**(tampered["data"][1]["user"]["profile_picture"] or {}),
                                                      "3000x3000": "x"}
    tampered["data"][2]["access"]["purchase"] = False
    # Free-form objects declare any key; null sub-objects are fine.
    tampered["data"][0]["ddex_release_ids"] = {"anything": {"goes": 1}}
    tampered["data"][1]["album_backlink"] = None
    assert sorted(undeclared_keys(spec, tampered, schema)) == sorted([
        "$.next_cursor",
        "$.data[0].collaborator_count",
        "$.data[0].remix_of.tracks[0].user.shadow_ban",
        "$.data[1].user.profile_picture['3000x3000']",
        "$.data[2].access.purchase",
    ])


def test_walker_follows_discriminated_unions():
    """Notifications will be a oneOf with a `type` discriminator: each variant judges its own keys."""
    spec = {"components": {"schemas": {
        "notification": {"oneOf": [{"$ref": "#/components/schemas/follow"}, {"$ref": "#/components/schemas/tip"}],
                         "discriminator": {"propertyName": "type"}},
        "follow": {"type": "object", "additionalProperties": False,
                   "properties": {"type": {"type": "string", "enum": ["follow"]}, "follower": {"type": "string"}}},
        "tip": {"type": "object", "additionalProperties": False,
                "properties": {"type": {"type": "string", "enum": ["tip"]}, "amount": {"type": "string"}}},
    }}}
    ref = {"type": "array", "items": {"$ref": "#/components/schemas/notification"}}
    value = [{"type": "follow", "follower": "a"}, {"type": "tip", "amount": "1", "follower": "b"}]
    assert undeclared_keys(spec, value, ref) == ["$[1].follower"]


def test_an_undeclared_key_from_the_server_is_caught_end_to_end(sample_url, sample_known, monkeypatch):
    """Make the serializer emit one more key, as a handler change might: the walker names it."""
    original = serialize.user
    monkeypatch.setattr(serialize, "user", lambda row: {**original(row), "wallet_score": 7})
    config = Config(database_url=sample_url, pool_min=1, pool_max=2, pool_timeout=3.0)
    with create_app(config, validate_responses=False).test_client() as client:
        found, _ = samples.calls(sample_known)
        call = next(c for c in found if c.operation_id == "getTrack")
        body = _fetch(client, call)
    _, schema = call.operation.success_schema()
    problems = undeclared_keys(load_spec(), body, schema)
    assert "$.data.user.wallet_score" in problems
    assert "$.data.remix_of.tracks[0].user.wallet_score" in problems
