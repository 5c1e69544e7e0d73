"""Bulk conversion of a report archive into the store, as one Prefect flow.

What: discover files, skip those already stored by this extractor version, extract the
rest as Prefect tasks, one per batch of files, on threads, processes or a Dask cluster,
each task writing its batch into the store as soon as it is extracted. Why: a legacy archive is
converted in one go, resumably (a killed run loses only unwritten batches; a rerun
skips what is stored), observably (runs show in a Prefect UI when PREFECT_API_URL is
set), and on a cluster when it outgrows a laptop (Dask runner, PostgreSQL store).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from extractors.engine import extract_report
from extractors.version import EXTRACTOR_VERSION
from flows.lifetime import watch_parent
from flows.settings import PrefectApi, prefect_api
from flows.workers import ChildWatch, Strikes, WorkerLedger, forget_message_queue, worker_ledger
from models.codes import FailureCode
from pipeline.ingest import discover
from pipeline.plan import batch_budget, batches, plan_files
from pipeline.progress import progress
from pipeline.run import FileResult, failure_record, process_file
from pipeline.store import (
    Saved,
    current_sha256s,
    finish_run,
    is_store_file,
    open_store,
    save_batch,
    save_results,
    start_run,
)

WARM_UP_TEXT = "学校现有学生826人，2011年11月14日验收。"
TRANSIENT_ERRNOS = frozenset({errno.EAGAIN, errno.EBUSY, errno.EINTR, errno.EIO, errno.ESTALE, errno.ETIMEDOUT})
class TransientReadError(OSError):
    """A file could not be read for a reason that may pass (busy, network file system hiccup)."""


def raise_if_transient(result: FileResult) -> None:
    if result.failure is None or result.failure.error.code != FailureCode.READ_ERROR:
        return
    try:
        with open(result.path, "rb") as handle:
            handle.read(1)
    except OSError as error:
        if error.errno in TRANSIENT_ERRNOS:
            raise TransientReadError(error.errno, f"{result.path}: {error.strerror}") from error


def retry_transient_reads(task, task_run, state) -> bool:
    """Retry a batch only when a read failed transiently; a bad file fails the same way every time."""
    try:
        state.result()
    except TransientReadError:
        return True
    except Exception:
        return False
    return False


@task(name="extract-batch", retries=2, retry_delay_seconds=2, retry_condition_fn=retry_transient_reads,
      cache_policy=NO_CACHE, persist_result=False)
def extract_batch(paths: list[str]) -> list[FileResult]:
    """Extract a batch of files; each bad file becomes a Failure record, never an exception."""
    return extract_files(paths)


@task(name="convert-batch", retries=2, retry_delay_seconds=2, retry_condition_fn=retry_transient_reads,
      cache_policy=NO_CACHE, persist_result=False)
def convert_batch(paths: list[str], db: str, run_id: int, ledger: str | None = None) -> list[Saved]:
    """Extract a batch and write it into the store from the worker (no texts travel back; a retry skips what is stored)."""
    return convert_files(paths, db, run_id, WorkerLedger(ledger) if ledger else None)


def extract_files(paths: list[str], ledger: WorkerLedger | None = None) -> list[FileResult]:
    """The batch tasks' work, plain functions so workers import them rather than unpickle them."""
    results = []
    for path in paths:
        if ledger:
            ledger.note(path)
        results.append(process_file(path))
    if ledger:
        ledger.clear()
    for result in results:
        raise_if_transient(result)
    return results


def convert_files(paths: list[str], db: str, run_id: int, ledger: WorkerLedger | None = None) -> list[Saved]:
    return save_batch(worker_store(db), extract_files(paths, ledger), EXTRACTOR_VERSION, run_id)


@functools.cache
def worker_store(db: str):
    """One connection pool per worker process and store (the flow has migrated the schema already)."""
    return open_store(db, upgrade=False)


@dataclass
class BulkSummary:
    run_id: int
    files: int
    skipped: int
    reports: int
    facts: int
    failures: int
    bytes: int
    elapsed: float
    status: str

    def line(self) -> str:
        rate = self.bytes / 1e6 / max(self.elapsed, 1e-9)
        return (f"{self.files} file(s) ({self.skipped} already stored), {self.reports} report(s), {self.facts} fact(s), "
                f"{self.failures} failed in {self.elapsed:.1f} s ({rate:.2f} MB/s)")


