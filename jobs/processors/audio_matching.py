"""b / s: audio matching buyer and seller (aggregate, complete at once), one row per valid USDC purchase.

Source: the view v_usdc_purchases (db/functions/v_usdc_purchases.sql: what a valid purchase is), read by
slot since the checkpoint (`challenges:b:last_slot`, `challenges:s:last_slot`), as the Go API.
dollars = amount in micro-USDC // 10^6, truncated: the Go API's integer division, and legacy's
int(round(price) / 1e6); a purchase under one dollar mints nothing. Amount = catalog amount × dollars
(b: 1, s: 5). Specifier `<hex_buyer>:<hex_content_id>` for both; b goes to the buyer, s to the seller (the
content owner), who must be verified. Two purchases of the same content by the same buyer (stream, then
download) share the specifier: the earliest one counts.
"""

from __future__ import annotations

from openaudio_api.jobs.processors.incremental import upserting


def _processor(challenge_id: str, for_buyer: bool):
    return upserting(challenge_id, ("marks_usdc_purchases",), "audio_matching_candidates",
                     checkpoint_kind="last_slot", for_buyer=for_buyer)


BUYER = _processor("b", for_buyer=True)
SELLER = _processor("s", for_buyer=False)
