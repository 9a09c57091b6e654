-- Trending variants, recommendations and feeling lucky (issue 19).

-- getTrendingUSDCPurchaseTracks ranks only tracks sold for USDC, a small share of the scored ones: walking the
-- whole score index and testing each track would read every score when few tracks are for sale. The trending
-- job stores whether a scored track was for sale at its last refresh (read time checks it still is), so a
-- page walks these partial indexes and stops after one page.
ALTER TABLE track_trending_scores ADD COLUMN IF NOT EXISTS usdc_purchase boolean NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS track_trending_scores_usdc_page_idx
    ON track_trending_scores (type, version, time_range, score DESC, track_id DESC) WHERE usdc_purchase;
CREATE INDEX IF NOT EXISTS track_trending_scores_usdc_genre_page_idx
    ON track_trending_scores (type, version, time_range, genre, score DESC, track_id DESC) WHERE usdc_purchase;

-- getFeelingLuckyTracks samples tracks with at least 250 plays (the Go API's floor) by probing this index at
-- random track ids, instead of ordering every candidate by random().
CREATE INDEX IF NOT EXISTS aggregate_plays_lucky_idx ON aggregate_plays (play_item_id) WHERE count >= 250;

-- getUserRecommendedTracks reads a listener's most listened tracks (their genres) from track_listeners, whose
-- primary key leads with the track.
CREATE INDEX IF NOT EXISTS track_listeners_user_idx ON track_listeners (user_id, listen_hours DESC, track_id);

-- getTrendingWinners finds its week (the nearest stored one) per reward type; the primary key leads with rank.
CREATE INDEX IF NOT EXISTS trending_results_week_idx ON trending_results (type, version, week);
