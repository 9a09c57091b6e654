"""Request parameter validation messages that name the parameter, in upstream's "<name> is invalid" form.

connexion's own messages are jsonschema dumps that never say which parameter was wrong. A parameter whose
upstream message is known says it in the spec as `x-invalid-message` (path ids: "invalid userId").
"""

from __future__ import annotations

from collections.abc import Callable

import fastjsonschema
from connexion.exceptions import BadRequestProblem
from connexion.validators import ParameterValidator
from connexion.utils import is_null, is_nullable
from jsonschema import Draft4Validator, ValidationError


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


# The spec's parameter schemas live as long as the app: each one's validators are built once, not per request.
# Keyed by id(), with the schema kept alive beside them so an id is never reused for another schema.
# fastjsonschema (compiled to Python, about ten times faster) accepts the valid values; jsonschema, connexion's
# own validator, rules on the rest and words the message. Schemas with a `format` go to jsonschema alone: its
# format checker is connexion's definition of a date, and fastjsonschema's regexes could differ from it.
_validators: dict[int, tuple[dict, Callable[[object], bool], Draft4Validator]] = {}


def _mentions(schema, key: str) -> bool:
    if isinstance(schema, dict):
        return key in schema or any(_mentions(v, key) for v in schema.values())
    return isinstance(schema, list) and any(_mentions(v, key) for v in schema)


def _compiled(schema: dict) -> Callable[[object], bool]:
    if _mentions(schema, "format"):
        return lambda value: False
    check = fastjsonschema.compile({"$schema": "http://json-schema.org/draft-04/schema#", **schema})

    def accepts(value) -> bool:
        try:
            check(value)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return accepts


def _validators_of(schema: dict) -> tuple[Callable[[object], bool], Draft4Validator]:
    cached = _validators.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _validators[id(schema)] = (
            schema, _compiled(schema), Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER))
    return cached[1], cached[2]


class _Check:
    """One parameter's validation as validate_parameter rules, with what it reads of the parameter's
    definition (its name, nullability, messages, compiled validators) read once, not per request."""

    __slots__ = ("name", "param", "nullable", "required", "missing", "accepts", "validator")

    def __init__(self, param: dict, param_name=None):
        self.name = param.get("name", param_name)
        self.param = param
        self.nullable = is_nullable(param)
        self.required = bool(param.get("required"))
        # x-missing-message: upstream's own words for this parameter's absence, where it has some.
        self.missing = param.get("x-missing-message", f"{self.name} is required")
        self.accepts, self.validator = _validators_of(param.get("schema", param))

    def __call__(self, value) -> str | None:
        if self.nullable and is_null(value):
            return None
        if value is None:
            return self.missing if self.required else None
        # PostgreSQL text cannot hold NUL; say so here rather than fail in the database.
        if _has_nul(value):
            return f"{self.name} is invalid: it contains a NUL character"
        if self.accepts(value):
            return None
        try:
            self.validator.validate(value)
        except ValidationError as exc:
            if exc.validator == "maxItems" and not exc.path:  # jsonschema's message would echo the whole list
                return f"{self.name} is invalid: at most {exc.validator_value} values are allowed, got {len(value)}"
            return self.param.get("x-invalid-message") or f"{self.name} is invalid: {exc.message}"
        return None


class NamingParameterValidator(ParameterValidator):
    @staticmethod
    def validate_parameter(parameter_type, value, param, param_name=None):
        return _Check(param, param_name)(value)

    def __init__(self, parameters, uri_parser, strict_validation=False, security_query_params=None):
        super().__init__(parameters, uri_parser, strict_validation=strict_validation,
                         security_query_params=security_query_params)
        # An absent parameter that is not required passes whatever its schema (its check returns at once),
        # so a request's checks are those of the parameters it sent and the required ones, still in the
        # spec's order (the first failing one is named, as connexion would).
        self._query = [(p["name"], _Check(p)) for p in self.parameters.get("query", [])]
        self._path = [(p["name"].replace("-", "_"), _Check(p)) for p in self.parameters.get("path", [])]
        self._other = bool(self.parameters.get("header") or self.parameters.get("cookie"))

    def validate_request(self, request):
        if self.strict_validation or self._other:  # none of ours: connexion's loop over every parameter
            super().validate_request(request)
            return
        query = request.query_params
        for name, check in self._query:
            value = query.get(name)
            if value is not None or check.required:
                error = check(value)
                if error:
                    raise BadRequestProblem(detail=error)
        path = request.path_params
        for name, check in self._path:
            error = check(path.get(name))
            if error:
                raise BadRequestProblem(detail=error)
