-- The catalog's per-rank amounts of the ranked (trending) challenges: element n is what rank n pays. The
-- trending jobs write each win's amount from it, and every endpoint shows that stored amount, so one number
-- is true for a row everywhere (the user's challenge list used to show the flat catalog amount, 1000, for the
-- ranks that pay 100). NULL for challenges that are not ranked.
ALTER TABLE challenges ADD COLUMN IF NOT EXISTS rank_amounts integer[];
