"""events and participations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event',
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('place_zh', sa.String(length=200), nullable=True),
    sa.Column('place_en', sa.String(length=200), nullable=True),
    sa.Column('partner_country', sa.String(length=2), nullable=True),
    sa.Column('zone_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['zone_id'], ['zone.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_starts_on'), ['starts_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_updated_at'), ['updated_at'], unique=False)

    op.create_table('event_participation',
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('contacts_made', sa.Integer(), nullable=True),
    sa.Column('agreements', sa.Integer(), nullable=True),
    sa.Column('amount_fen', sa.BigInteger(), nullable=True),
    sa.Column('outcome', sa.String(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event_participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_participation_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_participation_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_participation_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index('ix_participation_pair', ['event_id', 'enterprise_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event_participation', schema=None) as batch_op:
        batch_op.drop_index('ix_participation_pair')
        batch_op.drop_index(batch_op.f('ix_event_participation_updated_at'))
        batch_op.drop_index(batch_op.f('ix_event_participation_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_event_participation_deleted_at'))

    op.drop_table('event_participation')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_updated_at'))
        batch_op.drop_index(batch_op.f('ix_event_starts_on'))
        batch_op.drop_index(batch_op.f('ix_event_deleted_at'))

    op.drop_table('event')
