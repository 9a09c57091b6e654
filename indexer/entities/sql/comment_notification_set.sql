-- Muting or unmuting takes the (user, entity) row to the new state in place, its first created_at kept: a
-- replayed transaction writes the same row again.
INSERT INTO comment_notification_settings (user_id, entity_id, entity_type, is_muted, created_at, updated_at,
                                           txhash, blockhash, blocknumber)
VALUES (%(user_id)s, %(entity_id)s, %(entity_type)s, %(is_muted)s, %(at)s, %(at)s, %(txhash)s, %(blockhash)s,
        %(blocknumber)s)
ON CONFLICT (user_id, entity_id, entity_type) DO UPDATE SET is_muted = EXCLUDED.is_muted,
    updated_at = EXCLUDED.updated_at, txhash = EXCLUDED.txhash, blockhash = EXCLUDED.blockhash,
    blocknumber = EXCLUDED.blocknumber
