"""The price history of USDC-gated tracks, as the ETL's Track Create and Update write it (price_history.go):
from the metadata sent, the stream conditions of a stream-gated track, else the download conditions of a
download-gated one; only a `usdc_purchase` condition has a price. A genesis replay records it too (the ETL's
replayed Create shares the production write)."""

from __future__ import annotations

import math

from psycopg.types.json import Jsonb

from openaudio_api.indexer.blocks import Rejected
from openaudio_api.indexer.entities import TxContext
from openaudio_api.indexer.entities.common import execute, on_chain


def _gated_conditions(meta: dict) -> tuple[str, dict] | None:
    for access, flag, key in (("stream", "is_stream_gated", "stream_conditions"),
                              ("download", "is_download_gated", "download_conditions")):
        if meta.get(flag) is True and isinstance(meta.get(key), dict):
            return access, meta[key]
    return None


def record_track_price(ctx: TxContext, track_id: int, meta: dict) -> None:
    gated = _gated_conditions(meta)
    usdc = gated[1].get("usdc_purchase") if gated else None
    if not isinstance(usdc, dict):
        return
    price = usdc.get("price")
    # A JSON number, truncated as the ETL's metadataMapInt64; anything else refuses the transaction there.
    if isinstance(price, bool) or not isinstance(price, (int, float)) or not math.isfinite(price) \
            or not -2**63 <= price < 2**63:
        raise Rejected(f"track {track_id} usdc_purchase missing or non-int price")
    if "splits" not in usdc:
        raise Rejected(f"track {track_id} usdc_purchase missing splits")
    execute(ctx, "track_price_record", on_chain(ctx) | {
        "track_id": track_id, "price": int(price), "splits": Jsonb(usdc["splits"]), "access": gated[0]})
