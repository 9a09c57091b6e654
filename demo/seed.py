"""A deterministic, realistic demo data set: written straight into the tables with COPY, or as the core-chain
blocks that say the same thing (`openaudio-api seed --blocks FILE`), for the indexer to apply.

Both come from one set of generators, drawing from one random stream in one order, so the same sizes and
seed always give the same data, and the two paths give the same rows: the direct path writes what indexing
the blocks writes, down to blocknumber, blockhash and txhash. Aggregates are never written here: the
statement-level triggers build them from each COPY chunk, as they do for any writer.

The demo chain, one block per entity in dependency order (so every transaction finds what it refers to):
users (User Create, and User Verify in the same block for verified users), tracks (Track Create, carrying
remix_of and collaborators), follows, reposts, saves, comments, collaborator answers (TrackCollaborator
Approve/Reject), track deletes and user deactivations, then plays in blocks of PLAYS_PER_BLOCK. A block's
time is the time of what it carries (the entity's creation time; a batch of plays: its first play), and those
times are random, so block times are not monotone: the indexer does not need them to be. The blocks are
shaped as a node serves them (see indexer/blockfile.py): transaction hashes bare uppercase hex, which the
direct path stores too, and anonymous listens under the content node's wallet (user_id NULL on both paths).

Times are relative to SeedSize.now, the moment the demo's activity ends: every time is drawn as an offset
into the SPAN_SECONDS before it, so a demo seeded today is live today (its last week of plays is this week),
and the same size, seed and now give the same rows. now defaults to the moment of seeding; tests and benches
pin it (PINNED_NOW) so their rows, and what is measured on them, never move.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
from eth_keys import keys
from tqdm import tqdm

from openaudio_api.db.queries import loader

from openaudio_api.indexer import blockfile
from openaudio_api.indexer.blocks import format_time
from openaudio_api.indexer.entities.slugs import OwnerRoutes, route_id

sql = loader(Path(__file__).resolve().parent / "sql")
CHUNK = 50_000
SPAN_SECONDS = 3 * 365 * 24 * 3600
# The end the span had when it was fixed (2023-01-01 plus SPAN_SECONDS): pinned by the tests and benches, so
# their data sets are the very rows they were written against.
PINNED_NOW = datetime(2025, 12, 31)
CHAIN_ID = "openaudio-demo"
PLAYS_PER_BLOCK = 500
VERIFIER = 0  # the demo verifier signs with private_key(0, seed): no user has id 0

GENRES = ["Electronic", "Hip-Hop/Rap", "Alternative", "Pop", "Rock", "R&B/Soul", "Ambient", "House",
          "Techno", "Lo-Fi", "Jazz", "Folk", "Experimental", "Drum & Bass", "Dubstep", "Classical"]
MOODS = ["Peaceful", "Romantic", "Sentimental", "Tender", "Easygoing", "Yearning", "Sophisticated",
         "Sensual", "Cool", "Gritty", "Melancholy", "Serious", "Brooding", "Fiery", "Defiant", "Energizing",
         "Excited", "Upbeat", "Empowering", "Stirring", "Rowdy", "Aggressive", "Other"]
WORDS = ["midnight", "echo", "velvet", "neon", "river", "static", "golden", "hollow", "signal", "drift",
         "ember", "paper", "ocean", "glass", "summer", "shadow", "orbit", "pulse", "wild", "quiet", "electric",
         "broken", "silver", "northern", "lights", "city", "dream", "fever", "honey", "thunder", "satellite",
         "cherry", "motion", "ghost", "crystal", "desert", "rain", "lucid", "solar", "paradise", "tide",
         "horizon", "mirror", "faded", "bloom", "cascade", "haze", "wander", "spark", "lullaby"]
FIRST = ["Ava", "Leo", "Mia", "Kai", "Zoe", "Eli", "Nia", "Max", "Ivy", "Sam", "Ray", "Lou", "Jun", "Ada",
         "Oz", "Uma", "Rio", "Tess", "Finn", "Cleo", "Nico", "Sage", "Remy", "Juno", "Ezra", "Lena"]
COUNTRIES = ["US", "GB", "DE", "FR", "BR", "JP", "NG", "CA", "AU", "MX", ""]


@dataclass(frozen=True)
class SeedSize:
    users: int = 200
    tracks: int = 1_000
    plays: int = 20_000
    follows_per_user: int = 10
    seed: int = 42
    reposts_per_track: int = 2
    saves_per_track: int = 3
    # When the activity ends (naive UTC, whole seconds); None: the moment seed() or write_blocks() starts.
    now: datetime | None = None

    def pinned(self) -> "SeedSize":
        """This size with now fixed (the clock's, to the second, if unset), so that every generator pass of one
        seeding (block_count, then blocks) draws the same times."""
        if self.now is not None:
            return self
        return replace(self, now=datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0))

    @property
    def start(self) -> datetime:
        """When the activity begins: SPAN_SECONDS before now."""
        if self.now is None:
            raise ValueError("pin the size first (SeedSize.pinned): its times are relative to now")
        return self.now - timedelta(seconds=SPAN_SECONDS)

    @property
    def reposts(self) -> int:
        return self.tracks * self.reposts_per_track

    @property
    def saves(self) -> int:
        return self.tracks * self.saves_per_track

    @property
    def comments(self) -> int:
        return self.tracks // 2

    @property
    def remixes(self) -> int:
        return self.tracks // 20

    @property
    def collaborations(self) -> int:
        """Invites to be credited on a track: about one track in twenty has one."""
        return self.tracks // 20

    @property
    def follows(self) -> int:
        return self.users * self.follows_per_user

    @property
    def total_rows(self) -> int:
        return (self.users * 2 + self.tracks * 2 + self.follows + self.reposts + self.saves + self.comments
                + self.remixes + self.collaborations + self.plays)


def _at(rng: random.Random, size: SeedSize) -> datetime:
    return size.start + timedelta(seconds=rng.randrange(SPAN_SECONDS))


def private_key(user_id: int, seed: int) -> bytes:
    """Demo user N's wallet key, so anyone can sign requests as a demo user (`openaudio-api sign`)."""
    return hashlib.sha256(f"{seed}:key:{user_id}".encode()).digest()


def signer_address(user_id: int, seed: int) -> str:
    """Demo user N's address as the node injects it into a transaction it signed (EIP-55 mixed case)."""
    return keys.PrivateKey(private_key(user_id, seed)).public_key.to_checksum_address()


def wallet(user_id: int, seed: int) -> str:
    return signer_address(user_id, seed).lower()


def verifier_wallet(seed: int) -> str:
    """The demo chain's verifier (User Verify signer): give it to the indexer with --verifier."""
    return wallet(VERIFIER, seed)


def _cid(kind: str, n: int, seed: int) -> str:
    return "Qm" + hashlib.sha256(f"{seed}:{kind}:{n}".encode()).hexdigest()[:44]


def _skewed(rng: random.Random, n: int) -> int:
    """1..n, heavily favouring small numbers: a few artists and hits get most of the activity."""
    return 1 + int(n * rng.random() ** 3)


@dataclass
class Chain:
    """Heights of the demo chain (see the module doc), and what later blocks change about earlier rows."""

    size: SeedSize
    next_height: int = 1
    handles: dict[int, str] = field(default_factory=dict)
    tracks: dict[int, tuple[int, datetime, int]] = field(default_factory=dict)  # id -> (owner, time, height)
    deleted_tracks: list[int] = field(default_factory=list)
    deactivated_users: list[int] = field(default_factory=list)

    def txhash(self, *parts: object) -> str:
        """The hash of the transaction that writes a row (bare uppercase hex, as a node serves it), named by what
        it does: both paths store it, so it comes from here."""
        return blockfile.hash_tx(self.size.seed, *parts)

    def place(self, *what: object) -> dict:
        """blocknumber, blockhash and txhash (of the transaction `what` names) of the next block's row."""
        height, self.next_height = self.next_height, self.next_height + 1
        return {"blocknumber": height, "blockhash": blockfile.block_hash(height, CHAIN_ID),
                "txhash": self.txhash(*what)}


# ------------------------------------------------------------------------------ the generators (one stream)

def _users(size: SeedSize, rng: random.Random, chain: Chain):
    for uid in range(1, size.users + 1):
        first = rng.choice(FIRST)
        word = rng.choice(WORDS)
        handle = f"{first.lower()}_{word}{uid}"
        at = _at(rng, size)
        chain.handles[uid] = handle
        row = {
            "user_id": uid, "handle": handle, "wallet": wallet(uid, size.seed), "name": f"{first} {word.title()}",
            "bio": f"{word.title()} music from {first}",
            "location": rng.choice(["Berlin", "Lagos", "Austin", "Tokyo", None]),
            "profile_picture_sizes": _cid("pfp", uid, size.seed) if uid % 3 else None,
            "cover_photo_sizes": _cid("cover", uid, size.seed) if uid % 4 else None,
            "is_verified": uid % 25 == 0, "created_at": at,
        }
        if rng.random() < 0.003:
            chain.deactivated_users.append(uid)
        # A verified user's row was last written by the Verify in its creation block.
        yield row | chain.place("verify" if row["is_verified"] else "user", uid)


def _balances(size: SeedSize, rng: random.Random):
    # Not on the core chain (token indexers write them): the direct path only.
    return ({"user_id": uid, "balance": str(rng.randrange(10**21)), "associated_wallets_balance": "0"}
            for uid in range(1, size.users + 1))


def _tracks(size: SeedSize, rng: random.Random, chain: Chain):
    routes = OwnerRoutes()
    for tid in range(1, size.tracks + 1):
        owner = _skewed(rng, size.users)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))).title()
        at = _at(rng, size)
        if rng.random() < 0.01:
            chain.deleted_tracks.append(tid)
        row = {
            "track_id": tid, "owner_id": owner, "title": title, "genre": rng.choice(GENRES),
            "mood": rng.choice(MOODS), "tags": ",".join(rng.sample(WORDS, 2)),
            "description": f"A {rng.choice(WORDS)} track", "created_at": at,
            "release_date": at if rng.random() < 0.3 else None, "is_unlisted": rng.random() < 0.05,
            "duration": rng.randint(60, 600), "track_cid": _cid("track", tid, size.seed),
            "cover_art_sizes": _cid("art", tid, size.seed), "is_downloadable": rng.random() < 0.2,
            "route_id": route_id(title, chain.handles[owner]),
        }
        row |= dict(zip(("title_slug", "slug", "collision_id"), routes.add(owner, title, tid)))
        row |= chain.place("track", tid)
        chain.tracks[tid] = (owner, at, row["blocknumber"])
        yield row


