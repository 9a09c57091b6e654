-- Remix, stem and listener lookups (issue 18: getTrackRemixes, getTrackRemixParents, getTrackStems,
-- getTrackTopListeners).

-- A track's top listeners (upstream counts a listener's distinct hours with a play of the track, per track):
-- one row per (track, listener), kept by the plays trigger (db/functions/handle_play.sql) as plays arrive, so
-- a page is an index walk in the page's order instead of a count over every play of the track (a million
-- for a hit). Anonymous plays (no user_id) have no listener and are not counted, as upstream.
CREATE TABLE IF NOT EXISTS track_listeners (
    track_id integer NOT NULL,
    user_id integer NOT NULL,
    listen_hours bigint NOT NULL,
    PRIMARY KEY (track_id, user_id)
);
CREATE INDEX IF NOT EXISTS track_listeners_rank_idx ON track_listeners (track_id, listen_hours DESC, user_id);

-- Plays indexed before this table existed. Rows already present are kept current by the trigger, so
-- running this again only fills what is missing.
INSERT INTO track_listeners (track_id, user_id, listen_hours)
SELECT play_item_id, user_id, count(DISTINCT date_trunc('hour', created_at))
FROM plays
WHERE user_id IS NOT NULL
GROUP BY play_item_id, user_id
ON CONFLICT (track_id, user_id) DO NOTHING;

-- A parent's latest remix contest (only_contest_entries): one probe per request instead of a scan of events.
CREATE INDEX IF NOT EXISTS events_remix_contest_entity_idx ON events (entity_id, created_at DESC)
    WHERE event_type = 'remix_contest' AND NOT is_deleted;
