SELECT blocknumber AS mark FROM reposts
WHERE blocknumber > %(since)s
ORDER BY blocknumber
LIMIT %(batch)s
