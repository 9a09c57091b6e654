-- Curated track lists (issue 19): the indexes each list is read in order through, and the table the
-- curated_lists job (jobs/processors/curated_lists.py) precomputes the global, aggregated lists into.

-- Latest tracks: listed, available, current tracks newest first, walked from the top of the index for a
-- page, overall or within one genre, instead of sorting every track per request.
CREATE INDEX IF NOT EXISTS tracks_latest_idx ON tracks (created_at DESC, track_id DESC)
    WHERE is_current AND NOT is_delete AND NOT is_unlisted AND is_available;
CREATE INDEX IF NOT EXISTS tracks_latest_genre_idx ON tracks (genre, created_at DESC, track_id DESC)
    WHERE is_current AND NOT is_delete AND NOT is_unlisted AND is_available;

-- The followee lists (most loved, best new releases, under the radar) read each followee's newest saves,
-- reposts and uploads, a bounded number each, and a viewer's newest follows, a bounded number.
CREATE INDEX IF NOT EXISTS follows_follower_recent_idx ON follows (follower_user_id, created_at DESC)
    WHERE is_current AND NOT is_delete;
CREATE INDEX IF NOT EXISTS saves_user_recent_idx ON saves (user_id, save_type, created_at DESC)
    WHERE is_current AND NOT is_delete;
CREATE INDEX IF NOT EXISTS reposts_user_recent_idx ON reposts (user_id, repost_type, created_at DESC)
    WHERE is_current AND NOT is_delete;

-- The job's windows: the last month of track shares, and the last month of premium (USDC-gated) tracks.
CREATE INDEX IF NOT EXISTS shares_recent_idx ON shares (share_type, created_at);
CREATE INDEX IF NOT EXISTS tracks_premium_recent_idx ON tracks (created_at DESC)
    WHERE is_current AND NOT is_delete AND NOT is_unlisted AND is_available
      AND (stream_conditions ? 'usdc_purchase' OR download_conditions ? 'usdc_purchase');

-- One row per rank of each precomputed list ('remixables', 'recent_premium', 'most_shared:week',
-- 'most_shared:month', 'most_shared:allTime'). A refresh rewrites a list whole in the job's transaction, so
-- a reader sees the old list or the new one. Pages are read by (list, rank): a range of the primary key.
CREATE TABLE IF NOT EXISTS curated_track_lists (
    list     varchar          NOT NULL,
    rank     integer          NOT NULL,
    track_id integer          NOT NULL,
    score    double precision NOT NULL,
    PRIMARY KEY (list, rank)
);

-- Popular genres (getPopularGenres): how many listed tracks each genre gained per UTC day and per calendar
-- month, rewritten by the same job. A request since any time sums the whole months after it, the whole days
-- after it in its own month, and counts the rest of its own day live: at most a few hundred buckets per
-- genre instead of a GROUP BY over every track.
CREATE TABLE IF NOT EXISTS genre_track_counts (
    bucket       varchar NOT NULL CHECK (bucket IN ('day', 'month')),
    bucket_start date    NOT NULL,
    genre        varchar NOT NULL,
    count        integer NOT NULL,
    PRIMARY KEY (bucket, bucket_start, genre)
);
-- The live part of a popular-genres request: the listed tracks of one day, read by time.
CREATE INDEX IF NOT EXISTS tracks_listed_created_idx ON tracks (created_at) INCLUDE (genre)
    WHERE is_current AND NOT is_delete AND NOT is_unlisted;
