-- (handle, slug) pairs -> playlist ids, in the order given (upstream's Go get_playlist_ids_by_permalink:
-- the handle case-insensitively, the slug as typed). Old (non-current) routes still resolve, so a link
-- shared before a rename keeps working; a current route wins over an old one of the same owner and slug.
-- Visibility is get_playlists.sql's business: this only names ids.
SELECT DISTINCT ON (wanted.ord) pr.playlist_id
FROM unnest(%(handles)s::text[], %(slugs)s::text[]) WITH ORDINALITY AS wanted (handle, slug, ord)
JOIN users u ON u.handle_lc = lower(wanted.handle) AND u.is_current
JOIN playlist_routes pr ON pr.owner_id = u.user_id AND pr.slug = wanted.slug
ORDER BY wanted.ord, pr.is_current DESC
