"""yearly figures the 2026 measures ask for

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Five nullable columns on ``enterprise_year`` (plain ``ADD COLUMN``, no copy): the key
chain link and priority field of the leading product, its top-3 and leading market
position, and the SRDI development score the MIIT platform computes (0–100).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BOOLS = ("key_chain_link", "priority_field", "domestic_market_top3", "leading_market_position")


def upgrade() -> None:
    for name in _BOOLS:
        op.add_column("enterprise_year", sa.Column(name, sa.Boolean(), nullable=True))
    op.add_column("enterprise_year", sa.Column("srdi_development_score", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enterprise_year", schema=None) as batch_op:
        for name in (*_BOOLS, "srdi_development_score"):
            batch_op.drop_column(name)
