"""Request parameter validation messages that name the parameter, in upstream's "<name> is invalid" form.

connexion's own messages are jsonschema dumps that never say which parameter was wrong.
"""

from __future__ import annotations

from connexion.validators import ParameterValidator
from connexion.utils import is_null, is_nullable
from jsonschema import Draft4Validator, ValidationError


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


# The spec's parameter schemas live as long as the app: build each one's validator once, not per request
# (building one costs about twice the validation itself). Keyed by id(), with the schema kept alive beside its
# validator so an id is never reused for another schema.
_validators: dict[int, tuple[dict, Draft4Validator]] = {}


def _validator(schema: dict) -> Draft4Validator:
    cached = _validators.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _validators[id(schema)] = (schema, Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER))
    return cached[1]


class NamingParameterValidator(ParameterValidator):
    @staticmethod
    def validate_parameter(parameter_type, value, param, param_name=None):
        name = param.get("name", param_name)
        if is_nullable(param) and is_null(value):
            return None
        if value is None:
            if param.get("required"):
                return f"{name} is required"
            return None
        # PostgreSQL text cannot hold NUL; say so here rather than fail in the database.
        if _has_nul(value):
            return f"{name} is invalid: it contains a NUL character"
        schema = param.get("schema", param)
        try:
            _validator(schema).validate(value)
        except ValidationError as exc:
            return f"{name} is invalid: {exc.message}"
        return None
