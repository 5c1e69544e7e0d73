"""The store of extracted facts and their review: schema, connection, and rerun-safe writes.

`open_store(db)` gives a session factory on a migrated database (SQLite ./reportx.db by
default, any SQLAlchemy URL via `--db` or REPORTX_DB); `save_results` writes files.
"""

from pipeline.store.batch import save_batch
from pipeline.store.database import (
    DB_ENV,
    DEFAULT_DB,
    StoreMissing,
    StoreUnavailable,
    StoreUrlError,
    display_url,
    is_store_file,
    open_store,
    resolve_url,
)
from pipeline.store.schema import (
    Base,
    DecisionRow,
    FactRow,
    FailureRow,
    ReportRow,
    RunRow,
    SourceRow,
    WarningRow,
)
from pipeline.store.writer import (
    Saved,
    current_sha256s,
    finish_run,
    run_failures,
    save_result,
    save_results,
    start_run,
)

__all__ = [
    "DB_ENV", "DEFAULT_DB", "Base", "DecisionRow", "FactRow", "FailureRow", "ReportRow", "RunRow", "Saved",
    "SourceRow", "StoreMissing", "StoreUnavailable", "StoreUrlError", "WarningRow", "current_sha256s", "display_url",
    "finish_run", "is_store_file", "open_store", "resolve_url", "run_failures", "save_batch", "save_result",
    "save_results", "start_run",
]
