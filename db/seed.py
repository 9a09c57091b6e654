"""A deterministic, realistic demo data set, written with COPY in chunks.

The same sizes and seed always give the same rows. Aggregates are not written here: the statement-level
triggers build them from each COPY chunk, the same way they do for any other writer.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import psycopg
from eth_keys import keys
from tqdm import tqdm

CHUNK = 50_000
EPOCH = datetime(2023, 1, 1)
SPAN_SECONDS = 3 * 365 * 24 * 3600

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


def _at(rng: random.Random) -> datetime:
    return EPOCH + timedelta(seconds=rng.randrange(SPAN_SECONDS))


def private_key(user_id: int, seed: int) -> bytes:
    """Demo user N's wallet key, so anyone can sign requests as a demo user (`openaudio-api sign`)."""
    return hashlib.sha256(f"{seed}:key:{user_id}".encode()).digest()


def _wallet(user_id: int, seed: int) -> str:
    return keys.PrivateKey(private_key(user_id, seed)).public_key.to_checksum_address().lower()


def _cid(kind: str, n: int, seed: int) -> str:
    return "Qm" + hashlib.sha256(f"{seed}:{kind}:{n}".encode()).hexdigest()[:44]


def _skewed(rng: random.Random, n: int) -> int:
    """1..n, heavily favouring small numbers: a few artists and hits get most of the activity."""
    return 1 + int(n * rng.random() ** 3)


def _users(size: SeedSize, rng: random.Random):
    for uid in range(1, size.users + 1):
        first = rng.choice(FIRST)
        word = rng.choice(WORDS)
        handle = f"{first.lower()}_{word}{uid}"
        at = _at(rng)
        yield (
            uid, True, handle, handle.lower(), _wallet(uid, size.seed), f"{first} {word.title()}",
            f"{word.title()} music from {first}", rng.choice(["Berlin", "Lagos", "Austin", "Tokyo", None]),
            _cid("pfp", uid, size.seed) if uid % 3 else None, _cid("cover", uid, size.seed) if uid % 4 else None,
            uid % 25 == 0, at, at, f"0xuser{uid}", rng.random() < 0.003,
        )


USER_COLUMNS = ("user_id, is_current, handle, handle_lc, wallet, name, bio, location, profile_picture_sizes, "
                "cover_photo_sizes, is_verified, created_at, updated_at, txhash, is_deactivated")


def _tracks(size: SeedSize, rng: random.Random, routes: list, owners: dict[int, int]):
    for tid in range(1, size.tracks + 1):
        owner = _skewed(rng, size.users)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))).title()
        at = _at(rng)
        slug = f"{title.lower().replace(' ', '-')}-{tid}"
        routes.append((slug, slug, 0, owner, tid, True, f"0xtrack{tid}"))
        owners[tid] = owner
        yield (
            tid, True, rng.random() < 0.01, owner, title, rng.choice(GENRES), rng.choice(MOODS),
            ",".join(rng.sample(WORDS, 2)), f"A {rng.choice(WORDS)} track", at, at,
            at if rng.random() < 0.3 else None, rng.random() < 0.05, rng.randint(60, 600),
            _cid("track", tid, size.seed), _cid("art", tid, size.seed), rng.random() < 0.2,
            f"0xtrack{tid}", f"{tid}",
        )


TRACK_COLUMNS = ("track_id, is_current, is_delete, owner_id, title, genre, mood, tags, description, created_at, "
                 "updated_at, release_date, is_unlisted, duration, track_cid, cover_art_sizes, is_downloadable, "
                 "txhash, route_id")


def _follows(size: SeedSize, rng: random.Random):
    seen = set()
    while len(seen) < min(size.follows, size.users * (size.users - 1)):
        pair = (rng.randint(1, size.users), _skewed(rng, size.users))
        if pair[0] != pair[1] and pair not in seen:
            seen.add(pair)
            yield (*pair, True, False, _at(rng), f"0xfollow{len(seen)}")


def _engagements(count: int, size: SeedSize, rng: random.Random, prefix: str):
    seen = set()
    target = min(count, size.users * size.tracks)
    while len(seen) < target:
        key = (rng.randint(1, size.users), _skewed(rng, size.tracks))
        if key not in seen:
            seen.add(key)
            yield (*key, "track", True, False, _at(rng), f"0x{prefix}{len(seen)}")


