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


class NamingParameterValidator(ParameterValidator):
    @staticmethod
    def validate_parameter(parameter_type, value, param, param_name=None):
        name = param.get("name", param_name)
        if is_nullable(param) and is_null(value):
            return None
        if value is None:
            if param.get("required"):
                # x-missing-message: upstream's own words for this parameter's absence, where it has some.
                return param.get("x-missing-message", f"{name} is required")
            return None
        # PostgreSQL text cannot hold NUL; say so here rather than fail in the database.
        if _has_nul(value):
            return f"{name} is invalid: it contains a NUL character"
        accepts, validator = _validators_of(param.get("schema", param))
        if accepts(value):
            return None
        try:
            validator.validate(value)
        except ValidationError as exc:
            if exc.validator == "maxItems" and not exc.path:  # jsonschema's message would echo the whole list
                return f"{name} is invalid: at most {exc.validator_value} values are allowed, got {len(value)}"
            return param.get("x-invalid-message") or f"{name} is invalid: {exc.message}"
        return None

    def __init__(self, parameters, uri_parser, strict_validation=False, security_query_params=None):
        super().__init__(parameters, uri_parser, strict_validation=strict_validation,
                         security_query_params=security_query_params)
        # An absent parameter that is not required passes whatever its schema (validate_parameter returns at
        # once), so a request's checks are those of the parameters it sent and the required ones, still in the
        # spec's order (the first failing one is named, as connexion would).
        self._query = [(p["name"], bool(p.get("required")), p) for p in self.parameters.get("query", [])]
        self._path = [(p["name"].replace("-", "_"), p) for p in self.parameters.get("path", [])]
        self._other = bool(self.parameters.get("header") or self.parameters.get("cookie"))

    def validate_request(self, request):
        if self.strict_validation or self._other:  # none of ours: connexion's loop over every parameter
            super().validate_request(request)
            return
        query = request.query_params
        for name, required, param in self._query:
            value = query.get(name)
            if value is not None or required:
                error = self.validate_parameter("query", value, param)
                if error:
                    raise BadRequestProblem(detail=error)
        path = request.path_params
        for name, param in self._path:
            error = self.validate_parameter("path", path.get(name), param)
            if error:
                raise BadRequestProblem(detail=error)
