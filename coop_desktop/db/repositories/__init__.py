"""Query functions: the only place in the application where queries are built."""
