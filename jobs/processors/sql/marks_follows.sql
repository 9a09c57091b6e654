SELECT blocknumber AS mark FROM follows
WHERE blocknumber > %(since)s
ORDER BY blocknumber
LIMIT %(batch)s
