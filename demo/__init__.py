"""The demo data set: its generators, written as table rows or as the core-chain blocks that say the same thing."""