def _follows(size: SeedSize, rng: random.Random, chain: Chain):
    seen = set()
    while len(seen) < min(size.follows, size.users * (size.users - 1)):
        pair = (rng.randint(1, size.users), _skewed(rng, size.users))
        if pair[0] != pair[1] and pair not in seen:
            seen.add(pair)
            yield {"follower_user_id": pair[0], "followee_user_id": pair[1], "created_at": _at(rng, size),
                   **chain.place("follow", len(seen))}


def _engagements(count: int, size: SeedSize, rng: random.Random, chain: Chain, prefix: str):
    seen = set()
    target = min(count, size.users * size.tracks)
    while len(seen) < target:
        key = (rng.randint(1, size.users), _skewed(rng, size.tracks))
        if key not in seen:
            seen.add(key)
            yield {"user_id": key[0], "item_id": key[1], "created_at": _at(rng, size),
                   **chain.place(prefix, len(seen))}


def _remixes(size: SeedSize, rng: random.Random):
    seen = set()
    while len(seen) < min(size.remixes, size.tracks - 1):
        child = rng.randint(2, size.tracks)
        parent = rng.randint(1, child - 1)
        if child not in seen:
            seen.add(child)
            yield {"parent_track_id": parent, "child_track_id": child}


def _comments(size: SeedSize, rng: random.Random, chain: Chain):
    for cid in range(1, size.comments + 1):
        at = _at(rng, size)
        yield {"comment_id": cid, "text": f"{rng.choice(WORDS)} {rng.choice(WORDS)}!",
               "user_id": rng.randint(1, size.users), "entity_id": _skewed(rng, size.tracks), "created_at": at,
               **chain.place("comment", cid)}


