"""The search_words job (issue 22): it recounts the words a search's path choice reads, hourly by the tick's
clock, idempotently, and only from current rows; a search answers the same on either side of a refresh."""

from datetime import timedelta

from openaudio_api.jobs.processors.search_words import REFRESH_SECONDS
from tests import factory
from tests.challenges import NOW, run_jobs


def refresh(url, now=NOW):
    return run_jobs(url, only=["search_words"], now=now)


def counts(conn) -> dict[tuple[str, str], int]:
    return {(k, t): d for k, t, d in conn.execute("SELECT kind, term, docs FROM search_words")}


def titles(client, query: str) -> list[str]:
    r = client.get("/v1/tracks/search", params={"query": query})
    assert r.status_code == 200, r.text
    return sorted(t["title"] for t in r.json()["data"])


def test_the_job_counts_current_words_hourly_and_idempotently(conn, db_url, client):
    factory.user(conn, 1)
    for n in range(3):
        factory.track(conn, 10 + n, 1, title=f"Zephyr Song {n}")
    factory.track(conn, 20, 1, title="Quartz")
    found = titles(client, "zephyr")
    assert counts(conn) == {}  # nothing counted before the job's first run

    (outcome,) = refresh(db_url)
    assert outcome.name == "search_words"
    first = counts(conn)
    assert first[("t", "zephyr")] == 3 and first[("t", "quartz")] == 1 and first[("t", "")] == 4
    assert first[("T", "zeph")] == 3 and first[("T", "q")] == 1  # the short prefixes
    assert first[("u", "")] == 1
    assert titles(client, "zephyr") == found == ["Zephyr Song 0", "Zephyr Song 1", "Zephyr Song 2"]

    # Within the hour the job does nothing, whatever changed; a replay at the same clock changes nothing.
    factory.track(conn, 21, 1, title="Zephyr Again")
    refresh(db_url, NOW + timedelta(seconds=REFRESH_SECONDS - 1))
    refresh(db_url)
    assert counts(conn) == first

    # An hour on, the new track counts, and an old row replaced by a newer version counts once.
    conn.execute("UPDATE tracks SET is_current = false WHERE track_id = 20")
    factory.track(conn, 20, 1, title="Quartz Zephyr", blocknumber=99)
    refresh(db_url, NOW + timedelta(seconds=REFRESH_SECONDS))
    later = counts(conn)
    assert later[("t", "zephyr")] == 5 and later[("t", "quartz")] == 1 and later[("t", "")] == 5
    assert titles(client, "zephyr") == ["Quartz Zephyr", "Zephyr Again", "Zephyr Song 0", "Zephyr Song 1",
                                        "Zephyr Song 2"]

    # A second run in the next hour rewrites the same rows.
    refresh(db_url, NOW + timedelta(seconds=2 * REFRESH_SECONDS))
    assert counts(conn) == later
