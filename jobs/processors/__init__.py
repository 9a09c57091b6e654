"""One module per processor (or family of processors); their SQL is in processors/sql."""