def _collaborations(size: SeedSize, rng: random.Random, chain: Chain):
    """Invites on random tracks, made with the track (its Track Create lists them): 60% accepted, 30% still
    pending, 10% rejected, answered 1 to 30 days later but never after now (the demo's activity ends there)."""
    seen = set()
    while len(seen) < min(size.collaborations, size.tracks) and size.users > 1:
        track = rng.randint(1, size.tracks)
        collaborator = _skewed(rng, size.users)
        owner, invited, height = chain.tracks[track]
        if collaborator == owner or (track, collaborator) in seen:
            continue
        seen.add((track, collaborator))
        roll = rng.random()
        status = "accepted" if roll < 0.6 else "pending" if roll < 0.9 else "rejected"
        yield {"track_id": track, "collaborator_user_id": collaborator, "invited_by": owner, "status": status,
               "created_at": invited, "answered_at": min(invited + timedelta(days=rng.randint(1, 30)), size.now),
               "txhash": chain.txhash("track", track), "blocknumber": height}


def _plays(size: SeedSize, rng: random.Random, chain: Chain):
    """Plays, PLAYS_PER_BLOCK to a block: slot and signature as the indexer's plays bridge writes them."""
    for n in range(size.plays):
        if n % PLAYS_PER_BLOCK == 0:
            place = chain.place("plays", n // PLAYS_PER_BLOCK + 1)
        listener = rng.randint(1, size.users) if rng.random() < 0.8 else None
        yield {"user_id": listener, "play_item_id": _skewed(rng, size.tracks), "created_at": _at(rng, size),
               "source": "relay", "country": rng.choice(COUNTRIES) or None, "slot": place["blocknumber"],
               "signature": blockfile.eth_signature(place["txhash"], n % PLAYS_PER_BLOCK), **place}


def _dataset(size: SeedSize, chain: Chain) -> Iterator[tuple[str, Iterator[dict]]]:
    """(name, rows) in the one order the random stream is drawn in: exhaust each before taking the next."""
    rng = random.Random(size.seed)
    yield "users", _users(size, rng, chain)
    yield "user_balances", _balances(size, rng)
    yield "tracks", _tracks(size, rng, chain)
    yield "follows", _follows(size, rng, chain)
    yield "reposts", _engagements(size.reposts, size, rng, chain, "repost")
    yield "saves", _engagements(size.saves, size, rng, chain, "save")
    yield "remixes", _remixes(size, rng)
    yield "comments", _comments(size, rng, chain)
    yield "track_collaborators", _collaborations(size, rng, chain)
    yield "plays", _plays(size, rng, chain)


def _answers(chain: Chain, invites: list[dict]) -> list[dict]:
    """The answered invites, each in its own block after the comments."""
    return [{**i, **chain.place("answer", i["track_id"], i["collaborator_user_id"])}
            for i in invites if i["status"] != "pending"]


def _removals(chain: Chain) -> tuple[list[dict], list[dict]]:
    """Track deletes, then user deactivations, each in its own block after the answers (a deactivated user
    acts no more, so it comes after everything they did). Each keeps its row's time: updated_at is unchanged."""
    deletes = [{"track_id": t, **chain.place("delete", t)} for t in chain.deleted_tracks]
    deactivations = [{"user_id": u, **chain.place("deactivate", u)} for u in chain.deactivated_users]
    return deletes, deactivations


# ---------------------------------------------------------------------------------------- the direct path

USER_COLUMNS = ("user_id, is_current, handle, handle_lc, wallet, name, bio, location, profile_picture_sizes, "
                "cover_photo_sizes, is_verified, created_at, updated_at, txhash, is_deactivated, blocknumber, "
                "blockhash")
TRACK_COLUMNS = ("track_id, is_current, is_delete, owner_id, title, genre, mood, tags, description, created_at, "
                 "updated_at, release_date, is_unlisted, duration, track_cid, cover_art_sizes, is_downloadable, "
                 "txhash, route_id, blocknumber, blockhash")
ROUTE_COLUMNS = "slug, title_slug, collision_id, owner_id, track_id, is_current, blockhash, blocknumber, txhash"
ON_CHAIN = "blocknumber, blockhash, txhash"
COPIES = {
    "users": USER_COLUMNS,
    "user_balances": "user_id, balance, associated_wallets_balance",
    "tracks": TRACK_COLUMNS,
    "follows": f"follower_user_id, followee_user_id, is_current, is_delete, created_at, {ON_CHAIN}",
    "reposts": f"user_id, repost_item_id, repost_type, is_current, is_delete, created_at, {ON_CHAIN}",
    "saves": f"user_id, save_item_id, save_type, is_current, is_delete, created_at, {ON_CHAIN}",
    "remixes": "parent_track_id, child_track_id",
    "comments": f"comment_id, text, user_id, entity_id, entity_type, created_at, updated_at, {ON_CHAIN}",
    "track_collaborators": "track_id, collaborator_user_id, invited_by, status, created_at, updated_at, txhash, "
                           "blocknumber",
    "plays": "user_id, play_item_id, created_at, source, country, slot, signature",
}
# Values the generators leave to the table (as the indexer writes them); the rest come from the rows.
_FIXED = {"is_current": True, "is_delete": False, "is_deactivated": False, "entity_type": "Track"}
_ALIASES = {"reposts": {"repost_item_id": "item_id", "repost_type": "type"},
            "saves": {"save_item_id": "item_id", "save_type": "type"}}


def _row(table: str, columns: list[str], row: dict) -> tuple:
    aliases = _ALIASES.get(table, {})
    full = {"type": "track", "handle_lc": row.get("handle", "").lower(), "updated_at": row.get("created_at"),
            **_FIXED, **row}
    return tuple(full[aliases.get(c, c)] for c in columns)


class _Statistics:
    """Keeps the planner's statistics up with the seed's own transaction: each table is analyzed whenever it
    has doubled since it last was (log n times, ANALYZE counts the transaction's own new rows). Without it the
    statement triggers run on a table the planner believes empty, and plan as if it were: the dominant-genre
    recount (handle_track_genre.sql) walked a whole index led by track_id once per owner of a chunk, so the
    tracks of the full-size bench went at 900 rows/s and slowing."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.analyzed: dict[str, int] = {}

    def grew(self, conn: psycopg.Connection, table: str, rows: int) -> None:
        total = self.rows[table] = self.rows.get(table, 0) + rows
        if total >= 2 * self.analyzed.get(table, 0):
            conn.execute(f"ANALYZE {table}")
            self.analyzed[table] = total


def _copy(conn: psycopg.Connection, table: str, rows, bar: tqdm, stats: _Statistics,
          routes: list | None = None) -> None:
    """COPY in chunks: each chunk is one statement, so the triggers aggregate it in one pass."""
    columns = [c.strip() for c in COPIES[table].split(",")]
    chunk = []
    for row in rows:
        chunk.append(_row(table, columns, row))
        if routes is not None:
            routes.append(_row("track_routes", [c.strip() for c in ROUTE_COLUMNS.split(",")], row))
        if len(chunk) >= CHUNK:
            _flush(conn, table, COPIES[table], chunk, bar, stats)
            chunk = []
    if chunk:
        _flush(conn, table, COPIES[table], chunk, bar, stats)


def _flush(conn, table, columns, chunk, bar, stats: _Statistics) -> None:
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in chunk:
            copy.write_row(row)
    bar.update(len(chunk))
    stats.grew(conn, table, len(chunk))


class NotEmpty(RuntimeError):
    """Seeding writes fixed ids, so it only goes into a database with no users yet."""


def jobs_as_of(size: SeedSize) -> datetime:
    """When the benches run the jobs over their (pinned) data set: noon of the Friday after its activity ends
    (the weekly trending rewards run on Fridays, and the trending windows then hold the last week of seeded
    plays). The live demo runs them at its now instead (demo/jobs.py)."""
    end = size.pinned().now
    return (end + timedelta(days=(4 - end.weekday()) % 7 or 7)).replace(hour=12, minute=0, second=0)


# How long after the default demo's now (SeedSize(), seed 42) jobs that run then still find each trending list
# non-empty. Nothing is played after the seed, so a list empties once its window has slid past the activity;
# the times are offsets from now drawn by the seed alone, so these hold on whatever day it is seeded.
# Underground is the week's scored tracks less the top 20, so it goes first; the last scored activity is
# 1 h 17 min before now, so week (a 7-day window) and month (30 days) go 1 h 17 min short of theirs. The first
# notification page reaches back 90 days, and the jobs at now write reward notifications dated now.
TRENDING_LASTS = {"underground": timedelta(days=5, hours=20, minutes=47),
                  "week": timedelta(days=6, hours=22, minutes=43),
                  "month": timedelta(days=29, hours=22, minutes=43)}
# Whole days every list stays non-empty.
FRESH_DAYS = min(TRENDING_LASTS.values()).days


def activity_age(url: str) -> tuple[datetime | None, float | None]:
    """(when the latest play happened, days since by the database's clock); (None, None) without plays."""
    with psycopg.connect(url) as conn:
        ended, days = conn.execute(sql("last_activity")).fetchone()
    return ended, None if days is None else float(days)


def is_seeded(url: str) -> bool:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0]


def seed(url: str, size: SeedSize, *, progress: bool = True) -> None:
    """Write the data set into an empty, migrated database, in one transaction: rows as created (COPY), then
    what the later blocks change, as statements the triggers see just as they see the indexer's (invites
    answered, remix links on the remixes, tracks deleted, users deactivated)."""
    size = size.pinned()
    chain = Chain(size)
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0]:
            raise NotEmpty("the database already has users; seed an empty database")
        with tqdm(total=size.total_rows, unit="row", unit_scale=True, disable=not progress,
                  desc="seeding") as bar:
            invites: list[dict] = []
            stats = _Statistics()
            for table, rows in _dataset(size, chain):
                bar.set_postfix_str(table)
                if table == "track_collaborators":
                    # Made pending with their tracks (the invite notifications); answered in later blocks.
                    invites = list(rows)
                    rows = ({**i, "status": "pending"} for i in invites)
                if table == "tracks":
                    routes: list = []
                    _copy(conn, table, rows, bar, stats, routes)
                    _flush(conn, "track_routes", ROUTE_COLUMNS, routes, bar, stats)
                    continue
                if table == "plays":
                    _later_blocks(conn, chain, invites)
                _copy(conn, table, rows, bar, stats)
        conn.commit()
        conn.autocommit = True
        conn.execute("ANALYZE")


