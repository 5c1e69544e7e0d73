"""Report identity on reports: year basis, organisation, region, kind, and the doc a report repeats.

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("year_basis", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("organisation", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("region", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("report_kind", sa.String(length=32), nullable=False, server_default="other"))
        batch_op.add_column(sa.Column("duplicate_of", sa.String(length=600), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        for column in ("duplicate_of", "report_kind", "region", "organisation", "year_basis"):
            batch_op.drop_column(column)
