-- "/<handle>/<slug>" permalinks -> track ids, in the order given. Old (non-current) routes still resolve,
-- so links shared before a rename keep working.
SELECT DISTINCT ON (wanted.ord) tr.track_id
FROM unnest(%(handles)s::text[], %(slugs)s::text[]) WITH ORDINALITY AS wanted (handle, slug, ord)
JOIN users u ON u.handle_lc = lower(wanted.handle) AND u.is_current
JOIN track_routes tr ON tr.owner_id = u.user_id AND tr.slug = wanted.slug
ORDER BY wanted.ord, tr.is_current DESC
