"""Reading openapi/swagger-v1.yaml as data: its operations, the schemas its responses reach, and a walker
that lists every key of a JSON value that the spec does not declare (with its JSON path).

Independent of connexion and of the generated clients, so the drift tests can say precisely what drifted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from openaudio_api.config import SPEC_FILE

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
SCHEMA_PREFIX = "#/components/schemas/"


@cache
def load_spec() -> dict:
    return yaml.safe_load(SPEC_FILE.read_text())


def deref(spec: dict, node: dict) -> dict:
    """Follow $ref (a chain of them) to the object it names."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"$ref cycle at {ref}")
        seen.add(ref)
        target = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def component_name(node: dict) -> str | None:
    """The component schema a {$ref} names, or None for an inline schema."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref.removeprefix(SCHEMA_PREFIX) if ref and ref.startswith(SCHEMA_PREFIX) else None


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...]
    parameters: tuple[dict, ...]  # resolved
    security: tuple[dict, ...]  # effective (the operation's own, else the document's)
    responses: dict  # status -> resolved response object

    @property
    def private(self) -> bool:
        """The operation requires a credential: no empty alternative in its security requirements."""
        return bool(self.security) and all(requirement for requirement in self.security)

    @property
    def redirects(self) -> bool:
        """The operation answers a redirect, not a body of its own (resolve's 302): a client that follows it
        gets the target operation's answer, whose shape the target's own samples check."""
        return any(s.startswith("3") for s in self.responses) and not any(s.startswith("2") for s in self.responses)

    def parameter(self, name: str, where: str | None = None) -> dict | None:
        return next((p for p in self.parameters if p["name"] == name and where in (None, p["in"])), None)

    def json_schema(self, status: str) -> dict | None:
        content = (self.responses.get(status) or {}).get("content") or {}
        return (content.get("application/json") or {}).get("schema")

    def success_schema(self) -> tuple[str, dict]:
        """(status, schema) of the operation's first 2xx JSON response."""
        for status in sorted(self.responses):
            if status.startswith("2") and self.json_schema(status):
                return status, self.json_schema(status)
        raise AssertionError(f"{self.operation_id} has no 2xx JSON response")


def operations(spec: dict | None = None) -> list[Operation]:
    spec = spec or load_spec()
    found = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            params = {}
            for p in [*shared, *op.get("parameters", [])]:
                p = deref(spec, p)
                params[(p["name"], p["in"])] = p
            found.append(Operation(
                operation_id=op["operationId"], method=method, path=path, tags=tuple(op.get("tags", ())),
                parameters=tuple(params.values()),
                security=tuple(op.get("security", spec.get("security", []))),
                responses={str(s): deref(spec, r) for s, r in op.get("responses", {}).items()},
            ))
    return found


# ----------------------------------------------------------------------------------- schema reachability

def _composed(schema: dict) -> list[dict]:
    return [*schema.get("allOf", []), *schema.get("oneOf", []), *schema.get("anyOf", [])]


def is_object_schema(schema: dict) -> bool:
    return schema.get("type") == "object" or "properties" in schema or "additionalProperties" in schema


def is_free_form(schema: dict) -> bool:
    """An object whose keys the spec does not describe: no properties, no composition, and additional
    properties not forbidden (`{type: object}`, a jsonb passthrough)."""
    return (is_object_schema(schema) and not schema.get("properties") and not _composed(schema)
            and schema.get("additionalProperties", True) is not False)


def reachable_object_schemas(spec: dict, schema: dict, where: str, seen: set[str] | None = None):
    """Yield (location, schema) for every object schema reachable from `schema`. A location is the component
    name for a component ("track"), else the path to the inline schema ("track.ddex_release_ids",
    "track.artists[]", "notification|1"). Each component is visited once."""
    seen = set() if seen is None else seen
    name = component_name(schema)
    if name:
        if name in seen:
            return
        seen.add(name)
        where = name
    schema = deref(spec, schema)
    if is_object_schema(schema):
        yield where, schema
    for key, sub in (schema.get("properties") or {}).items():
        yield from reachable_object_schemas(spec, sub, f"{where}.{key}", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from reachable_object_schemas(spec, schema["additionalProperties"], f"{where}{{*}}", seen)
    if "items" in schema:
        yield from reachable_object_schemas(spec, schema["items"], f"{where}[]", seen)
    for i, sub in enumerate(_composed(schema)):
        yield from reachable_object_schemas(spec, sub, f"{where}|{i}", seen)


def response_object_schemas(spec: dict | None = None) -> dict[str, tuple[dict, set[str]]]:
    """location -> (schema, the operations whose responses reach it), over every response of every
    operation."""
    spec = spec or load_spec()
    found: dict[str, tuple[dict, set[str]]] = {}
    for op in operations(spec):
        for status in op.responses:
            schema = op.json_schema(status)
            if schema is None:
                continue
            for location, sub in reachable_object_schemas(spec, schema, f"{op.operation_id}.{status}"):
                found.setdefault(location, (sub, set()))[1].add(op.operation_id)
    return found


# ------------------------------------------------------------------------------------- undeclared keys

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if _IDENTIFIER.fullmatch(key) else f"{path}[{key!r}]"


def undeclared_keys(spec: dict, value, schema: dict, path: str = "$") -> list[str]:
    """Every object key in `value` that `schema` does not declare, as JSON paths ("$.data[3].user.foo").

    Free-form objects ({type: object}) declare everything; `additionalProperties: <schema>` declares any key
    and its value is walked with that schema. oneOf/anyOf: the value is judged by the branch its
    discriminator names, else by the branch that declares the most of it. Values are not type-checked here
    (response validation does that); only keys are."""
    schema = deref(spec, schema)
    if value is None:
        return []
    if isinstance(value, list):
        items = schema.get("items")
        if items is None:
            return []
        return [problem for i, item in enumerate(value) for problem in undeclared_keys(spec, item, items, f"{path}[{i}]")]
    if not isinstance(value, dict):
        return []

    branches = [*schema.get("oneOf", []), *schema.get("anyOf", [])]
    if branches:
        chosen = _discriminated(spec, schema, value)
        if chosen is not None:
            return undeclared_keys(spec, value, chosen, path)
        results = [undeclared_keys(spec, value, branch, path) for branch in branches]
        return min(results, key=len)

    properties: dict = dict(schema.get("properties") or {})
    additional = schema.get("additionalProperties", True)
    for part in schema.get("allOf", []):
        part = deref(spec, part)
        properties.update(part.get("properties") or {})
        if part.get("additionalProperties") is False:
            additional = False
    if not properties and additional is not False and not schema.get("allOf"):
        if isinstance(additional, dict):
            return [p for key, item in value.items()
                    for p in undeclared_keys(spec, item, additional, _key_path(path, key))]
        return []  # free-form

    problems = []
    for key, item in value.items():
        where = _key_path(path, key)
        if key in properties:
            problems.extend(undeclared_keys(spec, item, properties[key], where))
        elif isinstance(additional, dict):
            problems.extend(undeclared_keys(spec, item, additional, where))
        else:
            problems.append(where)
    return problems


def _discriminated(spec: dict, schema: dict, value: dict) -> dict | None:
    discriminator = schema.get("discriminator") or {}
    name = discriminator.get("propertyName")
    if not name or name not in value:
        return None
    tag = value[name]
    mapping = discriminator.get("mapping") or {}
    if tag in mapping:
        return {"$ref": mapping[tag]}
    for branch in [*schema.get("oneOf", []), *schema.get("anyOf", [])]:
        if component_name(branch) == tag:
            return branch
        enum = (deref(spec, branch).get("properties", {}).get(name) or {}).get("enum")
        if enum and tag in enum:
            return branch
    return None


# ------------------------------------------------------------------------------- what the spec declares

def notification_types(spec: dict | None = None) -> dict[str, str]:
    """Notification type (the discriminator value, e.g. "track_collaborator_invite") -> the component schema
    of that variant, for every `oneOf` with a `type` discriminator among schemas whose name mentions
    notification. Empty while the spec declares no notifications."""
    spec = spec or load_spec()
    schemas = spec.get("components", {}).get("schemas", {})
    found: dict[str, str] = {}
    for name, schema in schemas.items():
        if "notification" not in name or not (schema.get("oneOf") or schema.get("anyOf")):
            continue
        discriminator = schema.get("discriminator") or {}
        prop = discriminator.get("propertyName", "type")
        for tag, ref in (discriminator.get("mapping") or {}).items():
            found[tag] = ref.removeprefix(SCHEMA_PREFIX)
        for branch in [*schema.get("oneOf", []), *schema.get("anyOf", [])]:
            variant = component_name(branch)
            enum = (deref(spec, branch).get("properties", {}).get(prop) or {}).get("enum") or []
            for tag in enum:
                found.setdefault(tag, variant)
    return found


def python_name(name: str) -> str:
    """The Python generator's method / parameter name: getUserTracks -> get_user_tracks. Its two rules: an
    upper-case run before a word of three letters or more splits off (getTrendingUSDCPurchaseTracks ->
    get_trending_usdc_purchase_tracks; getTrendingTrackIDs -> get_trending_track_ids), then lower before upper.
    The handlers are named so too (openaudio_api/resolver.py), so SDK method and handler read alike."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z\d])([A-Z])", r"\1_\2", name).lower()

