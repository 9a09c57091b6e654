"""connexion's request validation and handler call, prepared once per operation instead of once per request.

connexion 3.3 builds a URI parser and a parameter validator for every request it validates
(RequestValidationOperation), and decorates the handler anew on every call: an inspect.signature, a read of the
request body, a deep copy of the query defaults, and a fresh ConnexionRequest each time a handler touches
`connexion.request` (AsyncOperation.fn). Profiling getUserChallenges under load put about half of the server's
CPU per request there. The classes below keep connexion's routing, its validation rules (our
NamingParameterValidator) and its argument semantics (path arguments, then query arguments with the spec's
defaults, names sanitized as connexion does), with the per-operation parts built at startup; the request
parsed for validation is the one the handler's arguments come from, so a query string is parsed once.
"""

from __future__ import annotations

import functools
import typing as t
from urllib.parse import parse_qsl
from contextvars import ContextVar
from pathlib import Path

import yaml

from connexion.apps.abstract import AbstractApp
from connexion.apps.asynchronous import AsyncApi, AsyncApp, AsyncASGIApp
from connexion.decorators.parameter import sanitized
from connexion.lifecycle import ConnexionRequest
from connexion.middleware.main import API
from connexion.middleware.security import SecurityAPI, SecurityMiddleware, SecurityOperation
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.spec import Specification
from connexion.exceptions import TypeValidationError
from connexion.uri_parsing import QUERY_STRING_DELIMITERS, OpenAPIURIParser
from connexion.utils import boolean, coerce_type, is_null, is_nullable, make_type

# The request a handler is serving (its ASGI scope): handlers read the lifespan state and the routed path
# parameters from it (openaudio_api.web), instead of through connexion.request, which builds a new request
# object on every attribute access.
_scope: ContextVar[dict] = ContextVar("openaudio_scope")
_PARSED = "openaudio.parsed_request"  # scope["extensions"] key: the validated ConnexionRequest
_QUERY = "openaudio.query"  # scope["extensions"] key: the query string as {name: [values]}


def current_scope() -> dict:
    return _scope.get()


def query_lists(scope: dict) -> dict[str, list[str]]:
    """The request's query as {name: [values, in order]}, parsed once per request for every layer that reads
    it (the signature middleware, validation, the handler's arguments): what starlette's QueryParams holds,
    read as connexion reads it ({k: getlist(k)}), without building it."""
    extensions = scope.setdefault("extensions", {})
    lists = extensions.get(_QUERY)
    if lists is None:
        lists = extensions[_QUERY] = {}
        for name, value in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True):
            lists.setdefault(name, []).append(value)
    return lists


class _Resolution:
    """How connexion's OpenAPI URI parser resolves one declared parameter's raw values (resolve_params, then
    coerce_type), with what it looks up in the parameter's definition on every request read once: the
    values joined and split by the style's delimiter for an array, each item converted where it converts;
    the last value for a scalar, converted where it converts and kept as sent where it does not (validation
    then names it), None for a nullable one sent as null."""

    __slots__ = ("array", "delimiter", "explode", "nullable", "convert", "definition", "name")
    _CONVERT = {"integer": int, "number": float, "boolean": boolean, "object": dict}  # coerce_type's own map

    def __init__(self, name: str, definition: dict, schema: dict, where: str):
        style = definition.get("style", OpenAPIURIParser.style_defaults[where])
        self.name, self.definition = name, definition
        self.array = schema.get("type") == "array"
        self.delimiter = QUERY_STRING_DELIMITERS.get(style, ",")
        self.explode = definition.get("explode", style == "form")
        self.nullable = is_nullable(schema)
        kind = schema["items"].get("type") if self.array else schema.get("type")
        self.convert = self._CONVERT.get(kind)

    def resolve(self, values: list):
        if self.array:
            joined = self.delimiter.join(values) if self.explode else values[-1]
            return [self._converted(v) for v in joined.split(self.delimiter)]
        value = values[-1]
        if self.nullable and is_null(value):
            return None
        if self.convert is dict:  # an object parameter (none of ours): connexion's own coercion
            try:
                return coerce_type(self.definition, value, "parameter", self.name)
            except TypeValidationError:
                return value
        return self._converted(value)

    def _converted(self, value):
        if self.convert is None:  # a string: coerce_type's missing converter raises TypeError, keeping it
            return value
        try:
            return self.convert(value)
        except (ValueError, TypeError):
            return value


