-- As User Update {is_deactivated: true} in its own block (at the user's own time, so updated_at stays).
UPDATE users u SET is_deactivated = true, blocknumber = d.blocknumber, blockhash = d.blockhash, txhash = d.txhash
FROM unnest(%(id)s::int[], %(blocknumber)s::int[], %(blockhash)s::text[], %(txhash)s::text[])
     AS d (id, blocknumber, blockhash, txhash)
WHERE u.user_id = d.id
