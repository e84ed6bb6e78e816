"""Audit databases for the tests: a SQLite file, or a fresh database on the PostgreSQL server named
by DOCGEN_TEST_POSTGRES (.ci/run starts one). Without it the PostgreSQL cases skip with the reason;
with DOCGEN_REQUIRE_SERVICES=1 (CI) they fail instead."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

CLINIC = '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n'


@dataclass
class AuditDb:
    backend: str
    database: str  # the [audit] database setting
    config: Path  # a docgen.toml that uses it
    url: str  # SQLAlchemy URL, for looking at the tables directly

    def engine(self) -> sa.Engine:
        return sa.create_engine(self.url, poolclass=sa.pool.NullPool)

    def write_config(self, extra: str = "") -> Path:
        """``extra``: top-level settings (such as ``templates = "..."``), written before the tables."""
        self.config.write_text(f'{extra}{CLINIC}\n[audit]\ndatabase = "{self.database}"\n')
        return self.config


def postgres_server() -> str:
    url = os.environ.get("DOCGEN_TEST_POSTGRES", "")
    if not url:
        reason = "DOCGEN_TEST_POSTGRES is not set: no PostgreSQL server to test the audit log on"
        if os.environ.get("DOCGEN_REQUIRE_SERVICES"):
            pytest.fail(reason)  # CI starts a server (.ci/run): the PostgreSQL cases must run there
        pytest.skip(reason)
    return url


def make_db(backend: str, folder: Path) -> Iterator[AuditDb]:
    folder.mkdir(exist_ok=True)
    config = folder / "docgen.toml"
    if backend == "sqlite":
        path = folder / "audit" / "audit.sqlite3"
        db = AuditDb(backend, str(path), config, f"sqlite:///{path}")
        db.write_config()
        yield db
        return
    server = postgres_server()
    base, _, _ = server.rpartition("/")
    name = f"docgen_t_{secrets.token_hex(6)}"
    admin = sa.create_engine(
        server.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
        poolclass=sa.pool.NullPool,
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    database = f"{base}/{name}"
    db = AuditDb(backend, database, config, database.replace("postgresql://", "postgresql+psycopg://", 1))
    db.write_config()
    try:
        yield db
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
