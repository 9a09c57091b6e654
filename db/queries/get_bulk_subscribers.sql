-- Every subscriber of each of the given users, by subscriber id (upstream's legacy bulk form: the whole
-- list per user, unpaged). One index range per user; users without subscribers get an empty list.
SELECT wanted.user_id,
       -- ARRAY(...) keeps the index's order: no sort of a long list.
       ARRAY(SELECT s.subscriber_id
             FROM subscriptions s
             WHERE s.user_id = wanted.user_id AND s.is_current AND NOT s.is_delete AND s.entity_type = 'User'
             ORDER BY s.subscriber_id) AS subscriber_ids
FROM unnest(%(ids)s::int[]) WITH ORDINALITY AS wanted (user_id, position)
ORDER BY wanted.position
