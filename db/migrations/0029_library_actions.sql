-- A user's library of tracks, playlists and albums (issue 20: getUserLibraryTracks, getUserLibraryPlaylists,
-- getUserLibraryAlbums).

-- Purchases as library entries: a buyer's purchases of one content type newest first, read with their saves
-- and reposts (saves_user_recent_idx, reposts_user_recent_idx, migration 0024); and the probe "did they buy
-- this item later", which keeps one entry per item.
CREATE INDEX IF NOT EXISTS usdc_purchases_buyer_recent_idx
    ON usdc_purchases (buyer_user_id, content_type, created_at DESC, content_id DESC);
CREATE INDEX IF NOT EXISTS usdc_purchases_buyer_content_idx
    ON usdc_purchases (buyer_user_id, content_type, content_id, created_at);
