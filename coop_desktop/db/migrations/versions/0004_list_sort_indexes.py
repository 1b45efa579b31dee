"""indexes for the enterprise list at 150k rows

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

Measured on a 150,000-enterprise database: the full ``deleted_at`` index made SQLite answer
every live-list query through it (all rows are NULL) and sort in a temporary B-tree
(≈ 195 ms for the first page). It becomes a partial index on deleted rows, and the list's
sort keys get partial expression indexes on live rows (first page ≈ 2 ms). The two plain
``(name, id)`` indexes they supersede are dropped.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from coop_desktop.db import sqlite as sqlite_impl

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_DELETED = sa.text("deleted_at IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_enterprise_name_pinyin_id", table_name="enterprise")
    op.drop_index("ix_enterprise_name_en_id", table_name="enterprise")
    op.drop_index("ix_enterprise_deleted_at", table_name="enterprise")
    op.create_index(
        "ix_enterprise_deleted_at", "enterprise", ["deleted_at"],
        sqlite_where=_DELETED, postgresql_where=_DELETED,
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in sqlite_impl.SORT_INDEX_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in sqlite_impl.SORT_INDEX_DROP:
            op.execute(statement)
    op.drop_index("ix_enterprise_deleted_at", table_name="enterprise")
    op.create_index("ix_enterprise_deleted_at", "enterprise", ["deleted_at"])
    op.create_index("ix_enterprise_name_en_id", "enterprise", ["name_en", "id"])
    op.create_index("ix_enterprise_name_pinyin_id", "enterprise", ["name_pinyin", "id"])
