"""The `reportx extract` command: formats, help, exit codes."""

from __future__ import annotations

import csv
import json

import pytest

from reportx.cli import main
from tests.conftest import SAMPLE_FILE


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
