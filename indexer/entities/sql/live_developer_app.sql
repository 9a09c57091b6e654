SELECT EXISTS (SELECT 1 FROM developer_apps WHERE address = %(wallet)s AND NOT is_delete) AS live
