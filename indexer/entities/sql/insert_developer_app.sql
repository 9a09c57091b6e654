INSERT INTO developer_apps (address, user_id, name, description, is_personal_access, is_current, is_delete,
                            created_at, updated_at, txhash, blockhash, blocknumber)
VALUES (%(address)s, %(user_id)s, %(name)s, %(description)s, %(is_personal_access)s, true, %(is_delete)s, %(at)s,
        %(at)s, %(txhash)s, %(blockhash)s, %(blocknumber)s)
