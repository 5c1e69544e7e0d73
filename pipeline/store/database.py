"""Open the store: resolve its URL, tune SQLite (WAL), and bring the schema to the newest migration.

Default is a SQLite file `./reportx.db`; `--db` or `REPORTX_DB` takes any SQLAlchemy
URL (PostgreSQL for a shared store) or a plain file path.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB = "sqlite:///reportx.db"
DB_ENV = "REPORTX_DB"
SQLITE_BUSY_MS = 60_000


class StoreUnavailable(Exception):
    """The database cannot be reached or migrated (the CLI exits with EXIT_UNAVAILABLE)."""


def resolve_url(db: str | None = None) -> str:
    """`--db`, else $REPORTX_DB, else ./reportx.db; a plain path means a SQLite file.

    A SQLite path is made absolute, so worker processes and served runs started in
    another directory open the same file.
    """
    given = db or os.environ.get(DB_ENV) or DEFAULT_DB
    url = make_url(given if "://" in given else f"sqlite:///{given}")
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        url = url.set(database=str(Path(url.database).resolve()))
    return url.render_as_string(hide_password=False)


def display_url(url: str) -> str:
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


def open_store(db: str | None = None, upgrade: bool = True) -> sessionmaker[Session]:
    """A session factory on the resolved store, migrated to the newest schema."""
    url = resolve_url(db)
    engine = create_store_engine(url)
    try:
        if upgrade:
            migrate(engine)
        else:
            inspect(engine).has_table("sources")
    except Exception as error:  # driver errors differ per backend; all mean "cannot use this store"
        engine.dispose()
        raise StoreUnavailable(f"cannot open the store {display_url(url)}: {type(error).__name__}: {error}") from error
    return sessionmaker(engine, expire_on_commit=False)
