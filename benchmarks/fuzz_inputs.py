"""Fuzz the readers: mutate report files of every format and check that each file gets exactly one outcome.

Mutations (seeded): bytes flipped, files truncated, PDF objects damaged (numbers blown
up, names misspelt, objects cut), .docx XML damaged (cut, tags unbalanced, nesting
deepened). The mutants go through `reportx extract` (each file: its reports or one
error record, never both, never missing) and `reportx bulk` (each file stored, skipped as
a copy, or one failure row); neither may print a Python traceback of reportx.

  .venv/bin/python benchmarks/fuzz_inputs.py [--count 400] [--seed 14] [--no-bulk]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import hostile  # noqa: E402 (the project root is put on the path first)
from benchmarks.corpus import sample_reports  # noqa: E402


def base_files(text: str) -> dict[str, bytes]:
    """One report in every format reportx reads."""
    files = {
        "report.txt": text.encode("utf-8"),
        "report-gbk.txt": text.encode("gb18030"),
        "report.docx": hostile.report_docx(text),
        "report.html": ("<html><head><title>报告</title></head><body>"
                        + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>").encode("utf-8"),
    }
    if hostile.CJK_FONT.exists():
        files["report.pdf"] = hostile.report_pdf(text)
    return files


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


PDF_DAMAGE = [
    (rb"\b\d{1,4}\b", lambda rng: str(rng.choice([0, -1, 2**31, 10**11, 99999999999])).encode()),
    (rb"/FlateDecode", lambda rng: rng.choice([b"/Fla8eDecode", b"/LZWDecode", b"/DCTDecode"])),
    (rb"endobj", lambda rng: b""),
    (rb"/W \[", lambda rng: hostile.HUGE_WIDTH_RANGE),
    (rb"/Length \d+", lambda rng: b"/Length " + str(rng.randrange(10**9)).encode()),
]


def damage_pdf(data: bytes, rng: random.Random) -> bytes:
    """Replace a few matches of PDF syntax with values the reader must survive."""
    for _ in range(rng.randint(1, 4)):
        pattern, replacement = rng.choice(PDF_DAMAGE)
        matches = list(re.finditer(pattern, data))
        if matches:
            match = rng.choice(matches)
            data = data[: match.start()] + replacement(rng) + data[match.end() :]
    return data


def damage_docx_xml(data: bytes, rng: random.Random) -> bytes:
    """Rewrite word/document.xml cut short, with an unbalanced tag, or nested thousands deep."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            xml = source.read(member)
            if member.filename == "word/document.xml":
                cut = rng.randrange(len(xml))
                xml = rng.choice([
                    xml[:cut],
                    xml[:cut] + b"<w:p><w:r>" + xml[cut:],
                    xml.replace(b"<w:body>", b"<w:body>" + b"<w:sdt><w:sdtContent>" * 5000, 1),
                    xml.replace(b"<w:t>", b"<w:t>&undefined;", 1),
                ])
            target.writestr(member, xml)
    return buffer.getvalue()


# suffix → mutations that make sense for it
MUTATIONS: dict[str, list[Callable[[bytes, random.Random], bytes]]] = {
    ".txt": [flip_bytes, truncate],
    ".html": [flip_bytes, truncate],
    ".docx": [flip_bytes, truncate, damage_docx_xml],
    ".pdf": [flip_bytes, truncate, damage_pdf],
}


def make_mutants(dest: Path, seed: int, count: int) -> list[Path]:
    """`count` mutants of the base files under `dest`, named after their base and mutation."""
    rng = random.Random(seed)
    bases = base_files(sample_reports()[0])
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        name = rng.choice(sorted(bases))
        suffix = Path(name).suffix
        mutate = rng.choice(MUTATIONS[suffix])
        path = dest / f"{number:04d}-{mutate.__name__}-{name}"
        path.write_bytes(mutate(bases[name], rng))
        paths.append(path)
    return paths


def extract_outcomes(folder: Path, out: Path) -> tuple[Counter, list[str], str]:
    """`reportx extract` over the folder: outcome per file ('reports', an error code), problems, stderr."""
    done = subprocess.run([sys.executable, "-m", "reportx.cli", "extract", str(folder), "--out", str(out), "-q"],
                          capture_output=True, text=True, cwd=ROOT)
    outcomes: dict[str, set[str]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        outcomes.setdefault(record["source"], set()).add(record["error"]["code"] if "error" in record else "reports")
    problems = [f"{path.name}: {sorted(outcomes.get(str(path), ()))}" for path in sorted(folder.iterdir())
                if len(outcomes.get(str(path), ())) != 1]
    counts = Counter(next(iter(kinds)) for kinds in outcomes.values() if len(kinds) == 1)
    return counts, problems, done.stderr


def bulk_outcomes(folder: Path, db: Path) -> tuple[Counter, list[str], str]:
    """`reportx bulk` over the folder: outcome per file ('stored', 'copy', an error code), problems, stderr."""
    done = subprocess.run([sys.executable, "-m", "reportx.cli", "bulk", str(folder), "--db", f"sqlite:///{db}", "-q"],
                          capture_output=True, text=True, cwd=ROOT)
    with sqlite3.connect(db) as connection:
        stored = {path for (path,) in connection.execute("select path from sources")}
        failed = Counter(path for (path,) in connection.execute("select path from failures"))
        codes = dict(connection.execute("select path, code from failures"))
    digests = Counter(content_digest(path) for path in folder.iterdir())
    outcomes, problems = Counter(), []
    for path in sorted(folder.iterdir()):
        key = str(path)
        kinds = (key in stored) + failed[key]
        if kinds == 1:
            outcomes["stored" if key in stored else codes[key]] += 1
        elif kinds == 0 and digests[content_digest(path)] > 1:
            outcomes["copy of another mutant"] += 1
        else:
            problems.append(f"{path.name}: stored={key in stored}, failures={failed[key]}")
    return outcomes, problems, done.stderr


def content_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reportx_tracebacks(stderr: str) -> int:
    """Tracebacks that pass through reportx's own code (a Prefect server's shutdown noise is not ours)."""
    blocks = stderr.split("Traceback (most recent call last):")[1:]
    return sum(any(f"{ROOT}/{package}/" in block for package in ("pipeline", "extractors", "models", "flows", "reportx"))
               for block in blocks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=400, help="mutants to make")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--no-bulk", action="store_true", help="only run reportx extract")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportx-fuzz-") as scratch:
        folder = Path(scratch) / "mutants"
        make_mutants(folder, args.seed, args.count)
        runs = [("extract", lambda: extract_outcomes(folder, Path(scratch) / "out.jsonl"))]
        if not args.no_bulk:
            runs.append(("bulk", lambda: bulk_outcomes(folder, Path(scratch) / "store.db")))
        for name, run in runs:
            started = time.perf_counter()
            outcomes, problems, stderr = run()
            print(f"reportx {name}: {args.count} mutants in {time.perf_counter() - started:.1f} s; "
                  f"{sum(outcomes.values())} with exactly one outcome, {len(problems)} without, "
                  f"{reportx_tracebacks(stderr)} reportx traceback(s)")
            for outcome, count in outcomes.most_common():
                print(f"  {count:5d}  {outcome}")
            for problem in problems[:20]:
                print(f"  PROBLEM {problem}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUTF8", "1")
    main()
