"""Benchmark: every search query, in the database, at full size, over generated queries of every input class.

Seeds (once, then reuses) a catalogue of 1,000,000 tracks, 100,000 users and 50,000 playlists and albums
(bench/sql/search_seed.sql: set-based, about as skewed as real data: the commonest word begins a word of a
fifth of all titles), then runs each operation's named queries exactly as its handler builds them
(handlers/search.py), as prepared statements under generic plans (as the server runs them), over queries
drawn per input class: a one-letter prefix, a two-letter prefix, the commonest word, a rare pair of words, a
long phrase, 20 words, an emoji, no text with a filter, a word nothing has, an artist's name with a title's
words, and some of them typed by a viewer who follows every user (user search puts followed users first).
Prints p50 and p99 per class and operation, and per operation over every class, in milliseconds of the
query's round trip on a local socket (the database's time, with a fraction of a millisecond of transport),
against the target: 10 ms p50, 30 ms p99 (docs/search.md).

    python bench/search.py                 # full size, embedded PostgreSQL in bench/.data
    python bench/search.py --tracks 100000 --users 10000 --playlists 5000
    python bench/search.py --samples 50 --only users
    python bench/search.py --database-url URL
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openaudio_api.db.migrate import migrate  # noqa: E402
from openaudio_api.db.queries import loader, sql as query_sql  # noqa: E402
from openaudio_api.demo import seed as seeding  # noqa: E402
from openaudio_api.handlers import search  # noqa: E402
from bench import statements  # noqa: E402

BENCH = Path(__file__).resolve().parent
sql = loader(BENCH / "sql")
P50, P99 = 10.0, 30.0


# The seed's version, in the database's name: a database seeded by an older bench/sql/search_seed.sql is not
# reused (2: users' names of their own words, not only the titles').
SEED_VERSION = 2

# Users' names are mostly words of names (bench/sql/search_seed.sql): two of these syllables, 900 words that
# no title has, the first of a name Zipf-skewed as the titles' words are.
SYLLABLES = ("ka", "zu", "mo", "ri", "ven", "tal", "dor", "lex", "qui", "bra", "nox", "fel", "jun", "pax", "ryl",
             "sev", "tor", "vim", "wex", "yan", "zel", "kor", "lum", "mir", "nev", "oro", "pim", "rax", "sul",
             "tev")


def name_word(rng: random.Random) -> str:
    """A word of a name as the seed draws a name's first: the commonest artists' names most often."""
    n = int(len(SYLLABLES) ** 2 * rng.random() ** 2)
    return SYLLABLES[n // len(SYLLABLES)] + SYLLABLES[n % len(SYLLABLES)]


def database(args) -> str:
    name = f"bench_search_v{SEED_VERSION}_{args.users}_{args.tracks}_{args.playlists}"
    if args.database_url:
        server = args.database_url
    else:
        from openaudio_api.db import embedded

        server = embedded.start(Path(args.data_dir))
    url = make_conninfo(server, dbname=name)
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists and not args.reseed:
        with psycopg.connect(url) as conn:
            seeded = conn.execute("SELECT EXISTS (SELECT 1 FROM tracks)").fetchone()[0]
        if seeded:
            print(f"reusing database {name}")
            if migrate(url):  # a changed file may have rebuilt a search table: fresh statistics, as after a seed
                refresh_statistics(url)
            return url
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    migrate(url)
    started = time.perf_counter()
    # Bound client-side: the sizes are literals to the planner (generate_series has several signatures).
    with psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor) as conn:
        sizes = {"users": args.users, "tracks": args.tracks, "playlists": args.playlists, "words": seeding.WORDS,
                 "genres": seeding.GENRES, "syllables": list(SYLLABLES)}
        for statement in sql("search_seed").split(";\n\n"):
            conn.execute(statement, sizes)
    refresh_statistics(url)
    print(f"seeded {name} in {time.perf_counter() - started:.0f} s")
    return url


def refresh_statistics(url: str) -> None:
    """The path choice's word counts (the search_words job's, hourly in production) and the planner's and
    visibility map's (autovacuum's), brought up to date."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT refresh_search_words()")
        conn.execute("VACUUM ANALYZE")


# Search's tables, the aggregates it orders by and their indexes (about 470 MB at full size): read into the
# bench server's shared buffers (bench/statements.py SHARED_BUFFERS) before measuring, as a database at steady
# state holds what its queries read (--cold measures them as they are).
WARMED = ("track_search", "user_search", "playlist_search", "aggregate_plays", "aggregate_user",
          "aggregate_playlist", "playlist_tracks", "follows", "search_words", "search_vocabulary")


def warm(args, url: str) -> str:
    """Read search's relations into the bench server's buffers; what was done, for the report."""
    statements.configure(url, None if args.database_url else Path(args.data_dir) / "pg")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql("prewarm_install"))
        pages, buffers = conn.execute(sql("search_prewarm"), {"relations": list(WARMED)}).fetchone()
    return f"shared_buffers {buffers}, {pages * 8 // 1024} MB of search's relations read into them"


# The viewer who follows every user (bench/sql/search_seed.sql).
HEAVY_FOLLOWER = 201


def swapped(word: str) -> str:
    return word[0] + word[2] + word[1] + word[3:]


