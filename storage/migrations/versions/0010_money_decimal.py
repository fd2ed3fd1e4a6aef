"""money as exact decimals: account billed and forecast become NUMERIC(18, 2)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(precision=18, scale=2)


def upgrade() -> None:
    # Floats become cents: PostgreSQL rounds double precision to numeric(18, 2); SQLite copies the table and keeps
    # each value, which the Money column type reads back rounded to the cent, so 0.30000000000000004 reads 0.30.
    with op.batch_alter_table('account', schema=None) as batch_op:
        for column in ('billed', 'forecast'):
            batch_op.alter_column(
                column,
                existing_type=sa.Float(),
                type_=MONEY,
                existing_nullable=False,
                postgresql_using=f'round({column}::numeric, 2)',
            )


def downgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        for column in ('billed', 'forecast'):
            batch_op.alter_column(column, existing_type=MONEY, type_=sa.Float(), existing_nullable=False)
