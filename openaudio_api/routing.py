"""connexion's two routers (the operation router and the Swagger UI's), indexed by the first path segment.

Starlette's Router tries its routes in order, a regular expression each, until one matches; connexion's routing
middleware and its Swagger UI middleware each hold such a router, so a request for an operation late in the
spec was tried against some 25 routes, about a fifth of the server's CPU per request for getUserChallenges
(profiled with the database answered from memory). A route whose path starts with a literal segment
("/users/...") can only match a request whose path starts with that same segment, so each segment gets a
Router of just the routes that could match it, in their original order, with the original default: a request
meets the same first match, the same 405 for a path that matches with another method, and the same slash
redirect as before, only without the routes that could never have matched.

The spec's further servers (`/v1/full`, as upstream serves every operation under both prefixes) are aliases
of its first: a request under one is routed as the same path under `/v1`, through the same routes, and the
operation then sees the request as it came (its path, with the routed path parameters). A request that
matches no operation goes on unchanged, so only operations are served under an alias (not /v1/swagger.yaml,
nor the Swagger UI). The cost for a `/v1` request is one prefix test.

Separator aliases: upstream's Go router registers some paths twice, once with `_` and once with `-` in
their literal words (`/tracks/:trackId/top_listeners` and `/top-listeners`). A path item of the spec that
says `x-separator-aliases: true` is served under both spellings: its route's pattern takes `_` or `-`
wherever the literal text has either, so the one route (one operation, one set of parameters and
validation) answers both, and no second route table exists. Path parameters are untouched (a slug keeps its
hyphens). The segment index files a first segment under its `_` spelling, so an alias of the first segment
finds its route too.
"""

from __future__ import annotations

import re

from connexion.middleware.routing import RoutingAPI, RoutingMiddleware, _scope
from connexion.middleware.swagger_ui import SwaggerUIAPI, SwaggerUIMiddleware
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Mount, Router


def _first_segment(path: str) -> str:
    """"users" for "/users/7eP5n/challenges"; "" for "/" and "" (paths here start with "/" or are empty).
    Spelled with `_` for `-`, so that a separator alias files under the same segment as its route."""
    parts = path.split("/", 2)
    return parts[1].replace("-", "_") if len(parts) > 1 else ""


SEPARATOR_ALIASES = "x-separator-aliases"
_PARAMETER_GROUP = re.compile(r"(\(\?P<\w+>(?:[^()]|\([^()]*\))*\))")


def aliased_paths(specification) -> set[str]:
    """The spec's paths whose literal words are served with `_` and `-` alike (SEPARATOR_ALIASES)."""
    return {path for path, item in specification.raw.get("paths", {}).items() if item.get(SEPARATOR_ALIASES)}


def _spec_path(route_path: str) -> str:
    """The spec's form of a starlette route path: "/a/{id:path}" -> "/a/{id}"."""
    return re.sub(r"\{(\w+):[^}]*\}", r"{\1}", route_path)


def widen_separators(route: BaseRoute) -> None:
    """Let the route's literal text match `_` or `-` wherever it has either; its parameters' patterns
    (named groups) stay as they are."""
    parts = _PARAMETER_GROUP.split(route.path_regex.pattern)
    widened = "".join(part if i % 2 else re.sub(r"_|\\-|-", "[_-]", part) for i, part in enumerate(parts))
    route.path_regex = re.compile(widened, route.path_regex.flags)


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


class _Mount(Mount):
    """A Mount whose path parameter takes any character: starlette's `.*` stops at a newline, so a path id
    holding one ("/v1/users/a%0Ab") would match no operation (404) instead of failing its pattern (400)."""

    def __init__(self, path: str, app) -> None:
        super().__init__(path, app=app)
        self.path_regex = re.compile(self.path_regex.pattern, re.DOTALL)


def alias_prefixes(specification, base_path: str) -> dict[str, str]:
    """The spec's servers after the first, each as "<alias>/" -> "<base path>/" ({"/v1/full/": "/v1/"})."""
    urls = [server["url"].rstrip("/") for server in specification.raw.get("servers", [])[1:]]
    return {f"{url}/": f"{base_path}/" for url in urls if url != base_path}


class IndexedRoutingMiddleware(RoutingMiddleware):
    """connexion's RoutingMiddleware with the API's operations behind a SegmentRouter, also reached under the
    spec's alias servers."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.aliases: dict[str, str] = {}

    def add_api(self, specification, base_path=None, arguments=None, **kwargs) -> None:
        api = RoutingAPI(specification, base_path=base_path, arguments=arguments, next_app=self.app, **kwargs)
        aliased = aliased_paths(specification)
        for route in api.router.routes:
            if _spec_path(getattr(route, "path", "")) in aliased:
                widen_separators(route)
        # connexion chains a second API on the same base path behind the first; we serve one API.
        assert all(getattr(r, "path", None) != api.base_path for r in self.router.routes), "one API per base path"
        self.router.routes.append(_Mount(api.base_path, app=SegmentRouter(api.router)))
        self.aliases.update(alias_prefixes(specification, api.base_path))

    def routed_path(self, path: str) -> str:
        """The path a request is routed as: an alias server's path as the same path under the base path."""
        for alias, base in self.aliases.items():
            if path.startswith(alias):
                return base + path[len(alias):]
        return path

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # As RoutingMiddleware.__call__: the operation (or, with no match, the next app) is handed this copy
        # of the request's scope, so it sees the path as requested; only the router sees the routed path.
        _scope.set(scope.copy())
        path = scope["path"]
        routed = self.routed_path(path)
        await self.router(scope if routed is path else {**scope, "path": routed}, receive, send)


class IndexedSwaggerUIMiddleware(SwaggerUIMiddleware):
    """connexion's SwaggerUIMiddleware with its routes behind a SegmentRouter: a request for an operation
    finds no route under its first segment and goes on at once."""

    def add_api(self, specification, base_path=None, arguments=None, **kwargs) -> None:
        api = SwaggerUIAPI(specification, base_path=base_path, arguments=arguments, default=self.default_fn,
                           **kwargs)
        self.router.mount(api.base_path, app=SegmentRouter(api.router))
