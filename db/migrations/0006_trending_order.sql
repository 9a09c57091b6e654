-- Trending pages are ordered score DESC, track_id DESC (the Go API's order). The indexes of 0004 end in
-- track_id ASC, so every page needed a sort of all tied-or-better rows, and the underground page (filtered
-- by its owner's counts) sorted the whole week instead of walking an index and stopping after one page.
-- These match the order exactly, with the genre filter among the equality columns.
DROP INDEX IF EXISTS track_trending_scores_rank_idx;
DROP INDEX IF EXISTS track_trending_scores_genre_idx;
CREATE INDEX IF NOT EXISTS track_trending_scores_page_idx
    ON track_trending_scores (type, version, time_range, score DESC, track_id DESC);
CREATE INDEX IF NOT EXISTS track_trending_scores_genre_page_idx
    ON track_trending_scores (type, version, time_range, genre, score DESC, track_id DESC);
