"""full-text search over enterprises (SQLite FTS5: trigram + short-token indexes)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

On SQLite the two external-content FTS5 tables are created, kept in step by triggers,
and filled from the rows already present. Other databases search with LIKE and need
nothing here.
"""

from __future__ import annotations

from alembic import op

from coop_desktop.db import sqlite as sqlite_impl

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in sqlite_impl.FTS_DDL:
        op.execute(statement)
    for statement in sqlite_impl.FTS_REBUILD:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in sqlite_impl.FTS_DROP:
        op.execute(statement)
