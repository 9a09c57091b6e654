"""The plays bridge: every new etl_plays row becomes a `plays` row, the table the API and the aggregates
read (upstream's ETL wrote only etl_plays, which nothing read).

Mapping (Go API plays hook): play_item_id = the integer track id, user_id = the integer user id or NULL for
an anonymous listen, source 'relay', slot = block height, created_at = the play's time. A track id that is
not a positive int32 cannot be a play of a track: it is skipped, counted and logged with its height and
transaction. ON CONFLICT on the relayed play's natural key makes a play that another writer already
inserted a no-op, so only plays really inserted reach the plays trigger.
"""

from __future__ import annotations

from pathlib import Path

from openaudio_api.db.queries import loader
from openaudio_api.indexer.hooks import PlaysParams, register_plays_hook

sql = loader(Path(__file__).resolve().parent / "sql")


@register_plays_hook
def bridge_plays(params: PlaysParams) -> None:
    for height, tx_hash, index, track_id in params.conn.execute(sql("bridge_skipped_plays")).fetchall():
        params.log.warning("play skipped: track id is not an integer",
                           extra={"height": height, "tx_hash": tx_hash, "play_index": index, "track_id": track_id})
        params.skipped.append((height, tx_hash, index, f"track id {track_id!r} is not an integer id"))
    params.conn.execute(sql("bridge_plays"))
