"""Operations tagged `genres` (the newer Go API's /genres/popular)."""

from __future__ import annotations

from datetime import datetime, timezone

from openaudio_api.web import database, respond


async def get_popular_genres(start_time: int = 0, limit: int = 100, offset: int = 0, min_count: int = 1, **_):
    start = datetime.fromtimestamp(start_time, timezone.utc).replace(tzinfo=None)
    params = {"start": start, "limit": limit, "offset": offset, "min_count": min_count}
    rows = await database().fetch_all("get_popular_genres", params)
    return respond([{"name": r["name"], "count": r["count"]} for r in rows])
