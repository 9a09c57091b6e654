"""search_words: the text-search statistics (migration 0031's search_words) that choose each search's path.

A search reads a word's postings through the text index when they are few, and walks its sort's index when
they are many (db/functions/search_words.sql, docs/search.md); the counts it decides by are recomputed here by
refresh_search_words(), a full pass over tracks, users and playlists (a few seconds at 1,000,000 tracks). Counts
that lag the data only move a query between its two equally correct paths, so the job runs once an hour of the
tick's clock, the time of its last run (epoch seconds) being its checkpoint. The refresh deletes and rewrites
every row in the processor's transaction, with the checkpoint: readers see the old counts or the new, a second
run writes the same rows, and a crash before the commit leaves the previous counts whole.
"""

from __future__ import annotations

from openaudio_api.jobs.engine import Processor, Tick

CHECKPOINT = "search_words:last_refresh_epoch"
REFRESH_SECONDS = 3600


def run(tick: Tick) -> None:
    now = tick.due(CHECKPOINT, REFRESH_SECONDS)
    if now is None:
        return
    tick.execute("search_words_refresh")
    tick.advance(CHECKPOINT, now)


PROCESSOR = Processor("search_words", run)
