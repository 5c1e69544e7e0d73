"""How fast the whole extraction runs on sparse and dense reports, beside a one-pass regex scan.

Two corpora of at least --mb megabytes each, one report per file in a temporary folder:
sparse (the sample reports, ~1 fact per 130 characters) and dense (statistics bulletins
and flattened tables from `corpus.dense_report`, ~1 fact per 20 characters). Each corpus
runs in a fresh process, so its peak RSS is its own: the files are read, then
`pipeline.run.extract_source` runs on every Source (normalise → segment → extract →
validate). Beside it, one compiled regex finds number + unit candidates over the same
texts: the practical ceiling. Rates are per core (CPU seconds of the process);
"whole process" also counts imports and building the pipeline.

    .venv/bin/python benchmarks/bench_extract.py [--corpus sparse|dense|both] [--mb 10] [--profile 25] [--stages]

`--stages` also prints the CPU of each stage per fact (normalise, identity, the spaCy Doc, each
component, cross-checks, building and validating records), on a second pass over the same texts.

`--one-line 20 50` instead runs `reportx extract` on one report of that many megabytes written
as a single line, and prints its wall and CPU seconds and peak RSS (memory must not follow the line).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from corpus import make_corpus, make_dense_corpus, make_one_line_report  # noqa: E402

from flows.lifetime import collect_garbage_rarely  # noqa: E402

CORPORA = {"sparse": make_corpus, "dense": make_dense_corpus}
GOAL = "dense: >= 1.0 M chars/s per core whole process, >= 25% of the regex scan, < 400 MiB peak"


def build_corpus(folder: Path, corpus: str, megabytes: float) -> list[Path]:
    """Enough single-report files of `corpus` to reach `megabytes` of UTF-8 text."""
    make = CORPORA[corpus]
    paths = make(folder, 200)
    average = sum(p.stat().st_size for p in paths) / len(paths)
    paths = make(folder, int(megabytes * 1_000_000 / average) + 1)
    while sum(p.stat().st_size for p in paths) < megabytes * 1_000_000:
        paths = make(folder, len(paths) + 50)
    return paths


def ceiling_pattern():
    """Number followed by any unit of the unit table: the cheapest scan that still finds candidates."""
    import regex

    from extractors.numerals import NUMBER
    from extractors.tables import alternation, unit_table

    return regex.compile(rf"{NUMBER}(?:{alternation([u.surface for u in unit_table().units])})")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_pipeline(sources) -> tuple[float, float, int]:
    """Wall and CPU seconds of the whole extraction, and the facts it found."""
    from pipeline.run import extract_source

    facts = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for source in sources:
        facts += sum(len(report.facts) for report in extract_source(source))
    return time.perf_counter() - wall, time.process_time() - cpu, facts


def stage_times(sources) -> tuple[dict[str, float], float, int]:
    """CPU seconds of each stage of `run_pipeline` (each spaCy component apart), its total and the facts.

    The stages are timed where they are called (module attributes and the pipeline's components are
    wrapped for the run), so what is timed is the product's own code path."""
    import pipeline.run as run
    from extractors import engine

    spent: dict[str, float] = {}

    def timed(label, function, consume=False):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            result = function(*args, **kwargs)
            if consume:
                result = list(result)
            spent[label] = spent.get(label, 0.0) + time.process_time() - started
            return result
        return wrapper

    class TimedAdapter:
        validate_python = staticmethod(timed("records: Pydantic validation", run._FACT_LIST.validate_python))

    nlp = engine.build_nlp()
    patches = [(run, "normalise", timed("normalise", run.normalise)),
               (engine, "identify", timed("identity", engine.identify)),
               (engine, "coarse_doc", timed("spaCy Doc (coarse tokens)", engine.coarse_doc)),
               (engine.checks, "cross_check", timed("cross-checks", engine.checks.cross_check, consume=True)),
               (run, "fact_input", timed("records: offsets, ids, fields", run.fact_input)),
               (run, "_FACT_LIST", TimedAdapter),
               (nlp, "_components", [(name, timed(name, proc)) for name, proc in nlp._components])]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, value in patches:
        setattr(owner, name, value)
    try:
        _, cpu, facts = run_pipeline(sources)
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
    spent["other (splitting, mapping, spaCy's call)"] = cpu - sum(spent.values())
    return spent, cpu, facts


def print_stages(corpus: str, spent: dict[str, float], cpu: float, facts: int, chars: int) -> None:
    print(f"\n{corpus}: {cpu:.2f} s CPU, {facts} facts, {chars / cpu / 1e6:.3f} M chars/s, {cpu / facts * 1e6:.1f} µs per fact")
    print(f"  {'stage':<42} {'s':>6} {'share':>6} {'µs/fact':>8}")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:<42} {seconds:>6.2f} {seconds / cpu:>6.1%} {seconds / facts * 1e6:>8.1f}")


def run_ceiling(sources) -> tuple[float, int]:
    pattern = ceiling_pattern()
    cpu = time.process_time()
    found = sum(1 for source in sources for _ in pattern.finditer(source.text))
    return time.process_time() - cpu, found


