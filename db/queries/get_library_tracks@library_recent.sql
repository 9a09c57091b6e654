-- A user's library of tracks newest first (the default order): get_library_tracks@library's entries, in
-- their order, unbounded.
--@source
--< library
--@bound
--@first
    item.item_at DESC,
