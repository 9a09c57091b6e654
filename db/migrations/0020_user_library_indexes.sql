-- A user's favorites, listening history and AI-attributed tracks (issue 18: getUserFavorites,
-- getUserFavoriteTracks, getUsersTrackHistory, getAIAttributedTracksByUserHandle).

-- A user's live track saves in the orders the lists page them: upstream's favorites (oldest block first,
-- ties newest item first) and the favorite tracks' default (newest save first). A user with 10,000
-- favorites is read from the front of the index for a page, not sorted whole.
CREATE INDEX IF NOT EXISTS saves_user_track_block_idx ON saves (user_id, blocknumber, save_item_id DESC)
    WHERE save_type = 'track' AND is_current AND NOT is_delete;
CREATE INDEX IF NOT EXISTS saves_user_track_created_idx ON saves (user_id, created_at DESC, save_item_id DESC)
    WHERE save_type = 'track' AND is_current AND NOT is_delete;

-- Listening history: upstream keeps a per-user JSON list (user_listening_history) filled by a job; we derive
-- it from plays, one entry per track the user played (its latest play and play count), so it is never stale
-- and needs no job. This is upstream's ix_plays_user_track_date, which 0002 had dropped for the cost of
-- each inserted play: the history reads a listener's plays grouped by track straight off it (index only),
-- so a request costs the listener's own plays, never a scan of plays. Anonymous plays have no history.
CREATE INDEX IF NOT EXISTS ix_plays_user_track_date ON plays (user_id, play_item_id, created_at)
    WHERE user_id IS NOT NULL;

-- Tracks attributed to an AI-training user (few users have any): one probe instead of a scan of tracks.
CREATE INDEX IF NOT EXISTS tracks_ai_attribution_idx ON tracks (ai_attribution_user_id)
    WHERE is_current AND ai_attribution_user_id IS NOT NULL;
