    SELECT track_id, score FROM track_trending_scores
    WHERE type = 'TRACKS' AND version = %(version)s AND time_range = %(time_range)s
