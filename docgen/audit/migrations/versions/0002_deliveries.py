"""Deliveries: a recorded document handed on later (the web form's Print button).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("print_id", sa.String(16), sa.ForeignKey("prints.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator", sa.String(200), nullable=False),
        sa.Column("workstation", sa.String(255), nullable=False),
        sa.Column("destination", sa.Text, nullable=False),
    )
    op.create_index("ix_deliveries_print_id", "deliveries", ["print_id"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_print_id", "deliveries")
    op.drop_table("deliveries")
