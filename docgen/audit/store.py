"""The audit database: SQLite in the user's data folder by default, PostgreSQL by setting.

Opened with SQLAlchemy Core; on first use the schema is brought to :data:`HEAD` with Alembic's
migrations shipped in docgen/audit/migrations/. The SQLite file is owner-only (0600, in a 0700
folder), in WAL mode with a busy timeout, and every write transaction takes the write lock at its
start (``BEGIN IMMEDIATE``), so two docgen processes can record at once without losing a row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from docgen.audit.schema import HEAD, deliveries, prints, snapshots
from docgen.errors import ConfigError, OutputError

#: How long a writer waits for another process's transaction (SQLite), in milliseconds.
BUSY_TIMEOUT_MS = 30_000


def default_path() -> Path:
    """``audit.sqlite3`` in docgen's folder of the user's data directory (XDG on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("docgen", appauthor=False)) / "audit.sqlite3"


def database_url(setting: str | None) -> tuple[str, Path | None]:
    """The SQLAlchemy URL for ``[audit] database`` (None: the default SQLite file), and the SQLite
    file it names, if any. ``postgresql://`` and ``postgres://`` use the psycopg 3 driver."""
    if not setting:
        path = default_path()
        return f"sqlite:///{path}", path
    for prefix in ("postgresql://", "postgres://"):
        if setting.startswith(prefix):
            return "postgresql+psycopg://" + setting[len(prefix) :], None
    if setting.startswith("postgresql+"):
        return setting, None
    if setting.startswith("sqlite:///"):
        return setting, Path(setting[len("sqlite:///") :])
    if "://" in setting:
        raise ConfigError("[audit] database must be a file path, sqlite:///path or postgresql://...")
    path = Path(setting).expanduser()
    return f"sqlite:///{path}", path


def _owner_only(path: Path, *, default_folder: bool) -> None:
    """Create the SQLite file 0600 (and, for the default place, its folder 0700) before SQLite does."""
    folder = path.parent
    try:
        if default_folder:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        elif not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
    except OSError as exc:
        raise OutputError(
            f"cannot create the audit database in {folder} ({exc.strerror})", field="[audit] database"
        ) from None


