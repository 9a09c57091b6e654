-- Tracks attributed to the path user as the AI-training artist (upstream v1_users_tracks_ai_attributed.go),
-- by any owner whose account is active. An unlisted one reaches its owner only: the candidates' filter below
-- also shows unlisted tracks to the profile user, who here is not their owner. tracks_ai_attribution_idx
-- (migration 0020) finds them.
    SELECT t.* FROM tracks t
    WHERE t.ai_attribution_user_id = %(user_id)s AND t.is_current
      AND (NOT t.is_unlisted OR t.owner_id = %(my_id)s)
      -- The owner's state as a scalar probe per track, not EXISTS: as a semi-join the planner may hash all
      -- of users for an artist with thousands of attributions (a sequential scan per request; seen at 2,000
      -- in tests/test_query_plans_library.py, depending on ANALYZE's sample). A missing owner is NULL: false.
      AND (SELECT NOT u.is_deactivated FROM users u WHERE u.user_id = t.owner_id AND u.is_current)
