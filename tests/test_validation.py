"""Request parameters are accepted by a compiled validator (fastjsonschema) before connexion's own (jsonschema)
is asked: the fast path must never let through a value the spec's validator refuses, for any parameter of any
operation, and must accept what it accepts (else it saves nothing)."""

from __future__ import annotations

import math

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from openaudio_api.config import SPEC_FILE
from openaudio_api.validation import _validators_of


def parameter_schemas() -> list[dict]:
    spec = yaml.safe_load(SPEC_FILE.read_text())
    shared = spec.get("components", {}).get("parameters", {})
    found = []
    for item in spec["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if "$ref" in parameter:
                    parameter = shared[parameter["$ref"].rsplit("/", 1)[1]]
                if parameter["schema"] not in found:
                    found.append(parameter["schema"])
    return found


SCHEMAS = parameter_schemas()
scalars = st.one_of(
    st.integers(min_value=-(2**40), max_value=2**40), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(), st.text(max_size=12), st.sampled_from(["week", "relevant", "date", "true", "\x00"]))
values = st.one_of(scalars, st.lists(scalars, max_size=4))


@settings(max_examples=400, deadline=None)
@given(index=st.integers(min_value=0, max_value=len(SCHEMAS) - 1), value=values)
def test_the_fast_path_accepts_exactly_what_jsonschema_accepts(index, value):
    schema = SCHEMAS[index]
    accepts, validator = _validators_of(schema)
    reference = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER).is_valid(value)
    if accepts(value):
        assert reference, (schema, value)
    elif "format" not in repr(schema) and not (isinstance(value, float) and not math.isfinite(value)):
        assert not reference, (schema, value)  # else the fast path refused a valid value: no speed-up
    assert validator.is_valid(value) == reference


def test_every_kind_of_parameter_schema_is_covered():
    kinds = {s.get("type") for s in SCHEMAS}
    assert {"string", "integer", "number", "boolean", "array"} <= kinds and len(SCHEMAS) >= 15
