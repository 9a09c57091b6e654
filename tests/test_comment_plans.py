"""The comment reads' plans on skewed comments (tests/sql/comment_skew.sql): a track with 50,000 comments, a
thread of 10,000 replies, a user with 20,000 comments, 80,000 tracks' worth of recent comments. Under custom
and generic plans (the API runs generic ones), no read may scan a big table sequentially, sort an unbounded
input, or read the long list for a page of it."""

from pathlib import Path

import psycopg
import pytest

from openaudio_api.hydrate import REPLY_PREVIEW
from tests.conftest import TEMPLATE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, scans

SKEW = "oa_test_comment_skew"
# (comment_mentions and comment_notification_settings are empty here: a scan of an empty table is the plan.)
COMMENT_TABLES = {"comments", "comment_threads", "comment_reactions", "comment_reports", "muted_users",
                  "track_comment_activity"}
BIG = BIG_TABLES | COMMENT_TABLES
# No page may read more comment rows (over all loops) than this; the long lists hold 10,000 to 50,000.
READ_BOUND = 2500


@pytest.fixture(scope="module")
def skewed(server_url, template_url):
    url = _recreate(server_url, SKEW, template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((Path(__file__).parent / "sql" / "comment_skew.sql").read_text())
        # The triggers kept the counts the sorts read.
        assert conn.execute("SELECT reply_count FROM comments WHERE comment_id = 1").fetchone()[0] == 10_000
        assert conn.execute("SELECT sum(react_count) FROM comments WHERE entity_id = 1").fetchone()[0] > 10_000
        yield conn


PAGE = {"limit": 11, "offset": 0}
VIEWERS = {"anonymous": 0, "a viewer with 200 mutes": 3}
CASES = {
    **{f"get_track_comments@{sort} (50,000 comments, {who})": ({"track_id": 1, "my_id": me}, 11)
       for sort in ("top", "newest", "timestamp") for who, me in VIEWERS.items()},
    "get_track_comments@newest (50,000 comments, page 50)": ({"track_id": 1, "my_id": 0, "offset": 539}, 11),
    "get_track_pinned_comment (50,000 comments)": ({"track_id": 1, "my_id": 3}, None),
    "get_comment_replies (10,000 replies)": ({"comment_id": 1, "my_id": 3, "limit": 10}, 10),
    "get_comment_replies (10,000 replies, page 20)": ({"comment_id": 1, "my_id": 0, "limit": 10, "offset": 200}, 10),
    "get_comments (a page with the 10,000-reply thread)": (
        {"ids": list(range(1, 101)), "my_id": 3, "preview": REPLY_PREVIEW}, 100),
    "get_comment (a reply)": ({"comment_id": 100500, "my_id": 3}, 1),
    "get_user_comments (20,000 comments)": ({"user_id": 2, "my_id": 0, "limit": 10}, 10),
    "get_user_comments (20,000 comments, signed)": ({"user_id": 2, "my_id": 3, "limit": 10, "offset": 100}, 10),
    "get_tracks_with_recent_comments (the catalogue)": ({"limit": 10}, 10),
    "get_track_comment_notification_setting": ({"track_id": 1, "my_id": 3}, 1),
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_comment_reads_read_a_page_not_the_list(skewed, case, mode):
    params, page_size = CASES[case]
    plan = analyzed(skewed, case.split(" ")[0], {**PAGE, **params}, mode)
    nodes = list(scans(plan))
    if page_size is not None:
        assert plan["Actual Rows"] == page_size
    assert {n["Relation Name"] for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG} == set(), case
    # A sort is only ever over a bounded input (a Limit below it), never over the track's or user's comments;
    # or over one comment's mentions (at most ten, rules.COMMENT_MENTIONS_MAX), in their order.
    for sort in (n for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")):
        below = [n for n in scans(sort) if n is not sort]
        mentions = {n.get("Relation Name") for n in below} - {None} <= {"comment_mentions", "users"}
        assert mentions or any(n["Node Type"] == "Limit" for n in below), case
    assert sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes
               if n.get("Relation Name") == "comments") <= READ_BOUND, case


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
def test_the_count_reads_the_tracks_comments_by_index(skewed, mode):
    """The count must see every comment of the track (60,000 with the thread), by its index, not the table."""
    plan = analyzed(skewed, "get_track_comment_count", {"track_id": 1, "my_id": 3}, mode)
    assert {n["Relation Name"] for n in scans(plan)
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG} == set()
