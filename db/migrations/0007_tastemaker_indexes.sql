-- Tastemaker (t) reads, on every jobs tick, the earliest 10 live track reposts and saves of each top-10
-- trending track. repost_item_id_idx / save_item_id_idx find a track's rows but not in time order, so a
-- popular track cost a read and sort of all its reposts each tick; these return the first 10 directly.
CREATE INDEX IF NOT EXISTS reposts_track_earliest_idx ON reposts (repost_item_id, created_at, user_id)
    WHERE repost_type = 'track' AND is_current AND NOT is_delete;
CREATE INDEX IF NOT EXISTS saves_track_earliest_idx ON saves (save_item_id, created_at, user_id)
    WHERE save_type = 'track' AND is_current AND NOT is_delete;
