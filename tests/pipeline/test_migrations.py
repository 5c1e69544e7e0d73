"""The migrations build exactly the tables the code declares: no drift between schema.py and Alembic."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from models.records import fact_fields
from pipeline.store import open_store
from pipeline.store.schema import Base, FactRow


def test_every_fact_field_has_a_column():
    assert [name for name in fact_fields() if name != "id" and name not in FactRow.__table__.columns] == []


def test_a_migrated_store_matches_the_declared_schema(store_url):
    engine = open_store(store_url).kw["bind"]
    with engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert drift == []
