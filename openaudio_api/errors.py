"""One error shape for everything: {"code": N, "error": "..."}, with the HTTP status equal to code.

Handlers raise ApiError; connexion's validation problems, routing misses, database outages and bugs are
all turned into the same shape here, in one place.
"""

from __future__ import annotations

import logging

import orjson
import psycopg
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionResponse
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException

log = logging.getLogger("openaudio.errors")


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def error_response(status: int, message: str, headers: dict | None = None) -> ConnexionResponse:
    # connexion's error-handler wrapper converts a ConnexionResponse, not a Starlette one.
    return ConnexionResponse(
        status_code=status,
        mimetype="application/json",
        body=orjson.dumps({"code": status, "error": message}),
        headers={k: v for k, v in (headers or {}).items() if k.lower() != "content-type"},
    )


def _problem_message(exc: ProblemException) -> str:
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else None
    return detail or exc.title or "error"


def handle_api_error(_request, exc: ApiError) -> ConnexionResponse:
    return error_response(exc.status, exc.message)


def handle_problem(_request, exc: ProblemException) -> ConnexionResponse:
    status = exc.status or 500
    if status >= 500:
        log.error("problem: %s", _problem_message(exc))
    return error_response(status, _problem_message(exc), headers=exc.headers)


def handle_http_exception(request, exc: HTTPException) -> ConnexionResponse:
    message = exc.detail or "error"
    if exc.status_code == 404:
        # Only routing raises it (a missing entity is an ApiError with its own message): say which route, so a
        # client can tell a path this API does not serve from an id that names nothing.
        message = f"no such route: {request.method} {request.url.path}"
    return error_response(exc.status_code, message, headers=exc.headers)


def handle_database_unavailable(_request, exc: Exception) -> ConnexionResponse:
    log.warning("database unavailable: %s", exc)
    return error_response(503, "database unavailable")


def handle_query_timeout(_request, exc: psycopg.errors.QueryCanceled) -> ConnexionResponse:
    # statement_timeout (DB_STATEMENT_TIMEOUT_MS) cancelled it: the database is up but too slow for this
    # request, a gateway timeout rather than an outage.
    log.warning("statement cancelled: %s", exc)
    return error_response(504, "the database did not answer in time")


def handle_bad_data(_request, exc: psycopg.DataError) -> ConnexionResponse:
    # Every value our queries take comes from the request, so a value PostgreSQL rejects is bad input.
    log.warning("database rejected a request value: %s", exc)
    return error_response(400, "a request parameter has a value the database cannot take")


def handle_unexpected(_request, exc: Exception) -> ConnexionResponse:
    log.error("unhandled error", exc_info=exc)
    return error_response(500, "internal server error")


HANDLERS = [
    (ApiError, handle_api_error),
    (ProblemException, handle_problem),
    (HTTPException, handle_http_exception),
    (PoolTimeout, handle_database_unavailable),
    (psycopg.errors.QueryCanceled, handle_query_timeout),
    (psycopg.OperationalError, handle_database_unavailable),
    (psycopg.DataError, handle_bad_data),
    (Exception, handle_unexpected),
]
