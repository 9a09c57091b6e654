SELECT blocknumber AS mark FROM playlists
WHERE blocknumber > %(since)s
ORDER BY blocknumber
LIMIT %(batch)s
