"""The price history of USDC-gated tracks and albums, as the ETL's Track and Playlist Create and Update write
it (price_history.go), from the metadata sent: for a track, the stream conditions of a stream-gated track,
else the download conditions of a download-gated one; for a playlist, the stream conditions of a
stream-gated one. Only a `usdc_purchase` condition has a price. A genesis replay records it too (the ETL's
replayed Creates share the production write)."""

from __future__ import annotations

import math

from psycopg.types.json import Jsonb

from openaudio_api.indexer.blocks import Rejected
from openaudio_api.indexer.entities import TxContext
from openaudio_api.indexer.entities.common import execute, on_chain


def _gated_conditions(meta: dict, kinds: tuple[str, ...]) -> tuple[str, dict] | None:
    for access in kinds:
        conditions = meta.get(f"{access}_conditions")
        if meta.get(f"is_{access}_gated") is True and isinstance(conditions, dict):
            return access, conditions
    return None


def _price(what: str, usdc: dict) -> dict:
    price = usdc.get("price")
    # A JSON number, truncated as the ETL's metadataMapInt64; anything else refuses the transaction there.
    if isinstance(price, bool) or not isinstance(price, (int, float)) or not math.isfinite(price) \
            or not -2**63 <= price < 2**63:
        raise Rejected(f"{what} usdc_purchase missing or non-int price")
    if "splits" not in usdc:
        raise Rejected(f"{what} usdc_purchase missing splits")
    return {"price": int(price), "splits": Jsonb(usdc["splits"])}


def _usdc(gated: tuple[str, dict] | None) -> dict | None:
    usdc = gated[1].get("usdc_purchase") if gated else None
    return usdc if isinstance(usdc, dict) else None


def record_track_price(ctx: TxContext, track_id: int, meta: dict) -> None:
    gated = _gated_conditions(meta, ("stream", "download"))
    if (usdc := _usdc(gated)) is not None:
        execute(ctx, "track_price_record", on_chain(ctx) | _price(f"track {track_id}", usdc) | {
            "track_id": track_id, "access": gated[0]})


def record_album_price(ctx: TxContext, playlist_id: int, meta: dict) -> None:
    if (usdc := _usdc(_gated_conditions(meta, ("stream",)))) is not None:
        execute(ctx, "album_price_record", on_chain(ctx) | _price(f"playlist {playlist_id}", usdc) | {
            "playlist_id": playlist_id})
