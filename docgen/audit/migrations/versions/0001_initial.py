"""The first audit tables: template snapshots and prints.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("files", sa.Integer, nullable=False),
        sa.Column("blob", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "prints",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("job", sa.String(16), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printed_at", sa.String(32), nullable=False),
        sa.Column("operator", sa.String(200), nullable=False),
        sa.Column("workstation", sa.String(255), nullable=False),
        sa.Column("mrn", sa.String(64), nullable=False),
        sa.Column("procedure", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("job_kinds", sa.String(100), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("templates", sa.JSON, nullable=False),
        sa.Column("snapshot", sa.String(64), sa.ForeignKey("snapshots.hash"), nullable=False),
        sa.Column("visit", sa.JSON, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("settings_hash", sa.String(64), nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("file_pages", sa.Integer, nullable=False),
        sa.Column("destination", sa.Text, nullable=False),
        sa.Column("reprint_of", sa.String(16), nullable=True),
        sa.Column("docgen_version", sa.String(40), nullable=False),
        sa.Column("environment", sa.JSON, nullable=False),
    )
    op.create_index("ix_prints_job", "prints", ["job"])
    op.create_index("ix_prints_recorded_at", "prints", ["recorded_at"])
    op.create_index("ix_prints_mrn", "prints", ["mrn"])
    op.create_index("ix_prints_reprint_of", "prints", ["reprint_of"])


def downgrade() -> None:
    op.drop_table("prints")
    op.drop_table("snapshots")
