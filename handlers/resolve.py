"""Operations tagged `resolve` (upstream's tag for GET /resolve, so the SDKs' ResolveApi)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from starlette.responses import Response

from openaudio_api import ids
from openaudio_api.errors import not_found
from openaudio_api.operations import current_scope
from openaudio_api.web import database, my_id

# The Go API's permalink shapes, tried in this order on the URL's path (its scheme and host dropped).
_TRACK = re.compile(r"^/?(?P<handle>[^/]+)/(?P<slug>[^/]+)$")
_PLAYLIST = re.compile(r"/?(?P<handle>[^/]+)/(?:playlist|album)/(?P<slug>[^/]+)$")
_USER = re.compile(r"^/?(?P<handle>[^/]+)$")


def _redirect(kind: str, entity_id: int) -> Response:
    """302 to the object's own operation, under the prefix the request came by (/v1 or /v1/full), as the Go
    API. Unlike it, the request's other query parameters (user_id, app_name, ...) go along, so a viewer who
    may see an unlisted track reaches it too."""
    scope = current_scope()
    prefix = "/v1/full" if scope["path"].startswith("/v1/full/") else "/v1"
    query = [(k, v) for k, v in _query(scope) if k != "url"]
    location = f"{prefix}/{kind}/{ids.encode(entity_id)}" + (f"?{urlencode(query)}" if query else "")
    return Response(status_code=302, headers={"Location": location})


def _query(scope) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


async def resolve(url: str, user_id: str | None = None, **_):
    """A track, playlist/album or user URL (https://audius.co/... or just its path) -> a redirect to it. A
    hidden track or a private playlist resolves only for whoever getTrack / the playlist would serve."""
    db = database()
    viewer = my_id(user_id)
    path = unquote(urlsplit(url).path)
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    if match := _TRACK.match(path):
        row = await db.fetch_one("resolve_track", {**match.groupdict(), "my_id": viewer})
        if not row:
            raise not_found("Track not found")
        return _redirect("tracks", row["track_id"])
    if match := _PLAYLIST.search(path):
        row = await db.fetch_one("resolve_playlist", {**match.groupdict(), "my_id": viewer})
        if not row:
            raise not_found("Playlist not found")
        return _redirect("playlists", row["playlist_id"])
    if match := _USER.match(path):
        row = await db.fetch_one("get_user_id_by_handle", {"handle": match["handle"]})
        if not row:
            raise not_found("User not found")
        return _redirect("users", row["user_id"])
    raise not_found("URL not found")
