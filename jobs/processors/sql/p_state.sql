INSERT INTO challenge_profile_completion AS c (
    user_id, profile_description, profile_name, profile_picture, profile_cover_photo, follows, reposts,
    favorites)
SELECT * FROM unnest(%(user_id)s::integer[], %(profile_description)s::boolean[], %(profile_name)s::boolean[],
                     %(profile_picture)s::boolean[], %(profile_cover_photo)s::boolean[], %(follows)s::boolean[],
                     %(reposts)s::boolean[], %(favorites)s::boolean[])
ON CONFLICT (user_id) DO UPDATE SET
    profile_description = EXCLUDED.profile_description,
    profile_name = EXCLUDED.profile_name,
    profile_picture = EXCLUDED.profile_picture,
    profile_cover_photo = EXCLUDED.profile_cover_photo,
    follows = EXCLUDED.follows,
    reposts = EXCLUDED.reposts,
    favorites = EXCLUDED.favorites
WHERE (c.profile_description, c.profile_name, c.profile_picture, c.profile_cover_photo, c.follows, c.reposts,
       c.favorites) IS DISTINCT FROM
      (EXCLUDED.profile_description, EXCLUDED.profile_name, EXCLUDED.profile_picture,
       EXCLUDED.profile_cover_photo, EXCLUDED.follows, EXCLUDED.reposts, EXCLUDED.favorites)
