-- The seed's chain starts at height 1, far below upstream's starting blocks (25,346,436 for u...), which
-- would make the gated processors find nothing; the bench copy counts the whole seeded history instead.
UPDATE challenges SET starting_block = 0