def batch_outcome(future, paths: list[str], db: str, run_id: int) -> list[Saved] | None:
    """A batch's outcome; None when a dead worker broke its pool (it runs again on a fresh one)."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except Exception as error:  # not one file's fault (files fail as records): the store or the orchestration
        message = f"the extraction task failed: {type(error).__name__}: {error}"
        failed = [FileResult(path, failure=failure_record(path, FailureCode.EXTRACT_ERROR, message)) for path in paths]
        return save_results(worker_store(db), failed, EXTRACTOR_VERSION, run_id)


@flow(name="reportx-bulk", validate_parameters=False)
def bulk_flow(paths: list[str], db: str, workers: int = 2, quiet: bool = False) -> BulkSummary:
    """Extract every new or changed file under `paths` into the store at `db`."""
    started = time.perf_counter()
    factory = open_store(db)
    with factory() as session:
        stored = current_sha256s(session, EXTRACTOR_VERSION)
    files = list(discover(paths, skip=is_store_file(db)))
    plan = plan_files(files, stored)
    run_id = start_run(factory, "bulk", EXTRACTOR_VERSION)
    groups = batches(plan.todo, batch_budget(plan.total_bytes, workers))
    saved = convert_groups(groups, db, run_id, quiet)
    status = finish_run(factory, run_id, len(files), saved)
    return BulkSummary(
        run_id=run_id, files=len(files), skipped=plan.skipped + sum(s.outcome == "skipped" for s in saved),
        reports=sum(s.reports for s in saved), facts=sum(s.facts for s in saved),
        failures=sum(s.outcome == "failed" for s in saved), bytes=plan.total_bytes,
        elapsed=time.perf_counter() - started, status=status,
    )


def run_round(pool, groups: list[list[str]], db: str, run_id: int, ledger: WorkerLedger | None,
              quiet: bool) -> tuple[list[Saved], list[list[str]]]:
    """Submit every batch to `pool`; (what was saved, the batches a dead worker broke)."""
    parameters = {"db": db, "run_id": run_id, "ledger": str(ledger.folder) if ledger else None}
    futures = {pool.submit(convert_batch, {"paths": group, **parameters}): group for group in groups}
    saved: list[Saved] = []
    broken = []
    for future in progress(as_completed(list(futures)), desc="bulk", unit="batch", quiet=quiet, total=len(groups)):
        outcome = batch_outcome(future, futures[future], db, run_id)
        if outcome is None:
            broken.append(futures[future])
        else:
            saved += outcome
    return saved, broken


def convert_groups(groups: list[list[str]], db: str, run_id: int, quiet: bool) -> list[Saved]:
    """Run the batches; on a process pool, the batches a dead worker broke run again on a fresh pool,
    without the files that killed workers twice (see flows/workers.py)."""
    pool = FlowRunContext.get().task_runner
    if not isinstance(pool, ProcessPoolTaskRunner):
        return run_round(pool, groups, db, run_id, None, quiet)[0]
    saved: list[Saved] = []
    strikes = Strikes()
    with worker_ledger() as ledger, ChildWatch() as watch, contextlib.ExitStack() as fresh_pools:
        while groups:
            done, broken = run_round(pool, groups, db, run_id, ledger, quiet=True if saved else quiet)
            saved += done
            if not broken:
                break
            forget_message_queue(pool)
            strikes.record(ledger, watch, finished_batches=len(groups) - len(broken))
            groups = []
            for group in broken:
                again, dead = strikes.split(group)
                saved += save_results(worker_store(db), dead, EXTRACTOR_VERSION, run_id)
                groups += [again] if again else []
            fresh = pool.duplicate()
            fresh_pools.close()  # the last broken pool, if it was one of ours
            pool = fresh_pools.enter_context(fresh)
    return saved


def warm_extractor() -> None:
    """Load the spaCy pipeline and jieba's dictionaries now (while the Prefect API starts), not on the first file."""
    extract_report(WARM_UP_TEXT, 0, len(WARM_UP_TEXT))


def task_runner(runner: str, workers: int, dask_address: str | None = None):
    """Threads for I/O-light runs, processes for CPU-bound extraction, Dask for a (local or remote) cluster."""
    if runner == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if runner == "processes":
        return ProcessPoolTaskRunner(max_workers=workers, initializer=watch_parent, initargs=(os.getpid(),))
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})


def run_bulk(paths: list[str], db: str, workers: int, runner: str, dask_address: str | None = None,
             quiet: bool = False, api: PrefectApi | None = None) -> BulkSummary:
    """Run the bulk flow on the chosen task runner, its workers reporting to one Prefect API (started here if not given);
    threads extract in this process, whose extractor loads while the API starts."""
    with prefect_api(api, meanwhile=warm_extractor if runner == "threads" else None):
        return bulk_flow.with_options(task_runner=task_runner(runner, workers, dask_address))(
            paths=paths, db=db, workers=workers, quiet=quiet)
