"""The phase-2 processors' queries on a 200,000-track database (ANALYZEd): a tick reads only what changed, so
no query of theirs may scan a big table sequentially, for a window at the head of the data (no change) or
a window over a few blocks."""

from __future__ import annotations

import psycopg
import pytest

from openaudio_api.jobs.engine import processor_sql
from tests.test_query_plans import BIG_TABLES, scans

# The seeded tables only: user_challenges, events and usdc_purchases are empty there, and a planner rightly
# scans an empty table.
BIG = BIG_TABLES
COMMON = {"challenge_id": "cs", "amount": 1, "now": "2025-06-11 12:00:00", "batch": 5000, "cap": 5,
          "contest_cap": 5, "host_cap": 5, "for_buyer": False}
QUERIES = ["marks_comments", "c_candidates", "cp_candidates", "marks_saves", "marks_reposts", "cs_candidates",
           "marks_events", "w_candidates", "marks_usdc_purchases", "audio_matching_candidates"]


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("query", QUERIES)
def test_no_sequential_scan_of_a_big_table(large_url, query, mode):
    with psycopg.connect(large_url, autocommit=True) as conn:
        head = conn.execute("SELECT max(blocknumber) FROM tracks").fetchone()[0] or 0
        conn.execute(f"SET plan_cache_mode = {mode}")
        for since, through in [(head, head), (head - 5, head)]:
            params = COMMON | {"since": since, "through": through}
            plan = conn.execute("EXPLAIN (FORMAT JSON) " + processor_sql(query), params,
                                prepare=True).fetchone()[0][0]["Plan"]
            seq = {n["Relation Name"] for n in scans(plan)
                   if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG}
            assert seq == set(), (query, since, through)
