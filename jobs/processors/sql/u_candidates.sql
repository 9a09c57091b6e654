-- starting_block is a number of the legacy entity-manager counter, which blocknumber continues (the indexer's
-- em_block), so the two compare on any chain; the chain height (plays.slot) never meets it.
WITH owners AS (
    SELECT DISTINCT owner_id FROM tracks WHERE blocknumber > %(since)s AND blocknumber <= %(through)s
)
SELECT %(challenge_id)s AS challenge_id, o.owner_id AS user_id, to_hex(o.owner_id) AS specifier,
       least(count(t.track_id), %(step_count)s)::int AS current_step_count, %(step_count)s AS step_count,
       %(amount)s AS amount, NULL::integer AS completed_blocknumber
FROM owners o
JOIN tracks t ON t.owner_id = o.owner_id AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted
    AND t.stem_of IS NULL AND t.blocknumber >= %(starting_block)s
GROUP BY o.owner_id
