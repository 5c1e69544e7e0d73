"""The `reportx` command line: formats, help, exit codes, and every user error in one line of words."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time

import pytest
import regex

from reportx.cli import main
from tests.conftest import ROOT, SAMPLE_FILE, SAMPLES

# argv (run in an empty folder), exit code, what the one line on stderr says. Nothing may be created.
USER_ERRORS = [
    (["export", "--db", "missing.db"], 2, "no store at"),
    (["review", "export-gold", "--db", "missing.db"], 2, "no store at"),
    (["export", "--db", "notaurl://x"], 2, "unknown database 'notaurl'"),
    (["bulk", str(SAMPLE_FILE), "--db", "notaurl://x"], 2, "unknown database 'notaurl'"),
    (["export", "--db", "postgres://reportx@127.0.0.1:1/reportx"], 3, "cannot open the store postgresql://"),
    (["ingest", "--inbox", "no-such-inbox", "--once"], 2, "no inbox folder"),
    (["ingest", "--inbox", ".", "--cron", "every day"], 2, "not a cron expression"),
    (["ingest", "--inbox", ".", "--every", "0"], 2, "the interval must be positive"),
    (["eval", "--gold", "missing.jsonl", "--docs", str(SAMPLES)], 2, "no such file or folder: missing.jsonl"),
]
USER_ERROR_IDS = ["export-missing-store", "review-missing-store", "unknown-scheme", "bulk-unknown-scheme",
                  "postgres-scheme", "missing-inbox", "bad-cron", "zero-interval", "missing-gold"]


def reportx(argv: list[str], cwd, **popen) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_HOME": str(cwd / ".prefect"), "PYTHONPATH": str(ROOT)}
    env.pop("REPORTX_DB", None)
    return subprocess.Popen([sys.executable, "-m", "reportx.cli", *argv], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_extract_writes_every_format(tmp_path, fmt, capsys):
    out = tmp_path / f"facts.{fmt}"
    assert main(["extract", str(SAMPLE_FILE), "--out", str(out), "--quiet"]) == 0
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        reports = [json.loads(line) for line in text.splitlines()]
    elif fmt == "json":
        reports = json.loads(text)
    else:
        rows = list(csv.DictReader(text.splitlines()))
        docs = {row["doc"] for row in rows}  # one row per fact: a report without facts has none
        assert "000_fa63da99af307c15.txt#1" in docs and docs <= {f"000_fa63da99af307c15.txt#{n}" for n in range(1, 14)}
        assert any(row["text"] == "826人" and row["value"] == "826" for row in rows)
        return
    assert [r["doc"] for r in reports] == [f"000_fa63da99af307c15.txt#{n}" for n in range(1, 14)]
    assert all(r["schema_version"] == "1" for r in reports)


def test_summary_line_on_stderr(tmp_path, capsys):
    main(["extract", str(SAMPLE_FILE), "--out", str(tmp_path / "x.jsonl")])
    assert "1 file(s), 13 report(s)" in capsys.readouterr().err


@pytest.mark.parametrize("argv,code", [(["extract", "no/such/path"], 2), ([], 2)])
def test_usage_errors(argv, code, capsys):
    assert main(argv) == code


def test_help_explains_formats_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "Exit codes" in out and "extract" in out
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    assert "--format" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "code", "message"), USER_ERRORS, ids=USER_ERROR_IDS)
def test_a_user_error_is_one_line_of_words_and_creates_nothing(argv, code, message, tmp_path):
    run = reportx(argv, tmp_path)
    _, err = run.communicate(timeout=120)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("reportx: "), err
    assert run.returncode == code
    assert list(tmp_path.iterdir()) == [], "a failed command created files"


@pytest.mark.parametrize("argv", [["extract", str(SAMPLES), "--include-text"]], ids=["extract-head-1"])
def test_a_closed_pipe_ends_quietly(argv, tmp_path):
    """`reportx extract samples/ | head -1`: the output is larger than a pipe holds, so the reader leaves first."""
    run = reportx(argv, tmp_path)
    first = json.loads(run.stdout.readline())
    run.stdout.close()
    err = run.stderr.read()
    assert run.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert first["doc"].endswith("#1")


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("reportx ")


def test_a_summary_says_the_time_the_user_waited(tmp_path):
    """bulk's summary counts from the process start: never more than the wall time around the whole command
    (a start time read to the second was up to 1 s more than a 0.5 s rerun took)."""
    argv = ["bulk", str(SAMPLE_FILE), "--db", str(tmp_path / "store.db")]
    assert reportx(argv, tmp_path).wait(timeout=600) == 0
    started = time.monotonic()
    _, err = reportx(argv, tmp_path).communicate(timeout=600)  # a rerun: answered from the store
    waited = time.monotonic() - started
    said = float(regex.search(r" in ([\d.]+) s ", err).group(1))
    assert said <= round(waited, 1) + 0.05, err
