"""The contract file itself: valid OpenAPI, served byte for byte, routed to real handlers, and following the
conventions its header comment promises (JSON everywhere, common params and error responses on every
operation, closed object schemas)."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
import yaml
from connexion.operations import OpenAPIOperation
from connexion.spec import Specification
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from openaudio_api import ids
from openaudio_api.config import SPEC_FILE
from openaudio_api.resolver import TagResolver
from tests.spec_walk import python_name

ROOT = Path(__file__).resolve().parent.parent  # the repository: handlers/<tag>.py

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SPEC = yaml.safe_load(SPEC_FILE.read_text())
OPERATIONS = [
    (path, method, op)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
    if method in HTTP_METHODS
]
OPERATION_IDS = [f"{method.upper()} {path}" for path, method, _ in OPERATIONS]


def deref(node: dict) -> dict:
    """Follow local $refs (#/components/...) until a concrete node."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target = SPEC
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def test_there_are_operations():
    assert len(OPERATIONS) >= 8


def test_spec_is_valid_openapi():
    spec_dict, base_uri = read_from_filename(str(SPEC_FILE))
    validate(spec_dict, base_uri=base_uri)  # raises OpenAPIValidationError with the offending path
    assert spec_dict["openapi"].startswith("3.0")
    # The first is connexion's base path; /v1/full serves the same operations (openaudio_api/routing.py).
    assert [s["url"] for s in spec_dict["servers"]] == ["/v1", "/v1/full"]


def test_swagger_yaml_is_served_byte_for_byte(seeded_client):
    response = seeded_client.get("/v1/swagger.yaml")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0].strip() == "application/yaml"
    assert response.content == SPEC_FILE.read_bytes()


@pytest.mark.parametrize("bare", ["/v1", "/v1/"])
def test_v1_redirects_to_swagger_ui(seeded_client, bare):
    first = seeded_client.get(bare, follow_redirects=False)
    assert first.status_code in (301, 302, 303, 307, 308)

    # Following the redirect(s) lands on the Swagger UI (/v1 takes one extra hop through /v1/: the
    # API's mount answers the bare prefix with a trailing-slash redirect before the app's own rule).
    ui = seeded_client.get(bare, follow_redirects=True)
    assert ui.status_code == 200
    assert ui.url.path == "/v1/ui/"
    assert 1 <= len(ui.history) <= 2
    assert all(r.status_code in (301, 302, 303, 307, 308) for r in ui.history)
    assert ui.headers["content-type"].startswith("text/html")
    assert "swagger-ui" in ui.text.lower()
    # The UI loads the contract from the API itself, as served byte for byte (not connexion's re-dump).
    assert '"/v1/swagger.yaml"' in ui.text
    assert seeded_client.get("/v1/swagger.yaml").status_code == 200


def test_v1_slash_redirects_straight_to_ui(seeded_client):
    response = seeded_client.get("/v1/", follow_redirects=False)
    assert response.status_code in (302, 307)
    assert response.headers["location"] == "/v1/ui/"


@pytest.mark.parametrize("path,method,op", OPERATIONS, ids=OPERATION_IDS)
def test_operation_resolves_to_async_handler_in_module_named_by_first_tag(path, method, op):
    tag = op["tags"][0]
    module_file = ROOT / "handlers" / f"{tag}.py"
    assert module_file.is_file(), f"{op['operationId']}: first tag {tag!r} has no handlers/{tag}.py"

    # The same resolution connexion performs when it builds the app.
    spec = Specification.load(SPEC_FILE)
    operation = OpenAPIOperation.from_spec(spec, path=path, method=method, resolver=TagResolver())
    # The name the Python SDK gives the method (an acronym is one word: getTrendingTrackIDs ->
    # get_trending_track_ids).
    snake = python_name(op["operationId"])
    assert operation.operation_id == f"openaudio_api.handlers.{tag}.{snake}"

    module = importlib.import_module(f"openaudio_api.handlers.{tag}")
    assert Path(module.__file__).resolve() == module_file.resolve()
    function = getattr(module, snake, None)
    assert function is not None, f"handlers/{tag}.py has no {snake}"
    assert inspect.iscoroutinefunction(function), f"handlers.{tag}.{snake} is not async"
    assert operation.function is function


