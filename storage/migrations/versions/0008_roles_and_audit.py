"""audit trail of changes, Slack requests already handled

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'audit_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('at', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('subject_type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('subject_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_audit_events_team_at', 'audit_events', ['team_id', 'at'], unique=False)
    op.create_table(
        'handled_requests',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('at', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade() -> None:
    op.drop_table('handled_requests')
    op.drop_index('ix_audit_events_team_at', table_name='audit_events')
    op.drop_table('audit_events')
