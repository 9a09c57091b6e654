-- The whole recount, in the caller's transaction (jobs/processors/search_words.py).
SELECT refresh_search_words()
