"""The ASGI application: connexion routes and validates every operation from openapi/swagger-v1.yaml."""

from __future__ import annotations

import contextlib
import gc
import logging
import time

from functools import partial

from connexion.middleware import ConnexionMiddleware, MiddlewarePosition
from connexion.middleware.context import ContextMiddleware
from connexion.middleware.request_validation import RequestValidationMiddleware
from connexion.middleware.response_validation import ResponseValidationMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.options import SwaggerUIOptions
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse

from openaudio_api.db import embedded
from openaudio_api.db.pool import Database
from openaudio_api.handlers.health import health
from openaudio_api import errors
from openaudio_api.auth import Authorizer
from openaudio_api.config import SPEC_FILE, Config
from openaudio_api.dispatch import OperationDispatch
from openaudio_api.metrics import Metrics
from openaudio_api.middleware import RequestContextMiddleware, SignatureAuthMiddleware
from openaudio_api.operations import (
    PreparedApp, PreparedSecurityMiddleware, PreparedURIParser, PreparedValidationMiddleware)
from openaudio_api.resolver import TagResolver
from openaudio_api.routing import IndexedRoutingMiddleware, IndexedSwaggerUIMiddleware
from openaudio_api.validation import NamingParameterValidator

log = logging.getLogger("openaudio.app")


def create_app(config: Config | None = None, *, validate_responses: bool | None = None) -> PreparedApp:
    config = config or Config.from_env()
    if validate_responses is None:
        validate_responses = config.validate_responses
    if config.skip_auth_check:
        log.warning("SKIP_AUTH_CHECK is on: any request may act as any user. Never run this in production.")

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        url = config.database_url or embedded.start(config.data_dir)
        db = Database(
            url,
            config.read_replica_urls,
            min_size=config.pool_min,
            max_size=config.pool_max,
            timeout=config.pool_timeout,
            statement_timeout_ms=config.statement_timeout_ms,
        )
        await db.open()
        # The app's long-lived objects (the parsed spec, routes, validators: about 100,000) would otherwise be
        # traversed by every full collection, a ~50 ms pause that showed as the p99 under load.
        gc.freeze()
        try:
            # Lifespan state is copied into every request scope: request.state.db in handlers.
            yield {
                "db": db,
                "started": time.time(),
                "authorizer": Authorizer(config.auth_cache_seconds),
                "skip_auth_check": config.skip_auth_check,
            }
        finally:
            await db.close()
            if not config.database_url:
                # uvicorn re-raises SIGTERM after shutdown, so atexit never runs: release here.
                embedded.release()

    # connexion's stack, with its routers indexed by first path segment (openaudio_api/routing.py), security
    # and validation prepared once per operation (openaudio_api/operations.py) and the signature check after
    # routing and connexion's presence check of the signature schemes, inside the error handlers.
    stack = list(ConnexionMiddleware.default_middlewares)
    stack[stack.index(RoutingMiddleware)] = IndexedRoutingMiddleware
    stack[stack.index(SwaggerUIMiddleware)] = IndexedSwaggerUIMiddleware
    # An operation's request goes from the error handlers straight to its own chain (openaudio_api/dispatch.py).
    stack.insert(stack.index(IndexedSwaggerUIMiddleware), OperationDispatch)
    stack[stack.index(SecurityMiddleware)] = PreparedSecurityMiddleware
    validation = stack.index(RequestValidationMiddleware)
    stack[validation:validation + 1] = [partial(SignatureAuthMiddleware, skip_check=config.skip_auth_check),
                                        PreparedValidationMiddleware]
    if not validate_responses:  # it would only pass each request on, one more dispatch per request
        stack.remove(ResponseValidationMiddleware)
    # It publishes connexion.request and connexion.context for connexion's handler decorators, which
    # PreparedOperation replaces (handlers read openaudio_api.operations.current_scope): nothing reads them.
    stack.remove(ContextMiddleware)
    app = PreparedApp(__name__, lifespan=lifespan, middlewares=stack)
    resolver = TagResolver("openaudio_api.handlers")
    app.add_api(
        SPEC_FILE,
        resolver=resolver,
        # Undeclared query parameters are ignored, as upstream does (a client built from a newer spec keeps
        # working); declared ones are validated strictly all the same.
        strict_validation=False,
        validate_responses=validate_responses,
        validator_map={"parameter": NamingParameterValidator},
        uri_parser_class=PreparedURIParser,
        # The UI shows the contract as served at /v1/swagger.yaml (below), not connexion's re-dumped JSON copy.
        swagger_ui_options=SwaggerUIOptions(
            swagger_ui_path="/ui", swagger_ui_template_arguments={"openapi_spec_url": "/v1/swagger.yaml"}),
    )
    for exc_class, handler in errors.HANDLERS:
        app.add_error_handler(exc_class, handler)
    metrics = Metrics(resolver.spec_ids)
    app.add_middleware(RequestContextMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, metrics=metrics)

    def ops_route(path: str, name: str, endpoint) -> None:
        """A GET route outside the spec; its name is its operation label in the metrics."""
        app.add_url_rule(path, name, endpoint, methods=["GET"])
        metrics.named_paths[path] = name

    # The contract byte for byte, as upstream serves it (connexion's own copy is re-dumped).
    ops_route("/v1/swagger.yaml", "swagger_yaml", lambda _req: FileResponse(SPEC_FILE, media_type="application/yaml"))

    # Upstream serves its Swagger UI at /v1 itself.
    for bare in ("/v1", "/v1/"):
        ops_route(bare, "ui_redirect", lambda _req: RedirectResponse("/v1/ui/"))

    # Load balancers probe /health_check at the root; the spec's copy lives under /v1.
    async def root_health(request: Request):
        return await health(request.state.db, request.state.started)

    ops_route("/health_check", "health_check", root_health)
    ops_route("/metrics", "metrics", metrics.endpoint)
    return app
