"""connexion's two routers (the operation router and the Swagger UI's), indexed by the first path segment.

Starlette's Router tries its routes in order, a regular expression each, until one matches; connexion's routing
middleware and its Swagger UI middleware each hold such a router, so a request for an operation late in the
spec was tried against some 25 routes, about a fifth of the server's CPU per request for getUserChallenges
(profiled with the database answered from memory). A route whose path starts with a literal segment
("/users/...") can only match a request whose path starts with that same segment, so each segment gets a
Router of just the routes that could match it, in their original order, with the original default: a request
meets the same first match, the same 405 for a path that matches with another method, and the same slash
redirect as before, only without the routes that could never have matched.
"""

from __future__ import annotations

from connexion.middleware.routing import RoutingAPI, RoutingMiddleware
from connexion.middleware.swagger_ui import SwaggerUIAPI, SwaggerUIMiddleware
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Router


def _first_segment(path: str) -> str:
    """"users" for "/users/7eP5n/challenges"; "" for "/" and "" (paths here start with "/" or are empty)."""
    parts = path.split("/", 2)
    return parts[1] if len(parts) > 1 else ""


def _literal_segment(route: BaseRoute) -> str | None:
    """The route's first path segment if it is literal text; None if it holds a path parameter (or the
    route has no path), so that it can match any first segment."""
    path = getattr(route, "path", None)
    if not path or not path.startswith("/"):
        return None
    segment = _first_segment(path)
    return None if "{" in segment else segment


class SegmentRouter:
    """A Router's routes split by first path segment; each part is a Router of its own."""

    def __init__(self, router: Router):
        self.routes = router.routes  # Mount.routes and url_path_for read them
        segments = [_literal_segment(route) for route in router.routes]

        def part(segment: str | None) -> Router:
            routes = [r for r, s in zip(router.routes, segments) if s is None or s == segment]
            return Router(routes=routes, redirect_slashes=router.redirect_slashes, default=router.default)

        self._parts = {segment: part(segment) for segment in set(segments) if segment is not None}
        self._other = part(None)

    def router_for(self, path: str) -> Router:
        return self._parts.get(_first_segment(path), self._other)

    async def __call__(self, scope, receive, send):
        await self.router_for(get_route_path(scope))(scope, receive, send)


class IndexedRoutingMiddleware(RoutingMiddleware):
    """connexion's RoutingMiddleware with the API's operations behind a SegmentRouter."""

    def add_api(self, specification, base_path=None, arguments=None, **kwargs) -> None:
        api = RoutingAPI(specification, base_path=base_path, arguments=arguments, next_app=self.app, **kwargs)
        # connexion chains a second API on the same base path behind the first; we serve one API.
        assert all(getattr(r, "path", None) != api.base_path for r in self.router.routes), "one API per base path"
        self.router.mount(api.base_path, app=SegmentRouter(api.router))


class IndexedSwaggerUIMiddleware(SwaggerUIMiddleware):
    """connexion's SwaggerUIMiddleware with its routes behind a SegmentRouter: a request for an operation
    finds no route under its first segment and goes on at once."""

    def add_api(self, specification, base_path=None, arguments=None, **kwargs) -> None:
        api = SwaggerUIAPI(specification, base_path=base_path, arguments=arguments, default=self.default_fn,
                           **kwargs)
        self.router.mount(api.base_path, app=SegmentRouter(api.router))
