SELECT play_item_id, count(*) FROM plays
WHERE created_at > %(now)s::timestamp - interval '30 days' AND created_at <= %(now)s::timestamp
GROUP BY play_item_id
