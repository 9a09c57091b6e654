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
            Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER).validate(value)
        except ValidationError as exc:
            return f"{name} is invalid: {exc.message}"
        return None
