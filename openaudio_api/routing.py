"""connexion's two routers (the operation router and the Swagger UI's), indexed by the shape of the paths each
route can match.

Starlette's Router tries its routes in order, a regular expression each, until one matches; connexion's routing
middleware and its Swagger UI middleware each hold such a router, so a request for an operation late in the
spec was tried against some 25 routes, about a fifth of the server's CPU per request for getUserChallenges
(profiled with the database answered from memory); indexed by first segment alone, a users operation still
met up to 18 of the 45 users routes. A route can only match a request with its own number of segments and
its literal first and last segments ("/users/{id}/mutuals": 3 segments, "users" ... "mutuals"; a parameter
matches one non-empty segment, so any text there), so each such key gets a Router of just the routes that
could match it, in their original order, with the original default: a request meets the same first match,
the same 405 for a path that matches with another method, and the same slash redirect as before (trailing
slashes are not part of the key), only without the routes that could never have matched. A request that no
route could match goes to the default at once: the Swagger UI router passes an operation's request on
without trying a route.

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
hyphens). The index reads `-` as `_` in the segments it keys on, so an alias finds its route too.
"""

from __future__ import annotations

import re

from connexion.middleware.routing import RoutingAPI, RoutingMiddleware, _scope
from connexion.middleware.swagger_ui import SwaggerUIAPI, SwaggerUIMiddleware
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Mount, Route, Router


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


def _key(path: str) -> tuple[str, int, str]:
    """What a path is indexed by: its first segment, its number of segments and its last segment, trailing
    slashes aside (so a path and its slash-toggled form, which the router's redirect tries, share a key),
    with `-` read as `_` (a separator alias has the same key as its route). ("users", 3, "challenges") for
    "/users/7eP5n/challenges"; ("", 0, "") for "/" and ""."""
    parts = path.rstrip("/").split("/")[1:]
    if not parts:
        return "", 0, ""
    return parts[0].replace("-", "_"), len(parts), parts[-1].replace("-", "_")


def _route_key(route: BaseRoute) -> tuple[str | None, int | None, str | None]:
    """The key of the requests the route can match, None where it can match any value: a parameter segment
    (one segment, never empty, never holding a `/`) matches any text there; a Mount matches any number of
    segments below its own path; a route of another kind (or a `:path` parameter) could match anything."""
    path = getattr(route, "path", None)
    # A Mount of "" (or "/") has no leading slash: it matches everything, as a route of another kind may.
    if not isinstance(route, (Route, Mount)) or not isinstance(path, str) or not path.startswith("/") \
            or ":path}" in path:
        return None, None, None
    first, count, last = _key(path)

    def literal(segment: str) -> str | None:
        return None if "{" in segment else segment

    if isinstance(route, Mount):
        return (literal(first) if count else None), None, None
    return literal(first), count, literal(last)


class SegmentRouter:
    """A Router's routes indexed by the key of the requests each could match (_key): a request is tried only
    against the routes whose key covers its own, each group a Router of its own, in the original order and
    with the original default."""

    def __init__(self, router: Router):
        self.routes = router.routes  # Mount.routes and url_path_for read them
        self._router = router
        self._keys = [_route_key(route) for route in router.routes]
        # Request keys are reduced to the values some route names, so the groups are bounded by the spec,
        # not by the requests.
        self._firsts = {k[0] for k in self._keys if k[0] is not None}
        self._counts = {k[1] for k in self._keys if k[1] is not None}
        self._lasts = {k[2] for k in self._keys if k[2] is not None}
        self._groups: dict[tuple, Router] = {}

    def _group(self, key: tuple) -> Router:
        first, count, last = key
        routes = [route for route, (f, n, l) in zip(self.routes, self._keys)
                  if f in (None, first) and n in (None, count) and l in (None, last)]
        return Router(routes=routes, redirect_slashes=self._router.redirect_slashes, default=self._router.default)

    def router_for(self, path: str) -> Router:
        first, count, last = _key(path)
        key = (first if first in self._firsts else None, count if count in self._counts else None,
               last if last in self._lasts else None)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = self._group(key)
        return group

    async def __call__(self, scope, receive, send):
        router = self.router_for(get_route_path(scope))
        if router.routes:
            await router(scope, receive, send)
        else:  # what the Router does with no route to try: its default (the Swagger UI's, for an operation)
            await router.default(scope, receive, send)


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
    finds no route under its key and goes on at once."""

    def add_api(self, specification, base_path=None, arguments=None, **kwargs) -> None:
        api = SwaggerUIAPI(specification, base_path=base_path, arguments=arguments, default=self.default_fn,
                           **kwargs)
        self.router.mount(api.base_path, app=SegmentRouter(api.router))
