SELECT blocknumber AS mark FROM saves
WHERE blocknumber > %(since)s
ORDER BY blocknumber
LIMIT %(batch)s