def test_operation_ids_are_camel_case_and_unique():
    ids = [op["operationId"] for _, _, op in OPERATIONS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # "IDs" is upstream's own spelling in one name (Get User IDs by Addresses -> getUserIDsByAddresses), kept
    # so the generated SDK method keeps upstream's name.
    for operation_id in ids:
        # Words start with a capital; an acronym is a run of capitals (upstream's getAIAttributed...).
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+|IDs|[A-Z]{2,}(?=[A-Z][a-z]|$))*", operation_id), \
            operation_id


@pytest.mark.parametrize("path,method,op", OPERATIONS, ids=OPERATION_IDS)
def test_every_response_is_application_json_only(path, method, op):
    assert op["responses"], "no responses"
    for status, response in op["responses"].items():
        if status.startswith("3"):
            # A redirect (resolve's 302) has no body to read: it names its target in Location instead.
            assert "Location" in deref(response).get("headers", {}), f"{status} has no Location header"
            assert "content" not in deref(response), f"{status} declares a body"
            continue
        content = deref(response).get("content")
        assert content, f"{status} has no content"
        assert list(content) == ["application/json"], f"{status}: {list(content)}"


@pytest.mark.parametrize("path,method,op", OPERATIONS, ids=OPERATION_IDS)
def test_every_operation_declares_the_common_query_params(path, method, op):
    declared = {(p["name"], p["in"]) for p in map(deref, op.get("parameters", []))}
    for name in ("user_id", "api_key", "app_name"):
        assert (name, "query") in declared, f"{op['operationId']} lacks query param {name}"
    for p in map(deref, op.get("parameters", [])):
        # (in: query: GET /notifications/{user_id} also has a path parameter named user_id)
        if p["name"] in ("user_id", "api_key", "app_name") and p["in"] == "query":
            assert not p.get("required", False)
            assert p["schema"] == {"type": "string", "pattern": "^[^\\x00]*$"}


def test_every_string_parameter_refuses_nul():
    """PostgreSQL text cannot hold NUL: the contract says so, so clients and fuzzers know it is a 400."""
    for _path, _method, op in OPERATIONS:
        for p in map(deref, op.get("parameters", [])):
            schema = p["schema"].get("items", p["schema"])
            formats = {alt.get("format") for alt in schema.get("anyOf", [schema])}
            if schema.get("type") == "string" and not formats <= {"date", "date-time"}:
                # A date or date-time format already excludes NUL; any other string must say so, with the
                # NUL pattern or, for path ids, a pattern of letters and digits only.
                # (Or a pattern that lists every character it admits, none of them NUL: winners' calendar date.)
                pattern = schema.get("pattern") or ""
                listing = pattern.startswith("^") and pattern.endswith("$") and not re.search(
                    r"\.|\[\^|\\", pattern)
                assert pattern in ("^[^\\x00]*$", ids.PATH_ID_PATTERN) or listing, (op["operationId"], p["name"])


# Path parameters that name something other than an id.
NOT_IDS = {"handle", "slug", "wallet", "address", "version"}  # version: a trending strategy's name


def test_every_path_id_declares_the_id_pattern_and_upstreams_message():
    """Every path parameter but a handle, a playlist's slug, a wallet address or a trending version is an id: the
    pattern says which strings are ids, and a value that is none gets upstream's message (tests/test_ids.py checks the pattern against the decoder)."""
    found = {}
    for path, _method, op in OPERATIONS:
        for p in map(deref, op.get("parameters", [])):
            if p["in"] == "path" and p["name"] not in NOT_IDS:
                found[(path, p["name"])] = (p["schema"]["pattern"], p["x-invalid-message"])
    expected = "invalid trackId", "invalid userId", "invalid event id", "invalid commentId", "invalid playlistId"
    templated = {(path, name) for path, _method, _op in OPERATIONS for name in re.findall(r"{(\w+)}", path)
                 if name not in NOT_IDS}
    assert set(found) == templated
    assert all(pattern == ids.PATH_ID_PATTERN and message in expected for pattern, message in found.values())
    assert found[("/tracks/{track_id}", "track_id")][1] == "invalid trackId"


