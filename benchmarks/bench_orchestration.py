"""What orchestration costs a user: bulk's fixed cost, a rerun, `ingest --once`, and ingest latency.

Each number is the wall time of whole `reportx` commands, start-up included, in a fresh
PREFECT_HOME that one warm-up run has migrated (a first run in a new home pays ~5 s more):

- `bulk` of the samples into a new store, against `reportx extract` of the same file: the
  difference is the fixed orchestration cost (Prefect API, flow run, store);
- `bulk` again with everything stored (answered from the store);
- `ingest --once` with one file waiting (dropped before the settle time);
- `ingest --every 2`: from dropping a file until its facts are in the store, `--drops` times.

`--busy N` runs N busy loops (`while True: pass`) beside every command. `--standing-api` starts
one local Prefect API first and names it in PREFECT_API_URL for every command, as a user
who keeps one running does (no command then pays the API's start-up).

  .venv/bin/python benchmarks/bench_orchestration.py [--runs 5] [--drops 10] [--busy 0] [--standing-api]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.settings import api_for_command, wait_until_ready  # noqa: E402
from pipeline.store import FactRow  # noqa: E402

SAMPLE = ROOT / "samples" / "000_fa63da99af307c15.txt"
REPORTX = [sys.executable, "-m", "reportx.cli"]
DROP_EVERY_S = 2
LATENCY_DEADLINE_S = 300


def wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started


@contextlib.contextmanager
def busy_loops(count: int) -> Iterator[None]:
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def facts_in(db: Path) -> int:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(FactRow.__table__))
    except Exception:  # not created or migrated yet
        return 0
    finally:
        engine.dispose()


def ingest_latency(work: Path, env: dict[str, str], drops: int) -> list[float]:
    """Seconds from dropping a report into the inbox of `ingest --every 2` until its facts are stored."""
    inbox, db = work / "latency-inbox", work / "latency.db"
    inbox.mkdir()
    serve = subprocess.Popen([*REPORTX, "ingest", "--inbox", str(inbox), "--db", str(db), "--every", str(DROP_EVERY_S)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while serve.poll() is None and "watching" not in serve.stderr.readline():
            pass
        latencies = []
        for number in range(drops):
            before = facts_in(db)
            text = SAMPLE.read_text(encoding="utf-8") + f"\n第{number}份。"  # new content each time
            staged = work / f"drop-{number}.txt"
            staged.write_text(text, encoding="utf-8")
            dropped = time.perf_counter()
            os.replace(staged, inbox / staged.name)
            deadline = dropped + LATENCY_DEADLINE_S
            while facts_in(db) == before and time.perf_counter() < deadline:
                time.sleep(0.02)
            latencies.append(time.perf_counter() - dropped)
            time.sleep(DROP_EVERY_S * 0.7)  # drops land at different points of the interval
        return latencies
    finally:
        serve.terminate()
        serve.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--drops", type=int, default=10)
    parser.add_argument("--busy", type=int, default=0)
    parser.add_argument("--standing-api", action="store_true", help="every command uses one API started first")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportx-orchestration-"))
    os.environ["PREFECT_HOME"] = str(work / "prefect")
    os.environ.pop("PREFECT_API_URL", None)
    with contextlib.ExitStack() as standing:
        if args.standing_api:
            wait_until_ready(standing.enter_context(api_for_command()), print)
        measure(args, work, dict(os.environ))
    shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, work: Path, env: dict[str, str]) -> None:
    wall([*REPORTX, "bulk", str(SAMPLE), "--db", str(work / "warm.db"), "-q"], env)  # Prefect's one-time migrations
    rows: dict[str, list[float]] = {}
    with busy_loops(args.busy):
        for run in range(args.runs):
            db = work / f"bulk-{run}.db"
            rows.setdefault("reportx extract samples/", []).append(
                wall([*REPORTX, "extract", "-q", str(SAMPLE), "--out", os.devnull], env))
            rows.setdefault("reportx bulk samples/ (new store)", []).append(
                wall([*REPORTX, "bulk", str(SAMPLE), "--db", str(db), "-q"], env))
            rows.setdefault("reportx bulk samples/ (rerun, all stored)", []).append(
                wall([*REPORTX, "bulk", str(SAMPLE), "--db", str(db), "-q"], env))
            inbox = work / f"inbox-{run}"
            inbox.mkdir()
            shutil.copy(SAMPLE, inbox / SAMPLE.name)
            changed = time.time() - 10
            os.utime(inbox / SAMPLE.name, (changed, changed))
            rows.setdefault("reportx ingest --once (one file)", []).append(
                wall([*REPORTX, "ingest", "--inbox", str(inbox), "--db", str(work / f"once-{run}.db"), "--once"], env))
        latencies = ingest_latency(work, env, args.drops) if args.drops else []
    api = "one standing Prefect API" if args.standing_api else "a local Prefect API per command"
    print(f"\n{os.cpu_count()} CPU(s), {args.busy} busy loop(s), {args.runs} run(s) each, {api}; wall seconds\n")
    print(f"| {'command':<44} | {'median':>6} | {'min':>6} | {'max':>6} |")
    print(f"|{'-' * 46}|{'-' * 7}:|{'-' * 7}:|{'-' * 7}:|")
    for name, times in rows.items():
        print(f"| {name:<44} | {statistics.median(times):6.2f} | {min(times):6.2f} | {max(times):6.2f} |")
    fixed = [b - e for b, e in zip(rows["reportx bulk samples/ (new store)"], rows["reportx extract samples/"], strict=True)]
    print(f"\nfixed orchestration cost of bulk (bulk minus extract, same run): median {statistics.median(fixed):.2f} s")
    if latencies:
        print(f"ingest --every {DROP_EVERY_S}: drop → facts stored, {len(latencies)} drops: "
              f"median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s")


if __name__ == "__main__":
    main()
