-- Trending playlists and albums (issue 20): the scores the trending_playlist_scores job writes each hour
-- (jobs/processors/sql/trending_playlist_scores_refresh.sql), upstream's table and columns. Only playlists
-- that may trend have rows (the job applies upstream's track-count rules), and is_album is stored, so
-- getTrendingPlaylists walks one partition of the page index, best first, and stops after one page, instead
-- of counting every playlist's tracks per request as upstream's Go API does.
CREATE TABLE IF NOT EXISTS playlist_trending_scores (
    playlist_id integer NOT NULL,
    type varchar NOT NULL,
    version varchar NOT NULL,
    time_range varchar NOT NULL,
    score double precision NOT NULL,
    is_album boolean NOT NULL DEFAULT false,
    created_at timestamp NOT NULL,
    PRIMARY KEY (playlist_id, type, version, time_range)
);
CREATE INDEX IF NOT EXISTS playlist_trending_scores_page_idx
    ON playlist_trending_scores (type, version, time_range, is_album, score DESC, playlist_id DESC);

-- The hourly refresh reads every live repost and save of a playlist or album (the all-time karma sums their
-- users' followers); tracks' engagement is most of both tables, so these keep the pass to collections.
CREATE INDEX IF NOT EXISTS reposts_collection_idx ON reposts (repost_item_id, user_id, created_at)
    WHERE repost_type <> 'track' AND is_current AND NOT is_delete;
CREATE INDEX IF NOT EXISTS saves_collection_idx ON saves (save_item_id, user_id, created_at)
    WHERE save_type <> 'track' AND is_current AND NOT is_delete;
