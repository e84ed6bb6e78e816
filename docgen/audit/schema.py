"""The audit tables, in SQLAlchemy Core. Changes go through a new Alembic migration
(docgen/audit/migrations/versions/) and bump :data:`HEAD`."""

from __future__ import annotations

import sqlalchemy as sa

#: The newest migration; a database at another revision is upgraded on first use.
HEAD = "0002"

metadata = sa.MetaData()

#: Each distinct template set (built-ins + clinic overlay, resolved, plus the logo), stored once.
snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("files", sa.Integer, nullable=False),
    sa.Column("blob", sa.LargeBinary, nullable=False),
)

#: One row per printed document; the documents of one PDF share ``job``.
prints = sa.Table(
    "prints",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("job", sa.String(16), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("printed_at", sa.String(32), nullable=False),
    sa.Column("operator", sa.String(200), nullable=False),
    sa.Column("workstation", sa.String(255), nullable=False),
    sa.Column("mrn", sa.String(64), nullable=False, index=True),
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
    sa.Column("reprint_of", sa.String(16), nullable=True, index=True),
    sa.Column("docgen_version", sa.String(40), nullable=False),
    sa.Column("environment", sa.JSON, nullable=False),
)

#: Each time a recorded document was handed on after it was made: the web form's Print button.
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("print_id", sa.String(16), sa.ForeignKey("prints.id"), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("operator", sa.String(200), nullable=False),
    sa.Column("workstation", sa.String(255), nullable=False),
    sa.Column("destination", sa.Text, nullable=False),
)
