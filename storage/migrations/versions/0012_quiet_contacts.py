"""per-contact silence: the contact who used to answer and stopped, kept with each account's aggregates

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 08:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows start with no quiet contact; the daily refresh of stale aggregates fills them in.
    with op.batch_alter_table('accountstats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quiet_contact_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quiet_contact_streak', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('quiet_contact_answered', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('quiet_contact_asked', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_foreign_key(
            'fk_accountstats_quiet_contact_id_contact', 'contact', ['quiet_contact_id'], ['id'], ondelete='SET NULL'
        )


def downgrade() -> None:
    with op.batch_alter_table('accountstats', schema=None) as batch_op:
        batch_op.drop_constraint('fk_accountstats_quiet_contact_id_contact', type_='foreignkey')
        batch_op.drop_column('quiet_contact_asked')
        batch_op.drop_column('quiet_contact_answered')
        batch_op.drop_column('quiet_contact_streak')
        batch_op.drop_column('quiet_contact_id')
