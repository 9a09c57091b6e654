"""Database access: embedded PostgreSQL bootstrap, pools, migrations and named queries."""
