"""survey identity and one-tap answers: workspace branding, rep names, held taps

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-01 22:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.add_column(sa.Column('brand_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.add_column(sa.Column('brand_logo_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.add_column(sa.Column('brand_accent', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True))
    op.create_table(
        'repprofile',
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('team_id', 'user_id'),
    )
    op.create_table(
        'surveytap',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pulse_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column('hold_until', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['pulse_id'], ['pulse.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('surveytap', schema=None) as batch_op:
        batch_op.create_index('ix_surveytap_held', ['state', 'hold_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_surveytap_pulse_id'), ['pulse_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('surveytap', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveytap_pulse_id'))
        batch_op.drop_index('ix_surveytap_held')
    op.drop_table('surveytap')
    op.drop_table('repprofile')
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.drop_column('brand_accent')
        batch_op.drop_column('brand_logo_url')
        batch_op.drop_column('brand_name')
