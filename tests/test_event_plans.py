"""The event reads' plans on skewed events (tests/sql/event_skew.sql): 220,000 events, a host with 20,000
contests, an event with 55,000 comments (50,000 top-level) and 100,000 followers. Under custom and generic plans (the API runs
generic ones), no read may scan a big table sequentially, and each page reads about its own rows: a list
walks an index in its order and stops at the page, and any sort is over a few pages' rows at most."""

from pathlib import Path

import psycopg
import pytest

from openaudio_api.handlers.social import FEW
from tests.conftest import TEMPLATE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, scans

SKEW = "oa_test_event_skew"
BIG = BIG_TABLES | {"events", "subscriptions", "comment_threads", "comment_reactions"}
LIMIT = 25


@pytest.fixture(scope="module")
def skewed(server_url, template_url):
    url = _recreate(server_url, SKEW, template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((Path(__file__).parent / "sql" / "event_skew.sql").read_text())
        assert conn.execute("SELECT count(*) FROM events WHERE user_id = 7").fetchone()[0] == 20_000
        yield conn


def page(**params) -> dict:
    return {"limit": LIMIT, "offset": 0, "my_id": 0, **params}


EVENTS = {"ids": [], "entity_ids": [], "event_type": None, "entity_type": None, "filter_deleted": True}
# name (case) -> query, parameters, rows the page has, most rows of the big tables it may read in all
CASES = {
    "every event, newest first": ("get_event_ids@all", page(**EVENTS), LIMIT, 4 * LIMIT),
    "every event, page 200": ("get_event_ids@all", page(**EVENTS, offset=5000), LIMIT, 6000),
    "live events": ("get_event_ids@type", page(**EVENTS | {"event_type": "live_event"}), LIMIT, 4 * LIMIT),
    "new releases (a hundred among 220,000)": ("get_event_ids@type", page(**EVENTS | {"event_type": "new_release"}),
                                               LIMIT, 4 * LIMIT),
    "events by id": ("get_event_ids@ids", page(**EVENTS | {"ids": list(range(1, 101))}), LIMIT, 400),
    "events on a track": ("get_event_ids@entity", page(**EVENTS | {"entity_ids": [1, 2, 3]}), 12, 400),
    "remix contests, all": ("get_contest_ids", page(status="all"), LIMIT, 40 * LIMIT),
    "remix contests, ended, page 40": ("get_contest_ids", page(status="ended", offset=1000), LIMIT, 4000),
    "remix contests, active": ("get_contest_ids", page(status="active"), LIMIT, 40 * LIMIT),
    "the host of 20,000 contests": ("get_contest_ids@host", page(status="all", user_id=7), LIMIT, 40 * LIMIT),
    "a host of a few contests": ("get_contest_ids@host", page(status="all", user_id=11), 6, 400),
    "50,000 comments, newest": ("get_event_comment_ids@newest",
                                page(event_id=1, sort_method="newest", limit=10), 10, 400),
    "50,000 comments, oldest, page 100": ("get_event_comment_ids@timestamp",
                                          page(event_id=1, sort_method="timestamp", limit=10, offset=1000),
                                          10, 4000),
    "a page of comments and their reply previews": ("get_comments", {"ids": list(range(9, 110, 11)), "my_id": 5,
                                                                     "preview": 3}, 10, 400),
    # Known limit: a contest's entries are counted, so a page with a 20,000-entry contest reads them (through
    # the remixes primary key and one track probe each, as getTrackRemixes' count).
    "entry counts of a page": ("get_contest_entry_counts", {"ids": list(range(2, 27))}, 25, 3 * 20_000 + 400),
    "100,000 followers": ("get_user_list@event_followers", {"event_id": 1, "limit": 20, "offset": 0, "few": FEW},
                          20, 3 * FEW),
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_event_reads_read_a_page_not_the_table(skewed, case, mode):
    name, params, rows, bound = CASES[case]
    plan = analyzed(skewed, name, params, mode)
    nodes = list(scans(plan))
    assert plan["Actual Rows"] == rows, case
    assert {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG} \
        == set(), case
    # Any sort is over a few pages' rows (the contest list merges its three index walks), never a table's.
    for sort in (n for n in nodes if n["Node Type"] == "Sort"):
        assert sort["Actual Rows"] * sort["Actual Loops"] <= bound, case
    read = sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes if n.get("Relation Name") in BIG
               and n["Node Type"] != "Seq Scan")
    assert read <= bound, (case, read)


def test_a_contest_page_is_in_order(skewed):
    """The page the plan test reads is the right one: running contests by soonest end, then ended ones."""
    ids = [r[0] for r in skewed.execute(
        "SELECT event_id FROM events e WHERE event_type = 'remix_contest' AND NOT is_deleted "
        "AND end_date > now() AT TIME ZONE 'UTC' "
        "AND (SELECT u.is_available AND NOT u.is_deactivated FROM users u WHERE u.user_id = e.user_id) "
        "AND event_visible(e.entity_type, e.entity_id, 0) ORDER BY end_date, event_id LIMIT 25")]
    from openaudio_api.db.queries import sql
    got = [r[0] for r in skewed.execute(sql("get_contest_ids"), page(status="all"))]
    assert got == ids


def test_top_comments_sort_the_events_comments(skewed):
    """Known limit: sort_method top ranks every comment of the event by its reactions (as upstream), so it
    reads all 50,000; it still scans no table sequentially."""
    plan = analyzed(skewed, "get_event_comment_ids@top", page(event_id=1, sort_method="top", limit=10),
                    "force_generic_plan")
    nodes = list(scans(plan))
    assert plan["Actual Rows"] == 10
    assert {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG} \
        == set()
    [sort] = [n for n in nodes if n["Node Type"] == "Sort"]
    assert sort["Plans"][0]["Actual Rows"] > 45_000


def test_follow_state_counts_through_the_index(skewed):
    plan = analyzed(skewed, "get_event_follow_state", {"event_id": 1, "my_id": 5000}, "force_generic_plan")
    nodes = list(scans(plan))
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG]
    assert {n["Index Name"] for n in nodes if "Index Name" in n} == {"subscriptions_event_idx"}
