SELECT blocknumber AS mark FROM comments
WHERE blocknumber > %(since)s
ORDER BY blocknumber
LIMIT %(batch)s
