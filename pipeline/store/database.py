"""Open the store: resolve its URL, tune SQLite (WAL), and bring the schema to the newest migration.

Default is a SQLite file `./reportx.db`; `--db` or `REPORTX_DB` takes a SQLAlchemy URL
of a database reportx supports (PostgreSQL for a shared store; `postgres://` is read as
PostgreSQL, as other tools do) or a plain file path. Readers of a store (export, review)
open it with `create=False`: a mistyped path is an error, never a new empty store.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB = "sqlite:///reportx.db"
DB_ENV = "REPORTX_DB"
SQLITE_BUSY_MS = 60_000
SCHEME_ALIASES = {"postgres": "postgresql"}  # Heroku, libpq and others write postgres://
URL_HELP = "give a SQLite file (reports.db), sqlite:///PATH or postgresql://USER@HOST/DATABASE"
SCHEMA_TABLE = "alembic_version"  # present in every store reportx has created


class StoreUnavailable(Exception):
    """The database cannot be reached or migrated (the CLI exits with EXIT_UNAVAILABLE)."""


class StoreUrlError(ValueError):
    """The store URL names no database reportx can use (the CLI exits with EXIT_USAGE)."""


class StoreMissing(Exception):
    """A command that only reads a store was pointed at one that does not exist (the CLI exits with EXIT_USAGE)."""


def resolve_url(db: str | None = None) -> str:
    """`--db`, else $REPORTX_DB, else ./reportx.db; a plain path means a SQLite file.

    A SQLite path is made absolute, so worker processes and served runs started in
    another directory open the same file.
    """
    given = db or os.environ.get(DB_ENV) or DEFAULT_DB
    url = parse_url(given)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        url = url.set(database=str(Path(url.database).resolve()))
    return url.render_as_string(hide_password=False)


def parse_url(given: str) -> URL:
    """The URL of `given`, its scheme checked against the installed database dialects."""
    try:
        url = make_url(given if "://" in given else f"sqlite:///{given}")
    except ArgumentError as error:
        raise StoreUrlError(f"not a store URL: {given}; {URL_HELP}") from error
    backend, _, driver = url.drivername.partition("+")
    if backend in SCHEME_ALIASES:
        url = url.set(drivername=SCHEME_ALIASES[backend] + (f"+{driver}" if driver else ""))
    try:
        url.get_dialect()
    except NoSuchModuleError as error:
        raise StoreUrlError(f"unknown database {url.drivername!r} in {display_url(url)}; {URL_HELP}") from error
    return url


def is_store_file(url: str) -> Callable[[Path], bool]:
    """Whether a path is one of the files the SQLite store at `url` keeps (the database, its WAL, shared
    memory and journal): never an input, even where the store sits in the folder being read."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return lambda path: False
    database = Path(parsed.database).resolve()
    names = {database.name + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    return lambda path: path.name in names and path.resolve().parent == database.parent


def display_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _tune_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """An Engine for `url`; SQLite connections get WAL, foreign keys and a long busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    if parsed.drivername == "postgresql":  # the driver reportx installs (SQLAlchemy 2.1 would pick psycopg 3)
        parsed = parsed.set(drivername="postgresql+psycopg2")
    return create_engine(parsed, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest Alembic revision (a no-op when it is current)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(files("pipeline") / "migrations"))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.begin() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_store(db: str | None = None, upgrade: bool = True, create: bool = True) -> sessionmaker[Session]:
    """A session factory on the resolved store, migrated to the newest schema; `create=False` never makes a new one."""
    url = resolve_url(db)
    if not create:
        require_existing_sqlite(url)
    engine = create_store_engine(url)
    try:
        exists = create or inspect(engine).has_table(SCHEMA_TABLE)
        if exists and upgrade:
            migrate(engine)
        elif exists:
            inspect(engine).has_table("sources")
    except Exception as error:  # driver errors differ per backend; all mean "cannot use this store"
        engine.dispose()
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]  # the driver's words, one line
        raise StoreUnavailable(f"cannot open the store {display_url(url)}: {reason}") from error
    if not exists:
        engine.dispose()
        raise StoreMissing(f"{display_url(url)} holds no reportx store; fill it first with `reportx bulk PATH --db URL`")
    return sessionmaker(engine, expire_on_commit=False)


def require_existing_sqlite(url: str) -> None:
    """Connecting to a SQLite file creates it, so a missing file is caught before any connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
            and not Path(parsed.database).is_file():
        raise StoreMissing(f"no store at {parsed.database}; fill one with `reportx bulk PATH --db {parsed.database}`, "
                           "or name an existing one with --db or REPORTX_DB")
