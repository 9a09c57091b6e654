"""Rows for tests, written the way the indexer writes them (the triggers build the aggregates)."""

from __future__ import annotations

import hashlib
import itertools
import time
from datetime import datetime, timedelta
from functools import cache

from eth_account import Account
from eth_account.messages import encode_defunct
from psycopg.types.json import Jsonb

BASE = datetime(2024, 1, 1)
_tx = itertools.count(1)


def _insert(conn, table: str, values: dict) -> None:
    columns = ", ".join(values)
    placeholders = ", ".join(f"%({k})s" for k in values)
    values = {k: Jsonb(v) if isinstance(v, (dict, list)) else v for k, v in values.items()}
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


@cache
def account(user_id: int):
    """Test user N's wallet key: real secp256k1 keys, derived so every test knows them."""
    return Account.from_key(hashlib.sha256(f"openaudio-test-user-{user_id}".encode()).digest())


def wallet_of(user_id: int) -> str:
    return account(user_id).address.lower()


def signature_headers(user_id: int, message: str | None = None, key: bytes | None = None) -> dict[str, str]:
    """Headers that prove the request comes from user N's wallet (or the wallet of key), as clients send them."""
    message = message or f"signature:{int(time.time() * 1000)}"
    signer = Account.from_key(key) if key else account(user_id)
    signed = signer.sign_message(encode_defunct(text=message))
    return {"Encoded-Data-Message": message, "Encoded-Data-Signature": "0x" + signed.signature.hex().removeprefix("0x")}


def user(conn, user_id: int, handle: str | None = None, **extra) -> int:
    handle = handle or f"user{user_id}"
    joined = BASE + timedelta(days=user_id % 10_000)  # the modulo keeps every int4 id's date in range
    row = {
        "user_id": user_id, "is_current": True, "handle": handle, "handle_lc": handle.lower(),
        "wallet": wallet_of(user_id), "name": f"User {user_id}", "created_at": joined,
        "updated_at": joined, "txhash": f"0xu{next(_tx)}",
    }
    row.update(extra)
    _insert(conn, "users", row)
    return user_id


def track(conn, track_id: int, owner_id: int, title: str | None = None, **extra) -> int:
    title = title or f"Track {track_id}"
    created = extra.pop("created_at", BASE + timedelta(hours=track_id % 100_000))
    row = {
        "track_id": track_id, "is_current": True, "is_delete": False, "owner_id": owner_id, "title": title,
        "genre": "Electronic", "created_at": created, "updated_at": created, "txhash": f"0xt{next(_tx)}",
    }
    row.update(extra)
    _insert(conn, "tracks", row)
    slug = f"{title.lower().replace(' ', '-')}"
    _insert(conn, "track_routes", {"slug": slug, "title_slug": slug, "collision_id": 0, "owner_id": owner_id,
                                   "track_id": track_id, "is_current": True})
    return track_id


def follow(conn, follower: int, followee: int) -> None:
    _insert(conn, "follows", {"follower_user_id": follower, "followee_user_id": followee, "is_current": True,
                              "is_delete": False, "created_at": BASE, "txhash": f"0xf{next(_tx)}"})


def repost(conn, user_id: int, track_id: int) -> None:
    _insert(conn, "reposts", {"user_id": user_id, "repost_item_id": track_id, "repost_type": "track",
                              "is_current": True, "is_delete": False, "created_at": BASE,
                              "txhash": f"0xr{next(_tx)}"})


def save(conn, user_id: int, track_id: int) -> None:
    _insert(conn, "saves", {"user_id": user_id, "save_item_id": track_id, "save_type": "track",
                            "is_current": True, "is_delete": False, "created_at": BASE,
                            "txhash": f"0xs{next(_tx)}"})


def plays(conn, track_id: int, count: int, user_id: int | None = None, at: datetime = BASE,
          country: str | None = None) -> None:
    conn.execute(
        "INSERT INTO plays (user_id, play_item_id, created_at, source, country) "
        "SELECT %s, %s, %s, 'relay', %s FROM generate_series(1, %s)",
        (user_id, track_id, at, country, count),
    )


def remix(conn, parent: int, child: int) -> None:
    _insert(conn, "remixes", {"parent_track_id": parent, "child_track_id": child})


