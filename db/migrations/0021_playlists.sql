-- Playlists as the read API serves them (issue 20): their repost and save counts, and the lookups their
-- operations page through.

-- A playlist's (or album's) live reposts and saves, kept by db/functions/handle_playlist_engagement.sql as
-- they are indexed, so a playlist's favorite_count and repost_count, the "popular" order of a user's
-- playlists and the size of a playlist's reposter and saver lists are one probe each instead of a count.
-- A playlist nobody engaged with may have no row (readers coalesce to 0).
CREATE TABLE IF NOT EXISTS aggregate_playlist (
    playlist_id integer PRIMARY KEY,
    repost_count integer NOT NULL DEFAULT 0,
    save_count integer NOT NULL DEFAULT 0
);

-- Engagement indexed before this table existed. The counts are recomputed, not added to, so running this
-- again (a changed file, a crash before the functions pass attached the trigger) leaves them right; a
-- playlist whose engagement was all undone is set back to 0.
WITH live AS (
    SELECT repost_item_id AS item_id, count(*) AS reposts, 0 AS saves FROM reposts
    WHERE repost_type <> 'track' AND is_current AND NOT is_delete GROUP BY repost_item_id
    UNION ALL
    SELECT save_item_id, 0, count(*) FROM saves
    WHERE save_type <> 'track' AND is_current AND NOT is_delete GROUP BY save_item_id
), counted AS (
    SELECT item_id, sum(reposts)::integer AS reposts, sum(saves)::integer AS saves FROM live GROUP BY item_id
), gone AS (
    UPDATE aggregate_playlist a SET repost_count = 0, save_count = 0
    WHERE NOT EXISTS (SELECT 1 FROM counted c WHERE c.item_id = a.playlist_id)
)
INSERT INTO aggregate_playlist AS a (playlist_id, repost_count, save_count)
SELECT item_id, reposts, saves FROM counted ORDER BY item_id
ON CONFLICT (playlist_id) DO UPDATE SET repost_count = EXCLUDED.repost_count, save_count = EXCLUDED.save_count;

-- A user's playlists or albums: an index probe for the one owner's (2,000 for the largest profile).
CREATE INDEX IF NOT EXISTS playlists_owner_listing_idx
    ON playlists (playlist_owner_id, is_album, created_at, playlist_id) WHERE is_current AND NOT is_delete;

-- getBulkPlaylists?upc=: the albums carrying a UPC.
CREATE INDEX IF NOT EXISTS playlists_upc_idx ON playlists (upc) WHERE is_current AND upc IS NOT NULL;
