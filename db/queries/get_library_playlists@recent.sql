-- Newest first (added_date desc), the order of the entries.
    e.item_at DESC,
