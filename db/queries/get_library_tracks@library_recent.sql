-- A user's library of tracks newest first (the default order): get_library_tracks@library's entries, which
-- come out in this order, so the page stops after limit + offset of them.
--@source
--< library
--@first
    item.item_at DESC,
