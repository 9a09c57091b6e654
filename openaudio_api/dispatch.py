"""An operation's request handed straight to its own pipeline, once routed, instead of down connexion's chain.

connexion passes every request down its middleware chain: the Swagger UI's router, the routing middleware's
router (a Mount, then the routes of the request's shape), then each spec middleware (security, validation,
response validation when on, the app) looks the operation up again by its id in its own table, with the
signature check and the lifespan middleware between them. Each of those layers is an awaited call, a scope
copy or a table lookup, and together they were a large part of the fixed cost the load bench measures
against its bare baseline (getSubscribers, getCommentReplies: ~0.66 of it).

OperationDispatch sits right inside the error handlers. On the first request it reads the chain connexion
built and makes, for every operation, the chain of that operation alone: the per-operation objects connexion
made (its security check, its validation, its response validation, its handler call), each a shallow copy
whose next step is the next of these, with the plain middlewares between them (the signature check) copied
the same way. A request is then routed once, by the same routes in the same order (openaudio_api.routing's
index, under the same alias servers), and, when a route fully matches, given the very scope connexion's
RoutingOperation would pass on (a copy of the request's scope, the routed path parameters, the operation in
scope["extensions"]) and sent to its operation's chain. Anything else (no route, a route that matches with
another method, a redirect, the Swagger UI, the routes outside the spec) goes down connexion's chain as
before, so its answers are connexion's own.
"""

from __future__ import annotations

import copy

from connexion.apps.asynchronous import AsyncASGIApp
from connexion.middleware.abstract import ROUTING_CONTEXT, RoutedMiddleware
from connexion.middleware.lifespan import LifespanMiddleware
from starlette._utils import get_route_path
from starlette.routing import Mount

from openaudio_api.routing import IndexedRoutingMiddleware, IndexedSwaggerUIMiddleware, SegmentRouter


class _Mounted:
    """One API's Mount in the routing middleware: its base path, its routes' index, and what each route leads
    to (its operation and that one's chain, keyed by the route's id: routes live as long as the app)."""

    __slots__ = ("base_path", "prefix", "index", "pipelines")

    def __init__(self, mount: Mount, pipelines: dict):
        self.base_path = mount.path
        self.prefix = mount.path + "/"  # what the Mount's pattern requires of a path
        self.index: SegmentRouter = mount.app
        self.pipelines = pipelines


def _chain(app) -> list:
    """The apps of connexion's chain from `app` on, each the next of the one before, to the app that calls
    the handlers."""
    apps = []
    while app is not None and app not in apps:
        apps.append(app)
        if isinstance(app, AsyncASGIApp):
            break
        app = getattr(app, "next_app", None) if isinstance(app, LifespanMiddleware) else getattr(app, "app", None)
    return apps


def _operation_pipeline(stages: list, base_path: str, operation_id: str):
    """The operation's own chain: each stage's object for it, last first, each copy's next the one after.
    None when a spec middleware has no object for it (it would pass the request on: not the fast path)."""
    following = None
    for stage in reversed(stages):
        if isinstance(stage, RoutedMiddleware):
            operation = next((api.operations[operation_id] for api in stage.apis.get(base_path, ())
                              if operation_id in api.operations), None)
            if operation is None:
                return None
            if following is None:  # the app's operation: the handler call, the end of the chain
                following = operation
                continue
            step = copy.copy(operation)
            step.next_app = following
        else:
            step = copy.copy(stage)
            step.app = following
        following = step
    return following


class OperationDispatch:
    """Placed right after the error handlers, before connexion's Swagger UI middleware (its `app`)."""

    def __init__(self, app):
        self.app = app
        self._routing: IndexedRoutingMiddleware | None = None
        self._mounted: list[_Mounted] | None = None

    def _build(self) -> None:
        apps = _chain(self.app)
        kinds = [type(app) for app in apps]
        self._mounted = []
        routing_at = next((i for i, app in enumerate(apps) if isinstance(app, IndexedRoutingMiddleware)), None)
        # Only the chain this module knows how to shorten: the Swagger UI's router (which passes every
        # operation's request on), then the routing middleware, then the spec middlewares and plain ones,
        # ending with the app. Any other shape keeps connexion's whole chain for every request.
        if routing_at is None or not all(issubclass(k, IndexedSwaggerUIMiddleware) for k in kinds[:routing_at]) \
                or not isinstance(apps[-1], AsyncASGIApp):
            return
        self._routing = apps[routing_at]
        # For http the lifespan middleware only passes the request on.
        stages = [app for app in apps[routing_at + 1:] if not isinstance(app, LifespanMiddleware)]
        for route in self._routing.router.routes:
            if not (isinstance(route, Mount) and isinstance(route.app, SegmentRouter)):
                continue
            pipelines = {}
            for operation_route in route.app.routes:
                operation_id = getattr(getattr(operation_route, "endpoint", None), "operation_id", None)
                pipeline = operation_id and _operation_pipeline(stages, route.path, operation_id)
                if pipeline:
                    pipelines[id(operation_route)] = (operation_id, pipeline)
            self._mounted.append(_Mounted(route, pipelines))

    def _route(self, scope):
        """(operation id, its pipeline, path parameters, base path) of the operation a route fully matches,
        else None. What the Mount and then the Route of starlette's routers would compute (the path under the
        Mount's, the first route in order whose pattern and method match, its converted parameters), without
        building their child scopes: the routes tried are the same, their patterns are the same."""
        path = scope["path"]
        routed = self._routing.routed_path(path)
        route_path = get_route_path(scope if routed is path else {**scope, "path": routed})
        method = scope["method"]
        for mounted in self._mounted:
            if not route_path.startswith(mounted.prefix):
                continue
            inner = route_path[len(mounted.base_path):]
            for route in mounted.index.router_for(inner).routes:
                match = route.path_regex.match(inner)
                if match is None or (route.methods and method not in route.methods):
                    continue  # a method mismatch is starlette's PARTIAL: a later route may still match fully
                entry = mounted.pipelines.get(id(route))
                if entry is None:
                    return None
                convertors = route.param_convertors
                params = {name: convertors[name].convert(value) for name, value in match.groupdict().items()}
                return entry[0], entry[1], params, mounted.base_path
            return None
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            if self._mounted is None:
                self._build()
            routed = self._route(scope) if self._routing is not None else None
            if routed is not None:
                operation_id, pipeline, path_params, base_path = routed
                # What connexion's RoutingOperation passes on: a copy of the request's scope with the routed
                # path parameters and the operation named in its extensions (shared with the request's).
                scope = scope.copy()
                scope["path_params"] = {**scope.get("path_params", {}), **path_params}
                extensions = scope.setdefault("extensions", {})
                extensions.setdefault(ROUTING_CONTEXT, {}).update(
                    {"api_base_path": base_path, "operation_id": operation_id})
                await pipeline(scope, receive, send)
                return
        await self.app(scope, receive, send)
