UPDATE developer_apps SET name = %(name)s, description = %(description)s, is_delete = %(is_delete)s,
                          updated_at = %(at)s, txhash = %(txhash)s, blockhash = %(blockhash)s,
                          blocknumber = %(blocknumber)s
WHERE address = %(address)s
