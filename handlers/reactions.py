"""Operations tagged `reactions` (issue 21): tip reactions, as the indexer stores them from the chain's
ManageEntity Tip Update (indexer/entities/tips.py)."""

from __future__ import annotations

from openaudio_api import serialize
from openaudio_api.errors import not_found
from openaudio_api.web import database, respond


async def bulk_get_reactions(reacted_to_ids: list[str], type: str | None = None, **_):
    """The latest reaction to each given tip signature; upstream's legacy provider answered only the latest
    of them all (a "bulk" operation of one), and 404 when there is none, as here."""
    wanted = list(dict.fromkeys(reacted_to_ids))
    rows = await database().fetch_all("get_reactions", {"reacted_to": wanted, "type": type})
    if not rows:
        raise not_found(f"Oh no! Resource for ID {','.join(reacted_to_ids)} not found.")
    return respond([serialize.reaction(r) for r in rows])
