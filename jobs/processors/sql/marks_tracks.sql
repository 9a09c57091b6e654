SELECT blocknumber AS mark FROM tracks
WHERE blocknumber > %(since)s
ORDER BY blocknumber
LIMIT %(batch)s
