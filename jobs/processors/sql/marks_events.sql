SELECT blocknumber AS mark FROM events
WHERE blocknumber > %(since)s
ORDER BY blocknumber
LIMIT %(batch)s
