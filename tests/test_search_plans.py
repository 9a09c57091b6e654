"""Search's plans on skewed data (bench/sql/search_seed.sql at a tenth of the bench's size: 100,000 tracks,
10,000 users, 10,000 playlists; the commonest word begins a word of a fifth of all titles, a one-letter
prefix of far more). Under custom and generic plans (the API runs generic ones): no query scans a big table
sequentially, none sorts more than its bounded candidates, and a prefix that begins a word of most rows is
never expanded in the text index (the path choice, search_walks_first, walks the sort's index instead)."""

from pathlib import Path

import psycopg
import pytest

from bench.search import SYLLABLES
from openaudio_api.demo import seed as seeding
from openaudio_api.handlers import search
from tests.conftest import TEMPLATE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, scans

SKEW = "oa_test_search_skew"
ROOT = Path(__file__).resolve().parents[1]
SIZES = {"users": 10_000, "tracks": 100_000, "playlists": 10_000}
TABLES = BIG_TABLES | {"playlists", "playlist_tracks", "aggregate_playlist", "aggregate_plays", "aggregate_user",
                       "users", "tracks", "follows"}
# Each text index, and half its table: a prefix that begins a word of most rows must never be expanded.
TEXT_INDEXES = {"track_search_title_idx": SIZES["tracks"] // 2, "track_search_tags_idx": SIZES["tracks"] // 2,
                "user_search_words_idx": SIZES["users"] // 2, "playlist_search_words_idx": SIZES["playlists"] // 2}


@pytest.fixture(scope="module")
def skewed(server_url, template_url):
    url = _recreate(server_url, SKEW, template=TEMPLATE)
    with psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor) as conn:
        sizes = {**SIZES, "words": seeding.WORDS, "genres": seeding.GENRES, "syllables": list(SYLLABLES)}
        for statement in (ROOT / "bench" / "sql" / "search_seed.sql").read_text().split(";\n\n"):
            conn.execute(statement, sizes)
        conn.execute("SELECT refresh_search_words()")
        conn.execute("ANALYZE")
    with psycopg.connect(url, autocommit=True) as conn:
        matched = conn.execute("SELECT count(*) FROM tracks WHERE is_current AND search_track_words(title, tags) "
                               "@@ to_tsquery('simple', 'm:*A')").fetchone()[0]
        assert matched > SIZES["tracks"] // 3  # "m" begins a word of most titles (midnight, ...)
        yield conn


def sequential_reads(conn) -> int:
    """Sequential scans of search's own tables so far, the statements before this one counted (flushed, not
    cached)."""
    conn.execute("SELECT pg_stat_force_next_flush()")
    conn.execute("SELECT pg_stat_clear_snapshot()")
    return conn.execute("SELECT sum(seq_scan) FROM pg_stat_user_tables WHERE relname = ANY(%s)",
                        (["track_search", "user_search", "playlist_search"],)).fetchone()[0]


def case(kind: str, text: str, **extra):
    page = {"limit": 10, "offset": 0, "sort_method": extra.pop("sort_method", "relevant"), **extra}
    if kind == "tracks":
        return search.track_query(text, **page)
    if kind == "tags":
        return search.track_query(text, tags=True, **page)
    if kind == "users":
        return search.user_query(text, 7, **page)
    return search.playlist_query(text, albums=kind == "albums", **page)


INPUTS = {"one letter": "m", "commonest word": seeding.WORDS[0], "rare pair": "wander ember",
          "no text, a genre": ""}
CASES = {f"{kind}: {label} ({sort})": (kind, text, sort)
         for kind in ("tracks", "users", "playlists", "albums", "tags")
         for label, text in INPUTS.items() if not (kind == "tags" and not text)
         for sort in ("relevant", "recent")}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("name", CASES)
def test_search_reads_bounded_candidates(skewed, name, mode):
    kind, text, sort = CASES[name]
    extra = {"genre": ["Pop"]} if not text else {}
    query, params = case(kind, text, sort_method=sort, **extra)
    before = sequential_reads(skewed)
    plan = analyzed(skewed, query, params, mode)
    # The probes run inside search_probe_*, out of EXPLAIN's sight: the tables' own counters say how.
    assert sequential_reads(skewed) == before, name
    nodes = list(scans(plan))
    assert {n["Relation Name"] for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in TABLES} == set(), name
    # The text index is read when its postings cost less than the walk (search_walks_first): a prefix that
    # begins a word of most rows is never expanded; the walk takes it.
    expanded = [(n["Index Name"], n["Actual Rows"] * n["Actual Loops"]) for n in nodes
                if n.get("Index Name") in TEXT_INDEXES]
    assert all(rows <= TEXT_INDEXES[index] for index, rows in expanded), (name, expanded)
    # The walks test each row inline: a search_hit_* function left uninlined (given a sub-select, say) or a
    # filter function with a sub-select in its body costs a call per walked row (6 us: 13 ms per 2,000 rows).
    called = [n.get("Function Name") for n in nodes if n["Node Type"] == "Function Scan"
              and str(n.get("Function Name")).startswith("search_hit")]
    assert called == [], (name, called)
    uninlined = [n["Filter"] for n in nodes if "_search_passes(" in n.get("Filter", "")]
    assert uninlined == [], (name, uninlined)
    # Sorts take the bounded candidates only (the probe's, the walks', or the window).
    for sort_node in (n for n in nodes if n["Node Type"] == "Sort"):
        assert sort_node["Actual Rows"] <= 2 * search.TRACK_SEARCH_PROBE + search.SEARCH_WINDOW, name


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("text", ["m", seeding.WORDS[0], "zq9x"])
def test_a_viewer_who_follows_every_user_reads_only_their_newest_follows(skewed, mode, text):
    """User 201 of the seed follows every user: the followed tier reads SEARCH_FOLLOWS follows at most, even for
    a word none of them has (before, the walk of their follows went on to the last)."""
    following = skewed.execute("SELECT count(*) FROM follows WHERE follower_user_id = 201").fetchone()[0]
    assert following > 2 * search.SEARCH_FOLLOWS
    query, params = search.user_query(text, 201, limit=10, offset=0, sort_method="relevant")
    plan = analyzed(skewed, query, params, mode)
    read = sum(n["Actual Rows"] * n["Actual Loops"] for n in scans(plan) if n.get("Relation Name") == "follows")
    # (The sort by follow time reads one row past the last to see its tie group end.)
    assert 0 < read <= search.SEARCH_FOLLOWS + 1, (text, read)