def classes(rng: random.Random) -> dict:
    """Input class -> a function drawing (query text, extra filters) for one request."""
    words = seeding.WORDS
    common = words[0]  # the seed's skew makes the first word the commonest
    return {
        "one letter": lambda: (rng.choice("smecdrvgnh"), {}),
        "two letters": lambda: (rng.choice(words[:20])[:2], {}),
        "commonest word": lambda: (common, {}),
        "common prefix + word": lambda: (f"{common[:3]} {rng.choice(words)}", {}),
        "rare pair": lambda: (f"{rng.choice(words[30:])} {rng.choice(words[30:])}", {}),
        # A common word and another's first letters: thousands of matches, the two paths' meeting point.
        "common pair": lambda: (f"{rng.choice(words[:30])} {rng.choice(words[:30])[:3]}", {}),
        "long phrase": lambda: (" ".join(rng.choice(words) for _ in range(5)), {}),
        "20 words": lambda: (" ".join(rng.choice(words) for _ in range(20)), {}),
        "emoji": lambda: ("🎵🔥", {}),
        "filters, no text": lambda: ("", {"genre": [rng.choice(seeding.GENRES)]}),
        "no match": lambda: (f"zq{rng.randrange(1000)}x", {}),
        # A track or playlist by its artist's name and its title's words, in either order (migration 0036).
        "artist + title": lambda: (f"{name_word(rng)} {rng.choice(words)[:3]}", {}),
        "title + artist": lambda: (f"{rng.choice(words)} {name_word(rng)[:3]}", {}),
        # A word with two letters swapped, being typed, or whole before another: found through the words one
        # typo away (db/functions/search_fuzzy.sql).
        "a typo": lambda: (swapped(rng.choice(words)), {}),
        "typo + word": lambda: (f"{swapped(rng.choice(words))} {rng.choice(words)[:3]}", {}),
        # Eight words of 24 random letters, each looked up one edit away: the typo rule's most work.
        "gibberish": lambda: (" ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(24))
                                       for _ in range(8)), {}),
        # The viewer who follows every user (bench/sql/search_seed.sql), with any of the inputs above; only
        # user search reads the viewer's follows.
        "heavy follower": lambda: (rng.choice(("m", common, f"{rng.choice(words[30:])} {rng.choice(words[30:])}",
                                               f"zq{rng.randrange(1000)}x")), {"viewer": HEAVY_FOLLOWER}),
    }


def unseen(filters: dict) -> dict:
    """The filters a query takes: the viewer is not one (only user search reads it, as its own argument)."""
    return {k: v for k, v in filters.items() if k != "viewer"}


def operations(viewers: list[int], rng: random.Random) -> dict:
    """Operation -> a function of (connection, text, filters) running the named queries its handler runs,
    one after another, and giving their time in ms."""
    def page():
        return {"limit": 10, "offset": rng.choice((0, 0, 0, 10, 20)),
                "sort_method": rng.choice(("relevant", "relevant", "popular", "recent"))}

    def each(*queries):
        return lambda conn: sum(timed(conn, *q)[0] for q in queries if q)

    def tracks(text, filters):
        return each(search.track_query(text, **page(), **unseen(filters)))

    def users(text, filters):
        viewer = filters.get("viewer") or rng.choice(viewers)
        return each(search.user_query(text, viewer, **page(), **unseen(filters)))

    def playlists(text, filters, albums=False):
        return each(search.playlist_query(text, albums=albums, **page(), **unseen(filters)))

    def tags(text, filters):
        filters = unseen(filters)
        # What the handler runs for kind=all (handlers/search.py _tagged): the track queries, then the users',
        # playlists' and albums' found through the most played matches.
        found = search.track_query(text, tags=True, **page(), **filters)

        def run(conn):
            if not found:
                return 0.0
            ms, top = 0.0, []
            for kind, q in search.tag_track_queries(found, search.KINDS)[0].items():
                took, rows = timed(conn, *q)
                ms += took
                top = [r[0] for r in rows] if kind == "top" else top
            return ms + sum(timed(conn, *q)[0] for q in search.tag_found_queries(found[1], top, search.KINDS).values())
        return run

    return {"tracks": tracks, "users": users, "playlists": playlists,
            "albums": lambda t, f: playlists(t, f, albums=True), "tags": tags}


def timed(conn, name: str, params: dict) -> tuple[float, list]:
    started = time.perf_counter()
    rows = conn.execute(query_sql(name), params, prepare=True).fetchall()
    return (time.perf_counter() - started) * 1000, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--tracks", type=int, default=1_000_000)
    parser.add_argument("--playlists", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=100, help="requests per class and operation")
    parser.add_argument("--only", help="operations whose name contains this")
    parser.add_argument("--database-url")
    parser.add_argument("--data-dir", default=str(BENCH / ".data"))
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--cold", action="store_true",
                        help="measure with the server's buffers as they are, nothing read into them first")
    args = parser.parse_args()
    url = database(args)
    if not args.cold:
        print(warm(args, url))
    rng = random.Random(22)
    viewers = [0, 0] + list(range(1, 200))
    ops = {k: v for k, v in operations(viewers, rng).items() if not args.only or args.only in k}
    inputs = classes(rng)
    failed = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET plan_cache_mode = force_generic_plan")
        print(f"{'operation':<16} {'input':<22} {'p50 ms':>8} {'p99 ms':>8}")
        for op, build in ops.items():
            every = []
            for label, draw in inputs.items():
                for _ in range(3):  # warm the plan cache and the pages once per class
                    build(*draw())(conn)
                times = [build(*draw())(conn) for _ in range(args.samples)]
                times.sort()
                p50, p99 = statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]
                every += times
                flag = "" if p50 <= P50 and p99 <= P99 else "  over target"
                if flag:
                    failed.append((op, label))
                print(f"{op:<16} {label:<22} {p50:>8.2f} {p99:>8.2f}{flag}")
            every.sort()
            print(f"{op:<16} {'(every class)':<22} {statistics.median(every):>8.2f} "
                  f"{every[int(len(every) * 0.99)]:>8.2f}")
    print("target met everywhere" if not failed else f"over target: {failed}")


if __name__ == "__main__":
    main()