class PreparedURIParser(OpenAPIURIParser):
    """connexion's OpenAPI URI parser with its per-request rebuilding left out: param_schemas is a property
    that builds a dict of every parameter's schema on each read (twice per parameter a request sends), the
    deepObject pass rebuilds the query dict unchanged when the operation has no deepObject parameter (ours
    have none), and each parameter's resolution is read from its definition once (_Resolution)."""

    def __init__(self, param_defns, body_defn):
        super().__init__(param_defns, body_defn)
        self._schemas = {name: defn.get("schema", {}) for name, defn in self._param_defns.items()}
        self._deep = any(defn.get("style") == "deepObject" for defn in self._param_defns.values())
        self._resolutions = {
            where: {name: _Resolution(name, defn, self._schemas[name], where)
                    for name, defn in self._param_defns.items()}
            for where in ("query", "path")}

    @property
    def param_schemas(self):
        return self._schemas

    def resolve_query(self, query_data):
        return super().resolve_query(query_data) if self._deep else self.resolve_params(query_data, "query")

    def resolve_params(self, params, _in):
        resolutions = self._resolutions.get(_in)
        if resolutions is None:  # a form or a header: connexion's own
            return super().resolve_params(params, _in)
        resolved = {}
        for name, values in params.items():
            resolution = resolutions.get(name)
            if resolution is None:  # undeclared: left to validation, as connexion does
                resolved[name] = values
            else:
                resolved[name] = resolution.resolve([values] if _in == "path" else values)
        return resolved


class _Request:
    """What validation and the handler's arguments read of a request: its query (from query_lists, the same
    {name: [values]} connexion builds) and its path parameters, each resolved by the URI parser once, as a
    ConnexionRequest resolves them. Anything else (connexion's own validation loop reads headers and
    cookies, for operations that declare them) comes from a ConnexionRequest of the same scope, built only
    then: building one for every request (a starlette Request inside) cost more than the two reads."""

    __slots__ = ("scope", "uri_parser", "_query_params", "_path_params", "_full")

    def __init__(self, scope: dict, uri_parser):
        self.scope, self.uri_parser = scope, uri_parser
        self._query_params = self._path_params = self._full = None

    @property
    def query_params(self):
        if self._query_params is None:
            self._query_params = self.uri_parser.resolve_query(query_lists(self.scope))
        return self._query_params

    @property
    def path_params(self):
        if self._path_params is None:
            self._path_params = self.uri_parser.resolve_path(self.scope.get("path_params", {}))
        return self._path_params

    def __getattr__(self, name):
        if self._full is None:
            self._full = ConnexionRequest(self.scope, uri_parser=self.uri_parser)
        return getattr(self._full, name)


class _Argument:
    """One spec parameter as a handler keyword argument: its name and the conversion connexion applies."""

    __slots__ = ("keyword", "schema", "nullable", "has_default", "default")

    def __init__(self, parameter: dict):
        self.keyword = sanitized(parameter["name"])
        self.schema = parameter.get("schema", parameter)
        self.nullable = is_nullable(self.schema)
        self.has_default = "default" in parameter or "default" in self.schema
        self.default = parameter.get("default", self.schema.get("default"))

    def value(self, raw: t.Any) -> t.Any:
        if self.nullable and is_null(raw):
            return None
        kind = self.schema.get("type")
        if kind == "array":
            items = self.schema["items"]
            return [make_type(part, items["type"], items.get("format")) for part in raw]
        return make_type(raw, kind, self.schema.get("format")) if kind else raw


class PreparedValidation(RequestValidationOperation):
    def __init__(self, next_app, *, operation, strict_validation: bool = False, validator_map=None):
        super().__init__(next_app, operation=operation, strict_validation=strict_validation,
                         validator_map=validator_map)
        self._uri_parser = operation.uri_parser_class(operation.parameters, operation.body_definition())
        self._parameters = self._validator_map["parameter"](
            operation.parameters, uri_parser=self._uri_parser, strict_validation=strict_validation,
            security_query_params=self.security_query_params)
        self._has_body = bool(operation.request_body)

    async def __call__(self, scope, receive, send):
        if self._has_body:  # no operation of ours has one: connexion's own path, unprepared
            await super().__call__(scope, receive, send)
            return
        request = _Request(scope, uri_parser=self._uri_parser)
        self._parameters.validate_request(request)
        scope.setdefault("extensions", {})[_PARSED] = request
        await self.next_app(scope, receive, send)


