"""Bulk conversion throughput: `reportx bulk` on each runner vs plain `reportx extract`, on the same files.

Builds a synthetic archive of single-report files (benchmarks/corpus.py), then times
whole commands (start-up included) and prints a table. Orchestration overhead is the
Prefect flow's time over the same batches run on a bare process pool with the same
store writes, at the same worker count and with the same start method: Prefect's
process runner spawns its workers, so the comparison is with a spawning pool (a
forking pool, shown too, skips the workers' imports by inheriting the parent's).

  .venv/bin/python benchmarks/bench_bulk.py [--reports 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import make_corpus
from reportx.commands.bulk import RUNNERS

SUMMARY_SECONDS = re.compile(r"failed in ([0-9.]+) s")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Wall seconds of a command, and the seconds its summary line reports (the work after start-up)."""
    started = time.perf_counter()
    done = subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    summary = SUMMARY_SECONDS.findall(done.stderr)
    return wall, float(summary[-1]) if summary else None


def bare_pool(archive: Path, db: str, workers: int, start_method: str) -> tuple[float, float]:
    """The bulk flow's work without Prefect: plan, batch, then extract and store on a process pool."""
    started = time.perf_counter()
    from extractors.version import EXTRACTOR_VERSION
    from flows.bulk import convert_files
    from pipeline.ingest import discover
    from pipeline.plan import batch_budget, batches, plan_files
    from pipeline.store import current_sha256s, open_store, start_run

    imported = time.perf_counter()
    store = open_store(db)
    with store() as session:
        plan = plan_files(discover([archive]), current_sha256s(session, EXTRACTOR_VERSION))
    convert = functools.partial(convert_files, db=db, run_id=start_run(store, "bulk", EXTRACTOR_VERSION))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(start_method)) as pool:
        list(pool.map(convert, batches(plan.todo, batch_budget(plan.total_bytes, workers))))
    return time.perf_counter() - started, time.perf_counter() - imported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportx-bench-"))
    archive = work / "archive"
    paths = make_corpus(archive, args.reports)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "DO_NOT_TRACK": "1",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    reportx = [sys.executable, "-m", "reportx.cli"]
    timed([*reportx, "bulk", str(paths[0]), "--db", str(work / "warm.db")], env)  # Prefect's one-time migrations

    rows = [("reportx extract (1 process)", timed([*reportx, "extract", str(archive), "--out", os.devnull], env))]
    for runner in RUNNERS:
        db = str(work / f"{runner}.db")
        command = [*reportx, "bulk", str(archive), "--db", db, "--runner", runner, "--workers", str(args.workers)]
        rows.append((f"bulk --runner {runner} -w {args.workers}", timed(command, env)))
        if runner == "processes":
            rows.append(("bulk rerun, all stored (fixed cost)", timed(command, env)))
    for start_method in ("spawn", "fork"):
        bare = bare_pool(archive, f"sqlite:///{work / f'bare-{start_method}.db'}", args.workers, start_method)
        rows.append((f"bare {start_method} pool -w {args.workers} (no Prefect)", bare))
    bare = dict(rows)[f"bare spawn pool -w {args.workers} (no Prefect)"]

    baseline = rows[0][1][0]
    print(f"\n{args.reports} reports, {megabytes:.1f} MB, {os.cpu_count()} CPU(s); "
          "'work s' is the time the summary line reports, after start-up\n")
    print(f"| {'what':<40} | {'wall s':>7} | {'work s':>7} | {'reports/s':>9} | {'MB/s':>6} | {'vs extract':>10} |")
    print(f"|{'-' * 42}|{'-' * 8}:|{'-' * 8}:|{'-' * 10}:|{'-' * 7}:|{'-' * 11}:|")
    for name, (wall, work) in rows:
        work_text = f"{work:7.1f}" if work is not None else f"{'':7}"
        print(f"| {name:<40} | {wall:7.1f} | {work_text} | {args.reports / wall:9.1f} | {megabytes / wall:6.2f} | {baseline / wall:9.2f}x |")
    flow_wall, flow_work = dict(rows)[f"bulk --runner processes -w {args.workers}"]
    print(f"\norchestration overhead at {args.workers} workers, processes runner vs a bare spawning pool: "
          f"{(flow_wall - bare[0]) / bare[0]:+.0%} wall (Prefect start-up included), "
          f"{(flow_work - bare[1]) / bare[1]:+.0%} after start-up")


if __name__ == "__main__":
    main()