def measure(corpus: str, megabytes: float, profile: int, stages: bool = False) -> dict:
    """One corpus in this process: the numbers of one row of the table."""
    with tempfile.TemporaryDirectory(prefix="reportx-bench-") as folder:
        writing = process_cpu()
        paths = build_corpus(Path(folder), corpus, megabytes)
        writing = process_cpu() - writing  # the only CPU "whole process" leaves out
        from extractors.engine import build_nlp
        from pipeline.ingest import read_source

        sources = [read_source(path) for path in paths]
    started = time.perf_counter()
    build_nlp()
    load = time.perf_counter() - started
    wall, cpu, facts = run_pipeline(sources)
    whole_cpu = process_cpu() - writing  # interpreter, imports, reading, pipeline build and extraction
    peak = peak_rss_mib()
    ceiling_cpu, candidates = run_ceiling(sources)
    row = {
        "corpus": corpus, "files": len(sources), "mb": sum(s.size for s in sources) / 1e6, "chars": sum(len(s.text) for s in sources),
        "facts": facts, "load_s": load, "cpu_s": cpu, "wall_s": wall, "whole_cpu_s": whole_cpu, "peak_mib": peak,
        "ceiling_cpu_s": ceiling_cpu, "candidates": candidates,
    }
    if stages:
        row["stages"], row["stages_cpu_s"], _ = stage_times(sources)
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(run_pipeline, sources)
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(profile)
            print(f"\n--- {corpus}: top {profile} by {order} ---", file=sys.stderr)
            print(out.getvalue().split("\n\n", 2)[-1].rstrip(), file=sys.stderr)
    return row


def print_table(rows: list[dict]) -> None:
    print(f"{'corpus':<7} {'files':>6} {'MB':>6} {'chars/fact':>10} {'M chars/s':>9} {'whole':>6} {'facts/s':>8} "
          f"{'files/s':>8} {'peak MiB':>8} {'load s':>6} {'regex M/s':>9} {'of regex':>8}")
    for row in rows:
        rate, whole = row["chars"] / row["cpu_s"], row["chars"] / row["whole_cpu_s"]
        ceiling = row["chars"] / row["ceiling_cpu_s"]
        print(f"{row['corpus']:<7} {row['files']:>6} {row['mb']:>6.1f} {row['chars'] / max(row['facts'], 1):>10.1f} "
              f"{rate / 1e6:>9.3f} {whole / 1e6:>6.3f} {row['facts'] / row['cpu_s']:>8.0f} {row['files'] / row['cpu_s']:>8.0f} "
              f"{row['peak_mib']:>8.0f} {row['load_s']:>6.2f} {ceiling / 1e6:>9.2f} {whole / ceiling:>8.1%}")
    print("M chars/s: extraction CPU only; whole: with imports and pipeline build; of regex: whole against the regex scan")
    print(f"goal      {GOAL}")


def measure_one_line(megabytes: float) -> None:
    """`reportx extract` on a one-line report, in a child process whose peak RSS is its own."""
    with tempfile.TemporaryDirectory(prefix="reportx-bench-") as folder:
        path = make_one_line_report(Path(folder) / "one_line.txt", megabytes)
        env = {**os.environ, "REPORTX_MAX_TEXT_CHARS": str(len(path.read_text(encoding="utf-8")) + 1)}
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("reportx")), "extract", "-q", str(path), "--out", os.devnull],
                       check=True, env=env)
        wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # peak: of the largest child so far, so run sizes in order
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"one line {megabytes:g} MB: {wall:.1f} s wall, {cpu:.1f} s CPU, {after.ru_maxrss / 1024:.0f} MiB peak "
          "(goal < 600 MiB up to 50 MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=[*CORPORA, "both"], default="both")
    parser.add_argument("--mb", type=float, default=10, help="size of each corpus in megabytes of UTF-8 text (default 10)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also profile the pipeline and print the top N functions")
    parser.add_argument("--stages", action="store_true", help="also time each stage (each spaCy component apart) per fact")
    parser.add_argument("--one-line", type=float, nargs="+", metavar="MB", help="measure one-line reports of these sizes instead")
    parser.add_argument("--json", action="store_true", help="print one JSON row (used for the per-corpus child processes)")
    args = parser.parse_args(argv)
    if args.one_line:
        for megabytes in sorted(args.one_line):
            measure_one_line(megabytes)
        return 0
    if args.json:
        collect_garbage_rarely()  # as the reportx program runs
        print(json.dumps(measure(args.corpus, args.mb, args.profile, args.stages)))
        return 0
    corpora = list(CORPORA) if args.corpus == "both" else [args.corpus]
    rows = []
    for corpus in corpora:
        child = [sys.executable, __file__, "--json", "--corpus", corpus, "--mb", str(args.mb), "--profile", str(args.profile),
                 *(["--stages"] if args.stages else [])]
        done = subprocess.run(child, check=True, stdout=subprocess.PIPE, text=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print_table(rows)
    for row in rows:
        if "stages" in row:
            print_stages(row["corpus"], row["stages"], row["stages_cpu_s"], row["facts"], row["chars"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
