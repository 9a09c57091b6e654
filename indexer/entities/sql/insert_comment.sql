WITH reply AS (
    INSERT INTO comment_threads (comment_id, parent_comment_id)
    SELECT %(comment_id)s, %(parent_comment_id)s WHERE %(parent_comment_id)s::integer IS NOT NULL
)
INSERT INTO comments (comment_id, text, user_id, entity_id, entity_type, track_timestamp_s, is_delete, created_at,
                      updated_at, blocknumber, blockhash, txhash, is_members_only, video_url)
VALUES (%(comment_id)s, %(text)s, %(user_id)s, %(entity_id)s, %(entity_type)s, %(track_timestamp_s)s, %(is_delete)s,
        %(at)s, %(at)s, %(blocknumber)s, %(blockhash)s, %(txhash)s, %(is_members_only)s, %(video_url)s)
