"""per-workspace sentiment adjustments learned from label corrections

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01 22:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = '0006'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'sentimentadjustment',
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('feature', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('delta', sa.Float(), nullable=False),
        sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('team_id', 'feature'),
    )


def downgrade() -> None:
    op.drop_table('sentimentadjustment')
