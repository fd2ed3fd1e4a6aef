"""Persistence: SQLModel tables, queries, engine and sessions, and Alembic migrations."""
