    -- Tracks for sale in USDC (getTrendingUSDCPurchaseTracks): the partial index holds only the rows the job
    -- flagged for sale, and the track is checked to still be for sale (the flag is as of the last refresh).
    SELECT s.track_id, s.score FROM track_trending_scores s
    WHERE s.type = 'TRACKS' AND s.version = %(version)s AND s.time_range = %(time_range)s AND s.usdc_purchase
      AND (SELECT t.stream_conditions ? 'usdc_purchase' FROM tracks t WHERE t.track_id = s.track_id AND t.is_current)
