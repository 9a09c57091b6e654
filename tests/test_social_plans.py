"""The user lists' plans on the skewed social graph (tests/sql/social_skew.sql): a celebrity's 100,000
followers, mutuals of two users with 50,000 followers each, a track with 50,000 reposts and 50,000 saves.
Under custom and generic plans (the API runs generic ones), no list may scan a big table sequentially, sort
an unbounded input, or read the whole long list for a page of it."""

from pathlib import Path

import psycopg
import pytest

from openaudio_api.handlers.social import FEW
from tests.conftest import TEMPLATE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, scans

SKEW = "oa_test_social_skew"
# No page may read more rows of a list table (follows, reposts, saves) than this: the long lists hold 50,000
# to 100,000 rows, a read-whole page at most FEW.
READ_BOUND = FEW
LISTS = {"follows", "reposts", "saves"}


@pytest.fixture(scope="module")
def skewed(server_url, template_url):
    url = _recreate(server_url, SKEW, template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((Path(__file__).parent / "sql" / "social_skew.sql").read_text())
        assert conn.execute("SELECT follower_count FROM aggregate_user WHERE user_id = 1").fetchone()[0] == 100_000
        yield conn


PAGE = {"limit": 20, "offset": 0, "few": FEW}
CASES = {
    "get_user_list@followers (100,000 followers)": ({"user_id": 1}, 20),
    "get_user_list@followers (100,000 followers, page 50)": ({"user_id": 1, "offset": 1000}, 20),
    "get_user_list@followers (120 followers)": ({"user_id": 500}, 20),
    "get_user_list@following (follows 50,000)": ({"user_id": 3}, 20),
    "get_user_list@following (follows 3)": ({"user_id": 2000}, 3),
    "get_mutual_followers (50,000 followers, viewer follows 50,000)": ({"user_id": 2, "my_id": 3}, 20),
    "get_mutual_followers (100,000 followers, viewer follows 4)": ({"user_id": 1, "my_id": 1001}, 1),
    "get_user_list@reposts (50,000 reposts)": ({"track_id": 1}, 20),
    "get_user_list@favorites (50,000 saves)": ({"track_id": 1}, 20),
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_user_lists_read_a_page_not_the_list(skewed, case, mode):
    params, page_size = CASES[case]
    plan = analyzed(skewed, case.split(" ")[0], {**PAGE, **params}, mode)
    nodes = list(scans(plan))
    assert plan["Actual Rows"] == page_size
    assert {n["Relation Name"] for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG_TABLES} == set()
    # A sort is only ever over a bounded input: a Limit below it (the short list's read-whole branch).
    for sort in (n for n in nodes if n["Node Type"] == "Sort"):
        assert any(n["Node Type"] == "Limit" for n in scans(sort) if n is not sort), case
    # And no page reads a long list whole: rows of the list tables, over all loops, stay within FEW.
    assert sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes
               if n.get("Relation Name") in LISTS) <= READ_BOUND, case


def test_the_walk_passes_only_users_ranked_above_the_page(skewed):
    """The walk's cost is the rank of the page's last member, not the list's length: track 1's savers rank
    below the 50,000 users user 3 follows (one follower each, lower ids first), so their first page walks
    past 32,000 users (and probes each with one index lookup) where a celebrity's followers take 1,020."""
    walked = {}
    for name, params in [("get_user_list@followers", {"user_id": 1}), ("get_user_list@favorites", {"track_id": 1})]:
        plan = analyzed(skewed, name, {**PAGE, **params}, "force_generic_plan")
        walked[name] = max(n["Actual Rows"] for n in scans(plan)
                           if n.get("Index Name") == "aggregate_user_by_followers_idx")
    assert walked == {"get_user_list@followers": 1020, "get_user_list@favorites": 32021}
