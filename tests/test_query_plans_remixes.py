"""The remix, stem and listener queries at scale (issue 18): on a copy of the 200,000-track large database
with its skew added (tests/sql/remix_listener_skew.sql: a track with 1,000,000 plays from 20,000 listeners,
a track with 20,000 remixes), none may scan a big table, and top listeners may not sort the track's
listeners, under custom and generic plans; the generic plan must do about the custom plan's work at both
ends of each skew."""

from pathlib import Path

import psycopg
import pytest

from tests.conftest import LARGE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, rows_produced, scans, seq_scanned

SKEW = Path(__file__).resolve().parent / "sql" / "remix_listener_skew.sql"
HIT = 900000  # 1,000,000 plays, 20,000 remixes
# events stays small (remix contests are rare); its partial index serves only_contest_entries anyway.
BIG_TABLES.update({"track_listeners", "stems"})  # as test_query_plans adds its own
PAGE = {"limit": 10, "offset": 0}
REMIXES = {**PAGE, "sort_method": "recent", "only_cosigns": False, "only_contest_entries": False, "my_id": 0}


@pytest.fixture(scope="module")
def skewed(server_url, large_url):
    url = _recreate(server_url, "oa_test_remix_skew", template=LARGE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SKEW.read_text())
        quiet = conn.execute("SELECT child_track_id FROM remixes WHERE parent_track_id < %s "
                             "ORDER BY child_track_id LIMIT 1", (HIT,)).fetchone()[0]
        yield conn, quiet


def test_the_skew_is_there(skewed):
    conn, _ = skewed
    one = lambda q: conn.execute(q, (HIT,)).fetchone()[0]  # noqa: E731
    assert one("SELECT count FROM aggregate_plays WHERE play_item_id = %s") == 1_000_000
    assert one("SELECT count(*) FROM track_listeners WHERE track_id = %s") == 20_000
    assert one("SELECT count(*) FROM remixes WHERE parent_track_id = %s") == 20_000
    assert one("SELECT count(*) FROM remixes WHERE parent_track_id <> %s") > 150_000


CASES = {
    "get_track_top_listeners (1,000,000 plays)": lambda q: {**PAGE, "track_id": HIT},
    "get_track_top_listeners (deep page)": lambda q: {"limit": 100, "offset": 5000, "track_id": HIT},
    "get_track_top_listeners (a quiet track)": lambda q: {**PAGE, "track_id": q},
    "get_track_remixes (20,000 remixes, recent)": lambda q: {**REMIXES, "track_id": HIT},
    "get_track_remixes (20,000 remixes, by plays)": lambda q: {**REMIXES, "track_id": HIT, "sort_method": "plays"},
    "get_track_remixes (20,000 remixes, cosigns)": lambda q: {**REMIXES, "track_id": HIT, "only_cosigns": True},
    "get_track_remixes (contest entries)": lambda q: {**REMIXES, "track_id": HIT, "only_contest_entries": True},
    "get_track_remixes (a quiet track)": lambda q: {**REMIXES, "track_id": q},
    "get_track_remix_parents": lambda q: {**PAGE, "track_id": HIT + 1},
    "get_track_stems": lambda q: {"track_id": HIT, "my_id": 0},
    "get_track_visible": lambda q: {"track_id": HIT, "my_id": 7},
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_no_sequential_scan_of_a_big_table(skewed, case, mode):
    conn, quiet = skewed
    assert seq_scanned(conn, case.split(" ")[0], CASES[case](quiet), mode) == set()


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
def test_top_listeners_walk_the_index_in_page_order(skewed, mode):
    """No sort of the hit's 20,000 listeners: the page is the first limit + offset entries of the index."""
    conn, _ = skewed
    plan = analyzed(conn, "get_track_top_listeners", {**PAGE, "track_id": HIT}, mode)
    assert [n for n in scans(plan) if n["Node Type"] in ("Sort", "Incremental Sort", "Aggregate")] == []
    assert rows_produced(plan) <= 3 * PAGE["limit"]


@pytest.mark.parametrize("case", [c for c in CASES if "get_track_remixes" in c or "top_listeners" in c])
def test_generic_plan_does_the_work_of_the_custom_plan(skewed, case):
    conn, quiet = skewed
    name, params = case.split(" ")[0], CASES[case](quiet)
    custom = analyzed(conn, name, params, "force_custom_plan")
    generic = analyzed(conn, name, params, "force_generic_plan")
    assert rows_produced(generic) <= 2 * rows_produced(custom) + 200, (
        f"{case}: the generic plan produced {rows_produced(generic)} rows, the custom one {rows_produced(custom)}")