def _remixes(size: SeedSize, rng: random.Random):
    seen = set()
    while len(seen) < min(size.remixes, size.tracks - 1):
        child = rng.randint(2, size.tracks)
        parent = rng.randint(1, child - 1)
        if child not in seen:
            seen.add(child)
            yield (parent, child)


def _comments(size: SeedSize, rng: random.Random):
    for cid in range(1, size.comments + 1):
        at = _at(rng)
        yield (cid, f"{rng.choice(WORDS)} {rng.choice(WORDS)}!", rng.randint(1, size.users),
               _skewed(rng, size.tracks), "Track", at, at, f"0xcomment{cid}", f"0xblock{cid}")


def _collaborations(size: SeedSize, rng: random.Random, owners: dict[int, int]):
    """Invites on random tracks: 60% accepted, 30% still pending, 10% rejected."""
    seen = set()
    while len(seen) < min(size.collaborations, size.tracks) and size.users > 1:
        track = rng.randint(1, size.tracks)
        collaborator = _skewed(rng, size.users)
        if collaborator == owners[track] or (track, collaborator) in seen:
            continue
        seen.add((track, collaborator))
        invited = _at(rng)
        roll = rng.random()
        status = "accepted" if roll < 0.6 else "pending" if roll < 0.9 else "rejected"
        answered = invited if status == "pending" else invited + timedelta(days=rng.randint(1, 30))
        yield (track, collaborator, owners[track], status, invited, answered, f"0xcollab{len(seen)}")


def _plays(size: SeedSize, rng: random.Random):
    for _ in range(size.plays):
        listener = rng.randint(1, size.users) if rng.random() < 0.8 else None
        yield (listener, _skewed(rng, size.tracks), _at(rng), "relay", rng.choice(COUNTRIES) or None)


def _copy(conn: psycopg.Connection, table: str, columns: str, rows, bar: tqdm) -> None:
    """COPY in chunks: each chunk is one statement, so the triggers aggregate it in one pass."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            _flush(conn, table, columns, chunk, bar)
            chunk = []
    if chunk:
        _flush(conn, table, columns, chunk, bar)


def _flush(conn, table, columns, chunk, bar) -> None:
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in chunk:
            copy.write_row(row)
    bar.update(len(chunk))


class NotEmpty(RuntimeError):
    """Seeding writes fixed ids, so it only goes into a database with no users yet."""


def is_seeded(url: str) -> bool:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0]


def seed(url: str, size: SeedSize, *, progress: bool = True) -> None:
    """Write the data set into an empty, migrated database, in one transaction."""
    rng = random.Random(size.seed)
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0]:
            raise NotEmpty("the database already has users; seed an empty database")
        with tqdm(total=size.total_rows, unit="row", unit_scale=True, disable=not progress,
                  desc="seeding") as bar:
            def step(table, columns, rows):
                bar.set_postfix_str(table)
                _copy(conn, table, columns, rows, bar)

            step("users", USER_COLUMNS, _users(size, rng))
            step("user_balances", "user_id, balance, associated_wallets_balance",
                 ((uid, str(rng.randrange(10**21)), "0") for uid in range(1, size.users + 1)))
            routes: list = []
            owners: dict[int, int] = {}
            step("tracks", TRACK_COLUMNS, _tracks(size, rng, routes, owners))
            step("track_routes", "slug, title_slug, collision_id, owner_id, track_id, is_current, txhash",
                 iter(routes))
            step("follows", "follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash",
                 _follows(size, rng))
            step("reposts", "user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash",
                 _engagements(size.reposts, size, rng, "repost"))
            step("saves", "user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash",
                 _engagements(size.saves, size, rng, "save"))
            step("remixes", "parent_track_id, child_track_id", _remixes(size, rng))
            step("comments", "comment_id, text, user_id, entity_id, entity_type, created_at, updated_at, txhash, "
                 "blockhash", _comments(size, rng))
            step("track_collaborators", "track_id, collaborator_user_id, invited_by, status, created_at, "
                 "updated_at, txhash", _collaborations(size, rng, owners))
            step("plays", "user_id, play_item_id, created_at, source, country", _plays(size, rng))
        conn.commit()
        conn.autocommit = True
        conn.execute("ANALYZE")
