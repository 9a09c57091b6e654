AND t.genre = %(genre)s
