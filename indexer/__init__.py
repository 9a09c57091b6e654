"""The core-chain indexer: reads blocks in order and writes their plays and entity changes exactly once."""