# The playlists' times for the load bench and the tests (their plan and oracle tests read these dates); the
# demo's are relative to its now (demo_playlists).
FIXED_PLAYLIST_TIMES = {"created_at": datetime(2024, 1, 1), "engaged_at": datetime(2024, 6, 1), "words": None}


def playlist_sizes(size: SeedSize) -> dict:
    """add_playlists' sizes for a data set: half as many playlists as users (at least 100), with real data's
    skew where the data set allows it: a collector of up to 2,000 playlists, a playlist of up to 5,000
    tracks and up to 3,000 fans."""
    playlists = max(size.users // 2, 100)
    return {"users": size.users, "tracks": size.tracks, "playlists": playlists, "collector": 5,
            "collected": min(2_000, playlists // 2), "big": min(5_000, size.tracks), "fans": min(3_000, size.users)}


def add_playlists(conn: psycopg.Connection, params: dict) -> None:
    """Playlists and albums over the seeded catalogue (sql/add_playlists.sql, which says what it writes), once:
    a database with playlists is left as it is. params: playlist_sizes' keys, or a test's own, and the times
    and names (FIXED_PLAYLIST_TIMES, or demo_playlists')."""
    conn.execute(sql("add_playlists"), params)


def demo_playlists(size: SeedSize) -> dict:
    """The demo's playlists: made over the month before its now, named from the titles' words, reposted and
    saved the day before now, so the trending playlists of the week show them."""
    now = size.pinned().now
    return {**playlist_sizes(size), "created_at": now - timedelta(days=30), "engaged_at": now - timedelta(days=1),
            "words": WORDS}


def _later_blocks(conn: psycopg.Connection, chain: Chain, invites: list[dict]) -> None:
    conn.execute(sql("link_remixes"))
    with conn.cursor() as cur:
        # Row by row, in chain order: the notification trigger is a row trigger.
        cur.executemany(sql("answer_invite"), _answers(chain, invites))
    deletes, deactivations = _removals(chain)
    conn.execute(sql("delete_tracks"), _columns(deletes, "track_id"))
    conn.execute(sql("deactivate_users"), _columns(deactivations, "user_id"))


def _columns(rows: list[dict], key: str) -> dict[str, list]:
    return {"id": [r[key] for r in rows], **{k: [r[k] for r in rows] for k in ("blocknumber", "blockhash", "txhash")}}


# ----------------------------------------------------------------------------------------- the block path

def _manage(chain: Chain, row: dict, user_id: int, entity_type: str, entity_id: int, action: str,
            metadata=None, signer: int | None = None, txhash: str | None = None) -> dict:
    # The chain validated the signature when it took the transaction; the indexer trusts the signer. The demo
    # data set is legacy state (its ids are below the ETL's id floors for new entities), so the demo chain is
    # what a new chain holding legacy state starts with: genesis-writer's replay, manageEntityMigration.
    return blockfile.manage_entity_tx(
        user_id, entity_type, entity_id, action,
        signer_address(user_id if signer is None else signer, chain.size.seed),
        metadata, nonce=str(row["blocknumber"]), tx_hash=txhash or row["txhash"], migration=True)


def _meta(row: dict, keys_: tuple[str, ...]) -> dict:
    return {k: format_time(row[k]) if isinstance(row[k], datetime) else row[k] for k in keys_
            if row.get(k) is not None}


def blocks(size: SeedSize) -> Iterator[dict]:
    """The data set as the demo chain's blocks, heights 1..N in order (see the module doc). A Track Create
    carries its remix parent and collaborators, which the stream draws after all tracks, so this holds every
    entity but the plays in memory: fine for demo sizes, not meant for the million-track benchmark."""
    size = size.pinned()
    chain = Chain(size)
    data = {}
    for table, rows in _dataset(size, chain):
        data[table] = rows if table == "plays" else list(rows)
    remix_parent = {r["child_track_id"]: r["parent_track_id"] for r in data["remixes"]}
    invited: dict[int, list[int]] = {}
    for invite in data["track_collaborators"]:
        invited.setdefault(invite["track_id"], []).append(invite["collaborator_user_id"])

    def block(row: dict, *txs: dict, at: datetime | None = None) -> dict:
        return blockfile.block(row["blocknumber"], at or row["created_at"], list(txs), chain_id=CHAIN_ID)

    for u in data["users"]:
        uid = u["user_id"]
        create = _manage(chain, u, uid, "User", uid, "Create", {"cid": _cid("meta", uid, size.seed), "data": _meta(
            u, ("handle", "name", "bio", "location", "profile_picture_sizes", "cover_photo_sizes"))},
            txhash=chain.txhash("user", uid))
        verify = _manage(chain, u, uid, "User", uid, "Verify", {"is_verified": True}, VERIFIER)
        yield block(u, create, verify) if u["is_verified"] else block(u, create)
    for t in data["tracks"]:
        meta = _meta(t, ("title", "genre", "mood", "tags", "description", "release_date", "is_unlisted",
                         "duration", "track_cid", "cover_art_sizes", "is_downloadable"))
        if t["track_id"] in remix_parent:
            meta["remix_of"] = {"tracks": [{"parent_track_id": remix_parent[t["track_id"]]}]}
        meta["collaborators"] = invited.get(t["track_id"], [])
        meta["owner_id"] = t["owner_id"]  # the ETL requires it on Track Create, equal to the acting user
        yield block(t, _manage(chain, t, t["owner_id"], "Track", t["track_id"], "Create", meta))
    for f in data["follows"]:
        yield block(f, _manage(chain, f, f["follower_user_id"], "User", f["followee_user_id"], "Follow"))
    for table, action in (("reposts", "Repost"), ("saves", "Save")):
        for e in data[table]:
            yield block(e, _manage(chain, e, e["user_id"], "Track", e["item_id"], action))
    for c in data["comments"]:
        yield block(c, _manage(chain, c, c["user_id"], "Comment", c["comment_id"], "Create",
                               {"entity_id": c["entity_id"], "entity_type": "Track", "body": c["text"]}))
    for a in _answers(chain, data["track_collaborators"]):
        action = "Approve" if a["status"] == "accepted" else "Reject"
        yield block(a, _manage(chain, a, a["collaborator_user_id"], "TrackCollaborator", a["track_id"], action),
                    at=a["answered_at"])
    deletes, deactivations = _removals(chain)
    for d in deletes:
        owner, at, _ = chain.tracks[d["track_id"]]
        yield block(d, _manage(chain, d, owner, "Track", d["track_id"], "Delete"), at=at)
    created = {u["user_id"]: u["created_at"] for u in data["users"]}
    for d in deactivations:
        yield block(d, _manage(chain, d, d["user_id"], "User", d["user_id"], "Update", {"is_deactivated": True}),
                    at=created[d["user_id"]])
    batch: list[dict] = []
    for play in data["plays"]:
        if batch and play["blocknumber"] != batch[0]["blocknumber"]:
            yield _plays_block(batch)
            batch = []
        batch.append(play)
    if batch:
        yield _plays_block(batch)


def _plays_block(plays: list[dict]) -> dict:
    first = plays[0]
    tx = blockfile.plays_tx([blockfile.track_play(p["user_id"], p["play_item_id"], p["created_at"],
                                                  signature=p["signature"], country=p["country"] or "")
                             for p in plays], tx_hash=first["txhash"])
    return blockfile.block(first["blocknumber"], first["created_at"], [tx], chain_id=CHAIN_ID)


def block_count(size: SeedSize) -> int:
    """How many blocks blocks(size) yields, without generating them (for the progress bar): every entity's
    block is counted by the direct path's generators, which are cheap."""
    size = size.pinned()
    chain = Chain(size)
    invites: list[dict] = []
    for table, rows in _dataset(size, chain):
        if table == "plays":
            break
        rows = list(rows)
        if table == "track_collaborators":
            invites = rows
    _answers(chain, invites)
    _removals(chain)
    return chain.next_height - 1 + -(-size.plays // PLAYS_PER_BLOCK)


def write_blocks(path: Path, size: SeedSize, *, progress: bool = True) -> int:
    """Write blocks(size) as JSON lines; returns the number of blocks."""
    size = size.pinned()
    total = block_count(size)
    with tqdm(total=total, unit="block", disable=not progress, desc="blocks") as bar:
        # Every line is the GetBlockResponse of a node whose tip is the chain's last block.
        return blockfile.write(path, _counted(blocks(size), bar), current_height=total)


def _counted(items: Iterator[dict], bar: tqdm) -> Iterator[dict]:
    # Not `bar.update(1) or block`: update() returns True whenever it redraws, and that True was written
    # as a block line (found by the wheel test, whose slower start made the bar redraw mid-file).
    for item in items:
        bar.update(1)
        yield item
