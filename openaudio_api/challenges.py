"""Challenge rows (db/queries/get_user_challenges.sql, get_undisbursed_challenges.sql) in upstream's wire
shapes: ids as hashids, amounts as strings, times in Go's time.Time form."""

from __future__ import annotations

from openaudio_api import ids
from openaudio_api.serialize import time_text


def user_challenge(row: dict, user_id: int) -> dict:
    return {
        "challenge_id": row["challenge_id"],
        "user_id": ids.encode(user_id),
        "specifier": row["specifier"],
        "is_complete": row["is_complete"],
        "is_active": row["is_active"],
        "is_disbursed": row["is_disbursed"],
        "current_step_count": row["current_step_count"],
        "max_steps": row["max_steps"],
        "challenge_type": row["challenge_type"],
        "amount": row["amount"],
        "disbursed_amount": row["disbursed_amount"],
        # Upstream's field is a plain int: a catalog row without a cooldown shows 0.
        "cooldown_days": row["cooldown_days"] or 0,
    }


def undisbursed(row: dict) -> dict:
    return {
        "challenge_id": row["challenge_id"],
        "user_id": ids.encode(row["user_id"]),
        "specifier": row["specifier"],
        "amount": str(row["amount"]),
        "completed_blocknumber": row["completed_blocknumber"],
        "handle": row["handle"],
        "wallet": row["wallet"],
        "created_at": time_text(row["created_at"]),
        "completed_at": time_text(row["completed_at"]),
        "cooldown_days": row["cooldown_days"],
    }
