-- As Track Delete in its own block (the block's time is the track's, so updated_at stays).
UPDATE tracks t SET is_delete = true, blocknumber = d.blocknumber, blockhash = d.blockhash, txhash = d.txhash
FROM unnest(%(id)s::int[], %(blocknumber)s::int[], %(blockhash)s::text[], %(txhash)s::text[])
     AS d (id, blocknumber, blockhash, txhash)
WHERE t.track_id = d.id
