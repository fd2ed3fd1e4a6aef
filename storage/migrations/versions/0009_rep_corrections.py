"""a rep's corrections: look-alike account keys, edited and deleted interactions, cached user names

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-01 22:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types
from bot.core.matching import name_key

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_account', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('created_contact', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('edited_at', storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deleted_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    op.create_table('username',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('fetched_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id')
    )
    _refold_account_keys()


def _refold_account_keys() -> None:
    """Re-keys account names with look-alikes folded; a name that now collides keeps its id in its key."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, team_id, name, name_key FROM account ORDER BY id")).fetchall()
    taken = {(row[1], row[3]) for row in rows}
    for account_id, team_id, name, old_key in rows:
        key = name_key(name)
        if key == old_key:
            continue
        if (team_id, key) in taken:
            key = f"{key} #{account_id}"
        taken.discard((team_id, old_key))
        taken.add((team_id, key))
        bind.execute(sa.text("UPDATE account SET name_key = :key WHERE id = :id"), {"key": key, "id": account_id})


def downgrade() -> None:
    op.drop_table('username')
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.drop_column('deleted_by')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('edited_at')
        batch_op.drop_column('created_contact')
        batch_op.drop_column('created_account')
