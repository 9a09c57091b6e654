AND uc.completed_blocknumber > %(completed_blocknumber)s::integer
