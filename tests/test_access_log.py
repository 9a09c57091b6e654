"""The request context every response carries: a request id, the count of named queries, one structured
access line per request; and the query names the signature rule reads however the client spells them."""

import json
import logging
import re
import uuid

from openaudio_api import ids, logs
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