class PreparedValidationAPI(RequestValidationAPI):
    def make_operation(self, operation):
        return PreparedValidation(self.next_app, operation=operation, strict_validation=self.strict_validation,
                                  validator_map=self.validator_map)


class PreparedValidationMiddleware(RequestValidationMiddleware):
    api_cls = PreparedValidationAPI


class PreparedSecurity(SecurityOperation):
    """connexion tries an operation's security alternatives until one passes, and the empty one ({}, anyone)
    always passes: an operation that lists it lets every request through, so no request is built to check.
    With SKIP_AUTH_CHECK (development) every request passes too: unsigned ones reach web.require_user, which
    lets them through with its warning, instead of connexion's 401."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._anyone = any(not requirement for requirement in self.security or ())

    async def __call__(self, scope, receive, send):
        if self._anyone or scope.get("state", {}).get("skip_auth_check"):
            await self.next_app(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


class PreparedSecurityAPI(SecurityAPI):
    def make_operation(self, operation):
        return PreparedSecurity.from_operation(operation, next_app=self.next_app,
                                               security_handler_factory=self.security_handler_factory)


class PreparedSecurityMiddleware(SecurityMiddleware):
    api_cls = PreparedSecurityAPI


class PreparedOperation:
    """Calls the resolved handler with the request's arguments; handlers return Starlette responses."""

    def __init__(self, operation):
        self.fn = operation.function
        self.operation_id = operation.operation_id
        self._uri_parser = operation.uri_parser_class(operation.parameters, operation.body_definition())
        self._path = {p["name"]: _Argument(p) for p in operation.parameters if p["in"] == "path"}
        self._query = {p["name"]: _Argument(p) for p in operation.parameters if p["in"] == "query"}
        self._defaults = [a for a in self._query.values() if a.has_default]

    def arguments(self, request: ConnexionRequest) -> dict:
        """connexion's get_arguments for a request without a body: path arguments, then query arguments
        (the spec's defaults where absent), so a query parameter named like a path one wins, as there."""
        kwargs = {}
        for name, raw in request.path_params.items():
            argument = self._path.get(name)
            kwargs[argument.keyword if argument else sanitized(name)] = argument.value(raw) if argument else raw
        query = request.query_params
        for argument in self._defaults:
            kwargs[argument.keyword] = argument.value(argument.default)
        for name, raw in query.items():
            argument = self._query.get(name)
            if argument is not None:  # an undeclared name is ignored (openaudio_api/app.py)
                kwargs[argument.keyword] = argument.value(raw)
        return kwargs

    async def __call__(self, scope, receive, send):
        request = scope.get("extensions", {}).get(_PARSED) or _Request(scope, uri_parser=self._uri_parser)
        token = _scope.set(scope)
        try:
            response = await self.fn(**self.arguments(request))
        finally:
            _scope.reset(token)
        await response(scope, receive, send)


class PreparedApi(AsyncApi):
    def make_operation(self, operation):
        return PreparedOperation(operation)


class PreparedASGIApp(AsyncASGIApp):
    api_cls = PreparedApi


class PreparedApp(AsyncApp):
    """connexion's AsyncApp with PreparedOperation as the operation; pass PreparedSecurityMiddleware and
    PreparedValidationMiddleware in place of connexion's in its middlewares."""

    def __init__(self, import_name: str, **kwargs):
        # AsyncApp.__init__ does only this and AbstractApp.__init__, with its own ASGI app class.
        self._middleware_app = PreparedASGIApp()
        AbstractApp.__init__(self, import_name, **kwargs)

    def add_api(self, specification: Path, **options) -> None:
        """connexion parses and validates the spec file anew on every add_api: for ours (300 KB) about a
        second of pure-Python YAML and a JSON-schema pass over the whole document, per app. A process now
        does that once per spec file (loaded_specification) and every app it builds shares the result;
        connexion only reads a Specification once loaded (no base_path is passed to change it). Our spec
        has no Jinja syntax, so connexion's template rendering of the file is left out."""
        middleware = self.middleware
        options = middleware.options.replace(**options)
        middleware.apis.append(API(loaded_specification(Path(specification)), base_path=None, name=None,
                                   **options.__dict__))


def loaded_specification(path: Path) -> Specification:
    """The parsed and validated spec of a file as it is now (a changed file is loaded again)."""
    stat = path.stat()
    return _load_specification(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _load_specification(path: Path, _mtime_ns: int, _size: int) -> Specification:
    raw = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Specification.from_dict(raw, base_uri=f"{path.parent}/")
