SELECT address, user_id, name, description, is_personal_access, is_delete FROM developer_apps
WHERE address = %(address)s