def comment(conn, comment_id: int, user_id: int, track_id: int) -> None:
    _insert(conn, "comments", {"comment_id": comment_id, "text": "nice", "user_id": user_id,
                               "entity_id": track_id, "entity_type": "Track", "created_at": BASE,
                               "updated_at": BASE, "txhash": f"0xc{next(_tx)}", "blockhash": "0xb"})


def grant(conn, grantor: int, manager: int, *, approved: bool | None = True, revoked: bool = False) -> None:
    at = BASE + timedelta(days=30)
    _insert(conn, "grants", {"grantee_address": wallet_of(manager), "user_id": grantor, "is_revoked": revoked,
                             "is_current": True, "is_approved": approved, "created_at": at, "updated_at": at,
                             "txhash": f"0xg{next(_tx)}"})


def invite(conn, track_id: int, collaborator: int, invited_by: int, status: str = "pending",
           at: datetime | None = None) -> None:
    """An invite as the indexer writes it: created pending, then answered in place."""
    at = at or BASE + timedelta(days=40, minutes=next(_tx))
    _insert(conn, "track_collaborators", {"track_id": track_id, "collaborator_user_id": collaborator,
                                          "invited_by": invited_by, "status": "pending", "created_at": at,
                                          "updated_at": at, "txhash": f"0xi{next(_tx)}"})
    if status != "pending":
        answer(conn, track_id, collaborator, status, at + timedelta(hours=1))


def answer(conn, track_id: int, collaborator: int, status: str, at: datetime | None = None) -> None:
    conn.execute("UPDATE track_collaborators SET status = %s, updated_at = coalesce(%s, updated_at + interval '1 hour') "
                 "WHERE track_id = %s AND collaborator_user_id = %s", (status, at, track_id, collaborator))


def playlist(conn, playlist_id: int, owner_id: int, **extra) -> int:
    created = extra.pop("created_at", BASE + timedelta(hours=playlist_id))
    row = {"playlist_id": playlist_id, "playlist_owner_id": owner_id, "is_album": False, "is_private": False,
           "is_current": True, "is_delete": False, "playlist_name": f"Playlist {playlist_id}",
           "created_at": created, "updated_at": created, "txhash": f"0xp{next(_tx)}"}
    row.update(extra)
    _insert(conn, "playlists", row)
    return playlist_id


SOCIAL_TABLES = ("users", "follows", "reposts", "saves", "playlists", "tracks")


def stamp_block(conn, blocknumber: int) -> None:
    """Put every row written without a block number (follow, repost, save...) in this block, as the indexer
    would have: what the incremental processors read."""
    for table in SOCIAL_TABLES:
        conn.execute(f"UPDATE {table} SET blocknumber = %s WHERE blocknumber IS NULL", (blocknumber,))


# -- phase-2 challenges: rows with the block, time and flags the processors read -------------------------

def comment_at(conn, comment_id: int, user_id: int, track_id: int, at: datetime, **extra) -> None:
    row = {"comment_id": comment_id, "text": "nice", "user_id": user_id, "entity_id": track_id,
           "entity_type": "Track", "created_at": at, "updated_at": at, "txhash": f"0xc{next(_tx)}",
           "blockhash": "0xb"}
    row.update(extra)
    _insert(conn, "comments", row)


def engagement(conn, kind: str, user_id: int, track_id: int, **extra) -> None:
    """A save or a repost (kind) of a track, with e.g. blocknumber= and created_at=."""
    item, item_type = ("save_item_id", "save_type") if kind == "save" else ("repost_item_id", "repost_type")
    row = {"user_id": user_id, item: track_id, item_type: "track", "is_current": True, "is_delete": False,
           "created_at": BASE, "txhash": f"0x{kind[0]}{next(_tx)}"}
    row.update(extra)
    _insert(conn, "saves" if kind == "save" else "reposts", row)


def remix_contest(conn, event_id: int, host: int, winners: list | None = None, **extra) -> None:
    row = {"event_id": event_id, "event_type": "remix_contest", "user_id": host, "entity_type": "track",
           "event_data": {"winners": winners} if winners is not None else {}, "created_at": BASE,
           "updated_at": BASE, "txhash": f"0xe{next(_tx)}", "blockhash": "0xb"}
    row.update(extra)
    _insert(conn, "events", row)


