"""How fast the whole extraction runs, beside the practical ceiling of a one-pass regex scan.

Builds a corpus of at least --mb megabytes from the sample reports (one report per
file, in a temporary folder), reads it, then runs `pipeline.run.extract_source` on
every Source — normalise → segment → extract → validate — in this one process, and
prints characters per second and peak RSS. Beside it: one compiled regex that finds
number + unit candidates over the same texts, and the ratio of the two.
The bar: ≥ 1 M chars/s per core end to end and < 500 MiB peak.

    .venv/bin/python benchmarks/bench_extract.py [--mb 10] [--profile 25]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from corpus import make_corpus, sample_reports  # noqa: E402


def build_corpus(folder: Path, megabytes: float) -> list[Path]:
    """Enough single-report files to reach `megabytes` of UTF-8 text."""
    average = sum(len(r.encode()) for r in sample_reports()) / len(sample_reports())
    paths = make_corpus(folder, int(megabytes * 1_000_000 / average) + 1)
    while sum(p.stat().st_size for p in paths) < megabytes * 1_000_000:
        paths = make_corpus(folder, len(paths) + 50)
    return paths


def ceiling_pattern():
    """Number followed by any unit of the unit table: the cheapest scan that still finds candidates."""
    import regex

    from extractors.numerals import NUMBER
    from extractors.tables import alternation, unit_table

    return regex.compile(rf"{NUMBER}(?:{alternation([u.surface for u in unit_table().units])})")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_pipeline(sources) -> tuple[float, float, int]:
    """Wall and CPU seconds of the whole extraction, and the facts it found."""
    from pipeline.run import extract_source

    facts = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for source in sources:
        facts += sum(len(report.facts) for report in extract_source(source))
    return time.perf_counter() - wall, time.process_time() - cpu, facts


def run_ceiling(sources) -> tuple[float, float, int]:
    pattern = ceiling_pattern()
    wall, cpu = time.perf_counter(), time.process_time()
    found = sum(1 for source in sources for _ in pattern.finditer(source.text))
    return time.perf_counter() - wall, time.process_time() - cpu, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=10, help="corpus size in megabytes of UTF-8 text (default 10)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also profile the pipeline and print the top N functions")
    args = parser.parse_args(argv)

    from extractors.engine import build_nlp
    from pipeline.ingest import read_source

    with tempfile.TemporaryDirectory(prefix="reportx-bench-") as folder:
        paths = build_corpus(Path(folder), args.mb)
        sources = [read_source(path) for path in paths]
    chars = sum(len(s.text) for s in sources)
    size = sum(s.size for s in sources)
    started = time.perf_counter()
    build_nlp()
    load = time.perf_counter() - started
    rss_loaded = peak_rss_mib()

    pipeline_wall, pipeline_cpu, facts = run_pipeline(sources)
    ceiling_wall, ceiling_cpu, candidates = run_ceiling(sources)
    # Per core: CPU seconds of this one process, so other load on the machine does not count.
    pipeline_rate, ceiling_rate = chars / pipeline_cpu, chars / ceiling_cpu

    print(f"corpus          {len(sources)} files, {size / 1e6:.1f} MB, {chars / 1e6:.2f} M chars")
    print(f"pipeline load   {load:.2f} s, peak RSS after load {rss_loaded:.0f} MiB")
    print(f"pipeline        {pipeline_cpu:8.2f} s CPU ({pipeline_wall:.2f} s wall)  {pipeline_rate / 1e6:7.3f} M chars/s per core  {facts} facts")
    print(f"regex ceiling   {ceiling_cpu:8.2f} s CPU ({ceiling_wall:.2f} s wall)  {ceiling_rate / 1e6:7.3f} M chars/s per core  {candidates} matches")
    print(f"ratio           {ceiling_rate / pipeline_rate:.1f}x slower than the one-pass regex")
    print(f"peak RSS        {peak_rss_mib():.0f} MiB")
    print(f"bar             {'met' if pipeline_rate >= 1e6 and peak_rss_mib() < 500 else 'NOT met'} (>= 1 M chars/s, < 500 MiB)")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run_pipeline, sources)
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.profile)
            print(f"\n--- top {args.profile} by {order} ---")
            print(out.getvalue().split("\n\n", 2)[-1].rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