# /health_check answers 503 with its own report body (healthy false, database.error), as its description
# says; every other operation answers 503 with the common error body.
OWN_503_BODY = {"getHealthCheck": "#/components/schemas/health_check_response"}


@pytest.mark.parametrize("path,method,op", OPERATIONS, ids=OPERATION_IDS)
def test_every_operation_declares_error_responses(path, method, op):
    responses = op["responses"]
    for status in ("400", "500", "503"):
        assert status in responses, f"{op['operationId']} does not declare {status}"
        schema = deref(responses[status])["content"]["application/json"]["schema"]
        expected = "#/components/schemas/api_error"
        if status == "503" and op["operationId"] in OWN_503_BODY:
            expected = OWN_503_BODY[op["operationId"]]
        assert schema == {"$ref": expected}, f"{op['operationId']} {status}: {schema}"
    # Every other non-2xx response uses the error body too.
    for status, response in responses.items():
        # (A redirect has no body: test_every_response_is_application_json_only checks its Location.)
        if not status.startswith(("2", "3")) and status != "503":
            assert deref(response)["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/api_error"
            }, status


def test_error_schema_is_code_and_message():
    error = SPEC["components"]["schemas"]["api_error"]
    assert error["additionalProperties"] is False
    assert set(error["required"]) == {"code", "error"}
    assert error["properties"] == {"code": {"type": "integer"}, "error": {"type": "string"}}


def _object_schemas(node, where):
    """Every inline schema below node (properties, items, compositions), with its location."""
    if not isinstance(node, dict) or "$ref" in node:
        return
    yield where, node
    for name, sub in (node.get("properties") or {}).items():
        yield from _object_schemas(sub, f"{where}.{name}")
    if isinstance(node.get("items"), dict):
        yield from _object_schemas(node["items"], f"{where}[]")
    if isinstance(node.get("additionalProperties"), dict):
        yield from _object_schemas(node["additionalProperties"], f"{where}{{}}")
    for key in ("allOf", "oneOf", "anyOf"):
        for i, sub in enumerate(node.get(key) or []):
            yield from _object_schemas(sub, f"{where}.{key}[{i}]")


def test_object_schemas_with_properties_are_closed():
    checked = 0
    for name, schema in SPEC["components"]["schemas"].items():
        for where, node in _object_schemas(schema, name):
            if "properties" not in node:
                continue  # free-form object (jsonb passthrough) or not an object at all
            checked += 1
            if node.get("additionalProperties") is False:
                continue
            # The only acceptable exception: an explicitly open object documented as free-form.
            assert node.get("additionalProperties") is True and "free-form" in node.get("description", ""), (
                f"{where} has properties but does not set additionalProperties: false"
            )
    assert checked >= 20


def test_every_schema_ref_resolves():
    text = SPEC_FILE.read_text()
    for ref in set(re.findall(r"\$ref: '([^']+)'", text)):
        assert deref({"$ref": ref}), ref


@pytest.mark.parametrize("operation_id,name", [
    ("getUserTracks", "get_user_tracks"),
    ("getAIAttributedTracksByUserHandle", "get_ai_attributed_tracks_by_user_handle"),
    ("getTrendingUSDCPurchaseTracks", "get_trending_usdc_purchase_tracks"),
    ("getTrendingTrackIDs", "get_trending_track_ids"),
    ("getTrendingTracksIDsWithVersion", "get_trending_tracks_ids_with_version"),
    ("getUserIDsByAddresses", "get_user_ids_by_addresses"),
])
def test_handler_names_read_as_the_python_sdk_methods(operation_id, name):
    from openaudio_api.resolver import function_name

    assert function_name(operation_id) == name
