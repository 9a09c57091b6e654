SELECT blocknumber AS mark FROM users
WHERE blocknumber > %(since)s
ORDER BY blocknumber
LIMIT %(batch)s
