-- A user's live track saves, newest first: walked off saves_user_track_created_idx (migration 0020), whose
-- order is the first key, so the page stops after limit + offset saves.
--@source
    SELECT s.save_item_id AS track_id, s.created_at AS item_at, NULL::timestamp AS last_listen,
           NULL::bigint AS listens, false AS truncated
    FROM saves s
    WHERE s.user_id = %(user_id)s AND s.save_type = 'track' AND s.is_current AND NOT s.is_delete
--@bound
--@first
    item.item_at DESC,
