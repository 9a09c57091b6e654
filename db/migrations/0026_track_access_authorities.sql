-- The wallets that sign stream access for a track (programmable distribution), written by Track Create and
-- Update as the ETL's applyAccessNormalization does (indexer/entities/access.py). allowed_api_keys exists
-- since 0001.
ALTER TABLE tracks ADD COLUMN IF NOT EXISTS access_authorities text[];