def purchase(conn, slot: int, buyer: int, seller: int, content_id: int, amount: int, **extra) -> None:
    """A USDC purchase as the payment indexer records it; amount in micro-USDC."""
    row = {"slot": slot, "signature": f"sig{next(_tx)}", "buyer_user_id": buyer, "seller_user_id": seller,
           "amount": amount, "content_type": "track", "content_id": content_id}
    row.update(extra)
    _insert(conn, "usdc_purchases", row)


def trending_score(conn, track_id: int, score: float, *, type_: str = "TRACKS", version: str = "pnagD",
                   time_range: str = "week", genre: str | None = "Electronic") -> None:
    """A track_trending_scores row, as the trending scores job writes it."""
    _insert(conn, "track_trending_scores", {"track_id": track_id, "type": type_, "version": version,
                                            "time_range": time_range, "score": score, "genre": genre,
                                            "created_at": BASE})



# -- reward notifications and the challenges endpoints ---------------------------------------------------

def user_challenge(conn, challenge_id: str, user_id: int, specifier: str | None = None, *,
                   complete: bool = True, amount: int = 1, completed_at: datetime | None = BASE,
                   completed_blocknumber: int | None = 100, **extra) -> str:
    """A user_challenges row as the processors leave it (complete by default); specifier defaults to the
    user's hex id."""
    specifier = specifier if specifier is not None else format(user_id, "x")
    row = {"challenge_id": challenge_id, "user_id": user_id, "specifier": specifier, "is_complete": complete,
           "current_step_count": extra.pop("current_step_count", 1 if complete else 0), "amount": amount,
           "completed_blocknumber": completed_blocknumber if complete else None,
           "completed_at": completed_at if complete else None, "created_at": extra.pop("created_at", BASE)}
    row.update(extra)
    _insert(conn, "user_challenges", row)
    return specifier


def disbursement(conn, challenge_id: str, user_id: int, specifier: str, amount: str = "100000000",
                 slot: int = 1000, **extra) -> None:
    row = {"challenge_id": challenge_id, "user_id": user_id, "specifier": specifier,
           "signature": f"sig{next(_tx)}", "slot": slot, "amount": amount}
    row.update(extra)
    _insert(conn, "challenge_disbursements", row)


# -- people around users: subscriptions, mutes, playlist routes ------------------------------------------

def subscribe(conn, subscriber: int, user_id: int, **extra) -> None:
    row = {"subscriber_id": subscriber, "user_id": user_id, "is_current": True, "is_delete": False,
           "created_at": BASE, "txhash": f"0xsub{next(_tx)}"}
    row.update(extra)
    _insert(conn, "subscriptions", row)


def mute(conn, user_id: int, muted: int, **extra) -> None:
    row = {"user_id": user_id, "muted_user_id": muted, "created_at": BASE, "updated_at": BASE,
           "txhash": f"0xm{next(_tx)}"}
    row.update(extra)
    _insert(conn, "muted_users", row)


def playlist_route(conn, playlist_id: int, owner_id: int, slug: str) -> None:
    _insert(conn, "playlist_routes", {"slug": slug, "title_slug": slug, "collision_id": 0, "owner_id": owner_id,
                                      "playlist_id": playlist_id, "is_current": True, "txhash": f"0xpr{next(_tx)}"})


# -- playlists and albums (issue 20) -------------------------------------------------------------------------

def playlist_of(conn, playlist_id: int, owner_id: int, track_ids: list[int], slug: str | None = None,
                **extra) -> int:
    """A playlist as the indexer's Create writes it: its contents (each entry added an hour after the last),
    a playlist_tracks row per distinct track, and its current route."""
    added = int((BASE - datetime(1970, 1, 1)).total_seconds())
    contents = {"track_ids": [{"track": t, "time": added + 3600 * n} for n, t in enumerate(track_ids)]}
    playlist(conn, playlist_id, owner_id, playlist_contents=contents, **extra)
    for t in dict.fromkeys(track_ids):
        _insert(conn, "playlist_tracks", {"playlist_id": playlist_id, "track_id": t, "is_removed": False,
                                          "created_at": BASE, "updated_at": BASE})
    playlist_route(conn, playlist_id, owner_id, slug or f"playlist-{playlist_id}")
    return playlist_id


def playlist_engagement(conn, kind: str, user_id: int, playlist_id: int, item_type: str = "playlist",
                        **extra) -> None:
    """A repost or save (kind) of a playlist or album (item_type)."""
    engagement(conn, kind, user_id, playlist_id, **{f"{kind}_type": item_type}, **extra)
