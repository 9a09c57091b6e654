-- Slots of every purchase, valid or not, so the checkpoint moves past invalid ones.
SELECT slot AS mark FROM usdc_purchases
WHERE slot > %(since)s
ORDER BY slot
LIMIT %(batch)s
