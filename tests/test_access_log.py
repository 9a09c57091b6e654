"""The request context every response carries: a request id, the count of named queries, one structured
access line per request; and the query names the signature rule reads however the client spells them."""

import io
import json
import logging
import re
import uuid

import pytest

from openaudio_api import ids, logs, middleware
from tests import factory

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def _access(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "openaudio.access"]


def test_every_request_gets_one_access_line_with_its_outcome(raw_client, caplog):
    with caplog.at_level("INFO", logger="openaudio.access"):
        ok = raw_client.get("/v1/tracks/trending")
        missing = raw_client.get("/v1/no/such/route")
        bad = raw_client.get("/v1/tracks/trending", params={"limit": "many"})
    assert (ok.status_code, missing.status_code, bad.status_code) == (200, 404, 400)
    lines = _access(caplog)
    assert [(r.method, r.path, r.status) for r in lines] == [
        ("GET", "/v1/tracks/trending", 200), ("GET", "/v1/no/such/route", 404), ("GET", "/v1/tracks/trending", 400)]
    for record, response in zip(lines, (ok, missing, bad)):
        assert record.request_id == response.headers["x-request-id"]
        assert record.queries == int(response.headers["x-query-count"])
        assert record.ms >= 0
    assert lines[0].queries >= 1 and lines[2].queries == 0  # a rejected request reaches no query


def test_a_valid_request_id_is_kept_and_any_other_replaced(raw_client):
    kept = raw_client.get("/v1/tracks/trending", headers={"x-request-id": "lb-7.abc:9"})
    assert kept.headers["x-request-id"] == "lb-7.abc:9"
    for bad in ("", "has space", "x" * 129, "semi;colon"):
        replaced = raw_client.get("/v1/tracks/trending", headers={"x-request-id": bad})
        assert UUID.fullmatch(replaced.headers["x-request-id"]), bad
    first, second = (raw_client.get("/v1/tracks/trending").headers["x-request-id"] for _ in range(2))
    assert first != second


def test_a_line_is_one_json_object_with_a_utc_millisecond_timestamp():
    formatter = logs.JsonFormatter()
    record = logging.makeLogRecord({"name": "openaudio.access", "levelname": "INFO", "msg": "request",
                                    "created": 1764547200.042, "msecs": 42.0, "status": 200,
                                    "request_id": str(uuid.uuid4())})
    line = json.loads(formatter.format(record))
    assert line["ts"] == "2025-12-01T00:00:00.042Z" and line["level"] == "info" and line["status"] == 200
    later = logging.makeLogRecord({"msg": "x", "levelname": "INFO", "created": 1764547261.5, "msecs": 500.0})
    assert json.loads(formatter.format(later))["ts"] == "2025-12-01T00:01:01.500Z"  # a new second, a new prefix
    again = logging.makeLogRecord({"msg": "x", "levelname": "INFO", "created": 1764547200.9, "msecs": 900.0})
    assert json.loads(formatter.format(again))["ts"] == "2025-12-01T00:00:00.900Z"


def test_a_percent_escaped_user_id_is_still_the_user_id(raw_client, conn):
    """The signature middleware reads the query as parsed once for every layer (operations.query_lists), so
    a name spelled with percent escapes is the same name to it as to validation and the handler."""
    hid = ids.encode(factory.user(conn, 1))
    plain = raw_client.get(f"/v1/tracks/trending?user_id={hid}")
    escaped = raw_client.get(f"/v1/tracks/trending?user%5Fid={hid}")
    unspelled = raw_client.get(f"/v1/tracks/trending?%75%73%65%72_id={hid}")  # no "user" in the raw query
    assert plain.status_code == escaped.status_code == unspelled.status_code == 403
    assert unspelled.json() == escaped.json() == plain.json() == {
        "code": 403, "error": "You are not authorized to make this request authedWallet= myId=1"}
    signed = raw_client.get(f"/v1/tracks/trending?user%5Fid={hid}", headers=factory.signature_headers(1))
    assert signed.status_code == 200


@pytest.fixture
def configured_logging():
    """The server's own logging setup (logs.configure, as `serve` runs it), its lines caught in a buffer;
    everything it changes is put back after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logs._Configured.handler, logging._srcfile)
    logs.configure("INFO")
    stream = io.StringIO()
    logs._Configured.handler.setStream(stream)
    yield stream
    root.handlers[:], _, logs._Configured.handler, logging._srcfile = saved
    root.setLevel(saved[1])


def _only_configured() -> None:
    """The root logger as `serve` leaves it: the configured handler alone (pytest adds its capture handlers
    for each test's call phase; removing one it added is a no-op for it afterwards)."""
    logging.getLogger().handlers[:] = [logs._Configured.handler]


def _lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_the_configured_access_line_is_the_formatters_line(raw_client, configured_logging):
    """Written straight to the configured handler (logs.InfoLines), the line is what the JSON formatter
    makes of the same record: the same keys in the same order, the same timestamp form."""
    _only_configured()
    assert logs.InfoLines("openaudio.access")._direct() is logs._Configured.handler
    response = raw_client.get("/v1/tracks/trending")
    (line,) = [entry for entry in _lines(configured_logging) if entry["logger"] == "openaudio.access"]
    assert list(line) == ["ts", "level", "logger", "msg", "request_id", "method", "path", "status", "ms", "queries"]
    assert (line["level"], line["msg"], line["path"], line["status"]) == ("info", "request", "/v1/tracks/trending",
                                                                          200)
    assert line["request_id"] == response.headers["x-request-id"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["ts"])
    record = logging.makeLogRecord({"name": "openaudio.access", "levelname": "INFO", "msg": "request",
                                    **{k: v for k, v in line.items() if k not in ("ts", "level", "logger", "msg")}})
    formatted = json.loads(logs.JsonFormatter().format(record))
    assert {k: v for k, v in formatted.items() if k != "ts"} == {k: v for k, v in line.items() if k != "ts"}
    assert list(formatted) == list(line)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_any_other_handler_still_gets_the_access_record(raw_client, configured_logging):
    """A handler added beside the configured one (a test's capture, an embedding application's) receives
    the record through logging, and the configured stream still gets its one line."""
    _only_configured()
    other = _Records()
    logging.getLogger("openaudio").addHandler(other)
    try:
        raw_client.get("/v1/tracks/trending")
    finally:
        logging.getLogger("openaudio").removeHandler(other)
    assert [r.path for r in other.records if r.name == "openaudio.access"] == ["/v1/tracks/trending"]
    assert [e["path"] for e in _lines(configured_logging) if e["logger"] == "openaudio.access"] == [
        "/v1/tracks/trending"]


def test_a_raised_level_silences_the_access_line(raw_client, configured_logging):
    _only_configured()
    logging.getLogger().setLevel("WARNING")
    raw_client.get("/v1/tracks/trending")
    assert not [e for e in _lines(configured_logging) if e["logger"] == "openaudio.access"]


def test_a_new_request_id_is_a_random_uuid4():
    drawn = [middleware.new_request_id() for _ in range(5000)]
    assert len(set(drawn)) == len(drawn)
    for value in drawn:
        parsed = uuid.UUID(value)
        assert UUID.fullmatch(value) and str(parsed) == value
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # Every one of the 122 random bits takes both values.
    ones = 0
    for value in drawn:
        ones |= uuid.UUID(value).int
    zeros = 0
    for value in drawn:
        zeros |= ~uuid.UUID(value).int & ((1 << 128) - 1)
    assert bin(ones & zeros).count("1") == 122
