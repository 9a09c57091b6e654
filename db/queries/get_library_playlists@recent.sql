-- Newest first (added_date desc): the order the entries come out in, so the page stops after limit + offset.
    e.item_at DESC,
