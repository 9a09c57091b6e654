INSERT INTO track_downloads (txhash, blocknumber, parent_track_id, track_id, user_id, city, region, country,
                             created_at)
VALUES (%(txhash)s, %(blocknumber)s, %(parent_track_id)s, %(track_id)s, %(user_id)s, %(city)s, %(region)s,
        %(country)s, %(at)s)
ON CONFLICT (parent_track_id, track_id, txhash) DO NOTHING
