"""Scheduled ingestion of an inbox folder into the store, as a served Prefect deployment.

What: each run takes the inbox's fully written files, extracts the new or changed ones
(content already stored by this extractor version is skipped), stores them, and moves
each file to processed/ or failed/ (with a reason). Why: submissions arrive at any
time; a schedule (interval or cron) picks them up without anyone watching, runs are
visible in the Prefect UI, and a lock keeps overlapping runs from handling a file twice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from prefect import flow

from extractors.engine import EXTRACTOR_VERSION
from flows.bulk import extract_batch
from pipeline.inbox import file_away, inbox_lock, stable_files
from pipeline.store import finish_run, open_store, save_results, start_run

DEPLOYMENT_NAME = "reportx-ingest"
SETTLE_SECONDS = 1.0
RUNNER_POLL_SECONDS = 1


@dataclass
class IngestSummary:
    busy: bool = False
    files: int = 0
    stored: int = 0
    skipped: int = 0
    failures: int = 0

    def line(self) -> str:
        if self.busy:
            return "another ingestion pass holds the inbox; nothing done"
        return f"{self.files} file(s): {self.stored} stored, {self.skipped} already stored, {self.failures} failed"


@flow(name="reportx-ingest", validate_parameters=False)
def ingest_flow(inbox: str, db: str, settle_seconds: float = SETTLE_SECONDS) -> IngestSummary:
    """One pass over the inbox: extract, store, and file away every fully written file."""
    folder = Path(inbox)
    with inbox_lock(folder) as held:
        if not held:
            return IngestSummary(busy=True)
        ready = stable_files(folder, settle_seconds)
        if not ready:
            return IngestSummary()
        store = open_store(db)
        run_id = start_run(store, "ingest", EXTRACTOR_VERSION)
        results = extract_batch([str(path) for path in ready])
        saved = save_results(store, results, EXTRACTOR_VERSION, run_id)
        for result in results:
            file_away(folder, result)
        finish_run(store, run_id, len(ready), saved)
    outcomes = [s.outcome for s in saved]
    return IngestSummary(files=len(ready), stored=outcomes.count("stored"), skipped=outcomes.count("skipped"),
                         failures=outcomes.count("failed"))


def ingest_once(inbox: str, db: str, settle_seconds: float = SETTLE_SECONDS) -> IngestSummary:
    """One pass now, on Prefect's embedded API (for cron users)."""
    from flows.settings import ephemeral_api

    with ephemeral_api():
        return ingest_flow(inbox=inbox, db=db, settle_seconds=settle_seconds)


def serve_ingestion(inbox: str, db: str, every: float | None = None, cron: str | None = None,
                    settle_seconds: float = SETTLE_SECONDS) -> None:
    """Serve the ingest deployment on a schedule until interrupted, on a server started here if none is configured."""
    from flows.settings import prefect_api

    os.environ.setdefault("PREFECT_RUNNER_POLL_FREQUENCY", str(RUNNER_POLL_SECONDS))
    with prefect_api():
        ingest_flow.serve(
            name=DEPLOYMENT_NAME,
            interval=every if cron is None else None,
            cron=cron,
            parameters={"inbox": inbox, "db": db, "settle_seconds": settle_seconds},
            limit=1,
            print_starting_message=False,
        )
