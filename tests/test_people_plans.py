"""The people operations' plans on a skewed database (tests/sql/social_skew.sql + people_skew.sql): a
celebrity with 100,000 followers and 100,000 subscribers, 60,000 artists with one genre holding 48,000 of
them, 5,000 mutes, a wallet granted by 5,000 users. Under custom and generic plans (the API runs generic
ones): no sequential scan of a big table, no sort of an unbounded input, and a page reads a page's worth
of a long list, not the list."""

import re
from pathlib import Path

import psycopg
import pytest

from openaudio_api.db.queries import QUERY_DIR
from tests.conftest import TEMPLATE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, scans

SKEW = "oa_test_people_skew"
SQL = Path(__file__).parent / "sql"
BIG = BIG_TABLES | {"subscriptions", "muted_users", "grants", "playlists", "playlist_routes"}
CELEBRITY_WALLET = "0x" + "1".rjust(40, "0")


@pytest.fixture(scope="module")
def skewed(server_url, template_url):
    url = _recreate(server_url, SKEW, template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((SQL / "social_skew.sql").read_text())
        conn.execute((SQL / "people_skew.sql").read_text())
        one = lambda q: conn.execute(q).fetchone()[0]  # noqa: E731
        assert one("SELECT count(*) FROM aggregate_user WHERE dominant_genre = 'Electronic'") == 48_001  # user 1's own track too
        assert one("SELECT count(*) FROM aggregate_user WHERE track_count > 0") == 60_001
        yield conn


PAGE = {"limit": 20, "offset": 0}
RELATED = {**PAGE, "limit": 10, "my_id": 0, "filter_followed": False}
# case -> (query, params, rows the page must have, bound on the rows read from any one big table)
CASES = {
    "top users": ("get_top_users", PAGE, 20, 200),
    "top users, page 50": ("get_top_users", {"limit": 20, "offset": 1000}, 20, 1200),
    "top users in Electronic (48,000)": ("get_top_users_in_genre", {**PAGE, "genres": ["Electronic"]}, 20, 200),
    "top users in two genres, page 50": (
        "get_top_users_in_genre", {"limit": 20, "offset": 1000, "genres": ["Electronic", "Pop", "Pop"]}, 20, 2500),
    "related to a small Electronic artist": ("get_related_users", {**RELATED, "user_id": 30000}, 10, 5000),
    "related to a mid artist (120 followers)": ("get_related_users", {**RELATED, "user_id": 500}, None, 101_000),
    "related to the celebrity (100,000 followers), filtered": (
        "get_related_users", {**RELATED, "user_id": 1, "my_id": 1001, "filter_followed": True}, None, 101_000),
    "subscribers of the celebrity (100,000)": ("get_subscribers", {**PAGE, "user_id": 1}, 20, 40),
    "subscribers of the celebrity, page 50": ("get_subscribers", {"limit": 20, "offset": 1000, "user_id": 1}, 20,
                                              1100),
    "bulk subscribers of a few users": ("get_bulk_subscribers", {"ids": [5, 6, 7]}, 3, 100),
    "muted by a heavy muter (5,000)": ("get_muted_users", {**PAGE, "user_id": 1}, 20, 40),
    "user ids by addresses": (
        "get_user_ids_by_addresses", {"addresses": ["0x" + "5".rjust(40, "0"), CELEBRITY_WALLET]}, 2, 10),
    "grantee's users (5,000 grants), a page": (
        "get_grantors", {"address": CELEBRITY_WALLET, "grantee_id": None, "is_approved": None,
                         "is_revoked": False, "limit": 20, "offset": 0}, 20, 40),
    "managed users of the celebrity, unpaged": (
        "get_grantors", {"address": None, "grantee_id": 1, "is_approved": True, "is_revoked": False,
                         "limit": None, "offset": 0}, None, 5100),
    "the account": ("get_account", {"wallet": CELEBRITY_WALLET}, 1, 10),
    "the account's 3,000 playlists": ("get_account_playlists", {"user_id": 1}, None, 3100),
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_people_plans_read_a_page_not_the_list(skewed, case, mode):
    name, params, rows, bound = CASES[case]
    plan = analyzed(skewed, name, params, mode)
    nodes = list(scans(plan))
    if rows is not None:
        assert plan["Actual Rows"] == rows, case
    assert {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG} \
        == set(), case
    # A sort is only ever over a bounded input: a Limit below it, or the page's few rows.
    for sort in (n for n in nodes if n["Node Type"] == "Sort"):
        below = [n for n in scans(sort) if n is not sort]
        assert any(n["Node Type"] == "Limit" for n in below) or sort["Actual Rows"] <= bound, case
    for node in nodes:
        if node.get("Relation Name") in BIG:
            assert node["Actual Rows"] * node["Actual Loops"] <= bound, (case, node["Relation Name"])


def test_the_celebritys_related_users_read_a_bounded_sample(skewed):
    """From 100 followers the answer comes from 500 followers and 200 follows each, whatever the fame: the
    follows read stay within 500 + 500 x 200 for user 1's 100,000 followers."""
    plan = analyzed(skewed, "get_related_users", {**RELATED, "user_id": 1}, "force_generic_plan")
    read = sum(n["Actual Rows"] * n["Actual Loops"] for n in scans(plan) if n.get("Relation Name") == "follows")
    assert 500 < read <= 500 + 500 * 200


def test_top_users_walk_the_index_in_page_order(skewed):
    for name, params in [("get_top_users", PAGE), ("get_top_users_in_genre", {**PAGE, "genres": ["Electronic"]})]:
        plan = analyzed(skewed, name, params, "force_generic_plan")
        used = {n.get("Index Name") for n in scans(plan)}
        assert used & {"aggregate_user_top_idx", "aggregate_user_genre_top_idx"}, (name, used)
        assert not any(n["Node Type"] == "Sort" and n["Actual Rows"] > 20 for n in scans(plan)), name


def test_the_triggers_recount_reads_only_the_touched_owners_tracks(skewed):
    """The trigger recounts only the owners a statement touched, each through the tracks' owner index: a
    new track of user 2 reads user 2's tracks, not the 60,000 others. Its statement runs inside the trigger,
    so its query is planned here on its own, for one owner."""
    recount = skewed.execute(
        "EXPLAIN (ANALYZE, FORMAT JSON) SELECT t.genre, count(*) AS n FROM tracks t WHERE t.owner_id = 2 "
        "AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL "
        "AND t.genre <> '' GROUP BY t.genre ORDER BY n DESC, t.genre LIMIT 1").fetchone()[0][0]["Plan"]
    assert not any(n["Node Type"] == "Seq Scan" for n in scans(recount))
    assert sum(n["Actual Rows"] * n["Actual Loops"] for n in scans(recount)
               if n.get("Relation Name") == "tracks") <= 10
    with skewed.transaction():
        skewed.execute("INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, created_at, "
                       "updated_at, txhash) VALUES (999998, true, false, 2, 'a', 'Pop', now(), now(), 'a'), "
                       "(999999, true, false, 2, 'b', 'Pop', now(), now(), 'b')")
        assert skewed.execute("SELECT dominant_genre, dominant_genre_count FROM aggregate_user "
                              "WHERE user_id = 2").fetchone() == ("Pop", 2)
        raise psycopg.Rollback()


def test_every_people_query_is_planned_here():
    """Every named query handlers/people.py runs has a case above."""
    source = (Path(__file__).parent.parent / "handlers" / "people.py").read_text()
    named = {p.stem for p in QUERY_DIR.glob("*.sql")}
    used = set(re.findall(r'"(get_[a-z_]+)"', source)) & named
    assert used and used <= {name for name, *_ in CASES.values()}, used - {name for name, *_ in CASES.values()}