def _sqlite_events(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # docgen says when a transaction begins (below)
        cursor = dbapi.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class AuditStore:
    """One audit database. Use :func:`open_store`, which caches one per URL and process."""

    def __init__(self, url: str, sqlite_path: Path | None = None, *, default_folder: bool = False):
        self.url = url
        self.sqlite_path = sqlite_path
        if sqlite_path is not None:
            _owner_only(sqlite_path, default_folder=default_folder)
        try:
            self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool if sqlite_path else None)
        except (ImportError, sa.exc.ArgumentError) as exc:
            hint = "; install docgen-spine[postgres]" if isinstance(exc, ImportError) else ""
            raise ConfigError(f"[audit] database cannot be opened ({type(exc).__name__}){hint}") from None
        if sqlite_path is not None:
            _sqlite_events(self.engine)
        self._migrate()

    def _revision(self, conn: Connection) -> str | None:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        version = sa.table("alembic_version", sa.column("version_num"))
        return conn.execute(sa.select(version.c.version_num)).scalar()

    def _migrate(self) -> None:
        """Bring the schema to HEAD; another process doing the same at the same moment is fine."""
        for attempt in range(5):
            try:
                with self.engine.connect() as conn:
                    if self._revision(conn) == HEAD:
                        return
                    from alembic import command
                    from alembic.config import Config

                    config = Config()
                    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                    conn.commit()
                return
            except sa.exc.OperationalError as exc:
                if attempt == 4:
                    raise _unreachable(exc) from None
            except sa.exc.DatabaseError:  # the other process created the tables first
                if attempt == 4:
                    raise
            time.sleep(0.1 * (attempt + 1))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction (committed when the block ends without an exception)."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa.exc.OperationalError as exc:
            raise _unreachable(exc) from None

    def keep_snapshot(self, digest: str, files: int, blob: bytes) -> None:
        """Store a template set once (a second process storing the same one at once is fine)."""
        with contextlib.suppress(sa.exc.IntegrityError), self.transaction() as conn:
            if conn.execute(sa.select(snapshots.c.hash).where(snapshots.c.hash == digest)).first():
                return
            conn.execute(
                snapshots.insert().values(
                    hash=digest, created_at=dt.datetime.now(dt.UTC), files=files, blob=blob
                )
            )

    @staticmethod
    def add(conn: Connection, records: Sequence[Mapping[str, Any]]) -> None:
        """Insert print records inside a transaction from :meth:`transaction`."""
        if records:
            conn.execute(prints.insert(), [dict(r) for r in records])

    def find(
        self,
        *,
        mrn: str | None = None,
        since: dt.datetime | None = None,
        record_id: str | None = None,
        job: str | None = None,
    ) -> list[dict[str, Any]]:
        """Records, newest first (documents of one print in their order)."""
        query = sa.select(prints)
        if mrn is not None:
            query = query.where(prints.c.mrn == mrn)
        if since is not None:
            query = query.where(prints.c.recorded_at >= since)
        if record_id is not None:  # the record, and the reprints of the document it names
            query = query.where(sa.or_(prints.c.id == record_id, prints.c.reprint_of == record_id))
        if job is not None:
            query = query.where(prints.c.job == job)
        query = query.order_by(prints.c.recorded_at.desc(), prints.c.job.desc(), prints.c.seq)
        try:
            with self.engine.connect() as conn:
                return [dict(row._mapping) for row in conn.execute(query)]
        except sa.exc.OperationalError as exc:
            raise _unreachable(exc) from None

    @staticmethod
    def insert_deliveries(
        conn: Connection, ids: Sequence[str], *, operator: str, workstation: str, destination: str
    ) -> None:
        """Record, inside a transaction, that the documents ``ids`` were handed on later (printed
        from the web form's preview)."""
        now = dt.datetime.now(dt.UTC)
        row = {"at": now, "operator": operator, "workstation": workstation, "destination": destination}
        conn.execute(deliveries.insert(), [{"print_id": i, **row} for i in ids])

    def ids_of_files(self, files: Sequence[tuple[str, str]]) -> list[str]:
        """The document IDs recorded for files given as (absolute path, SHA-256), in file order."""
        wanted = {path: digest for path, digest in files}
        if not wanted:
            return []
        query = (
            sa.select(prints.c.id, prints.c.destination, prints.c.sha256)
            .where(prints.c.destination.in_(list(wanted)))
            .order_by(prints.c.seq)
        )
        found: dict[str, list[str]] = {}
        try:
            with self.engine.connect() as conn:
                for row in conn.execute(query):
                    if wanted[row.destination] == row.sha256:
                        found.setdefault(row.destination, []).append(row.id)
        except sa.exc.OperationalError as exc:
            raise _unreachable(exc) from None
        return [i for path, _ in files for i in dict.fromkeys(found.get(path, []))]

    def deliveries(self, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """The deliveries of the documents ``ids``, oldest first, by document."""
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        if not ids:
            return out
        query = sa.select(deliveries).where(deliveries.c.print_id.in_(list(ids))).order_by(deliveries.c.id)
        try:
            with self.engine.connect() as conn:
                for row in conn.execute(query):
                    out[row.print_id].append(dict(row._mapping))
        except sa.exc.OperationalError as exc:
            raise _unreachable(exc) from None
        return out

    def snapshot(self, digest: str) -> bytes | None:
        with self.engine.connect() as conn:
            blob = conn.execute(sa.select(snapshots.c.blob).where(snapshots.c.hash == digest)).scalar()
        return bytes(blob) if blob is not None else None


def _unreachable(exc: sa.exc.DBAPIError) -> OutputError:
    # The driver's message may quote a statement with patient data: name the kind of failure only.
    what = type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__
    return OutputError(f"the audit database cannot be used ({what})", field="[audit] database")


_STORES: dict[str, AuditStore] = {}


def open_store(setting: str | None) -> AuditStore:
    """The audit store for ``[audit] database`` (None: the default SQLite file), opened once."""
    url, path = database_url(setting)
    if url not in _STORES:
        _STORES[url] = AuditStore(url, path, default_folder=not setting)
    return _STORES[url]
