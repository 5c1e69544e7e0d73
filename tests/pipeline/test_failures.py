"""Bad input never stops a batch and is never silent: each bad file gets a coded record
in the output and a line on stderr, the good files are extracted, the exit code says so."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from models.codes import FailureCode
from pipeline.run import process_file

GOOD_TEXT = "一、基本情况\n我校现有26个教学班，在校学生826人，专任教师57人。\n"
BIG_LINE_BYTES = 20 * 1024 * 1024
MEMORY_LIMIT_MIB = 1024


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_without_text_layer() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a "scan": marks on the page, no text
    return bytes(pdf.output())


def _big_single_line(sample_text: str) -> bytes:
    line = sample_text.replace("\n", "").encode("utf-8")
    return (line * (BIG_LINE_BYTES // len(line) + 1))[:BIG_LINE_BYTES].decode("utf-8", "ignore").encode("utf-8")


# file name → (how to make its bytes, expected failure code or None for a good file)
CASES = {
    "empty.txt": (lambda sample: b"", FailureCode.EMPTY_FILE),
    "blob.txt": (lambda sample: bytes(range(256)) * 64, FailureCode.BINARY_FILE),
    "truncated.docx": (lambda sample: _docx_bytes(GOOD_TEXT)[:1500], FailureCode.DOCX_CORRUPT),
    "not-a-zip.docx": (lambda sample: "这其实是纯文本".encode("utf-8"), FailureCode.DOCX_NOT_ZIP),
    "scan.pdf": (lambda sample: _pdf_without_text_layer(), FailureCode.PDF_NO_TEXT),
    "picture.png": (lambda sample: b"\x89PNG\r\n\x1a\n" + bytes(100), FailureCode.UNSUPPORTED_FORMAT),
    "good.txt": (lambda sample: GOOD_TEXT.encode("gb18030"), None),
    "good.docx": (lambda sample: _docx_bytes(GOOD_TEXT), None),
    "big-single-line.txt": (_big_single_line, None),
}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory, sample_source) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    for name, (make, _) in CASES.items():
        (folder / name).write_bytes(make(sample_source.text))
    (folder / ".hidden.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def batch_run(bad_folder, tmp_path_factory):
    """`reportx extract` over the folder in a child process: (exit code, records, stderr, peak MiB)."""
    out = tmp_path_factory.mktemp("out") / "out.jsonl"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = subprocess.run(
        [sys.executable, "-m", "reportx.cli", "extract", str(bad_folder), "--out", str(out)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONUTF8": "1"},
    )
    peak_mib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return completed.returncode, records, completed.stderr, peak_mib


@pytest.mark.parametrize("name", [n for n, (_, code) in CASES.items() if code])
def test_each_bad_file_is_reported_with_its_reason(batch_run, name):
    code, records, stderr, _ = batch_run
    failures = {Path(r["source"]).name: r["error"] for r in records if "error" in r}
    assert failures[name]["code"] == CASES[name][1]
    assert failures[name]["message"]
    assert f"{name}: {CASES[name][1]}" in stderr


@pytest.mark.parametrize("name", [n for n, (_, code) in CASES.items() if code is None])
def test_good_files_are_extracted_beside_bad_ones(batch_run, name):
    _, records, _, _ = batch_run
    reports = [r for r in records if "facts" in r and Path(r["source"]).name == name]
    assert reports and all(r["facts"] for r in reports)


def test_batch_exit_code_summary_and_bounded_memory(batch_run):
    code, records, stderr, peak_mib = batch_run
    assert code == 1  # some inputs failed
    assert not any(".hidden" in r["source"] for r in records)
    assert "6 failed" in stderr.splitlines()[-1]
    assert peak_mib < MEMORY_LIMIT_MIB, f"peak RSS {peak_mib:.0f} MiB"


def test_extraction_bug_becomes_a_record_not_a_crash(tmp_path, monkeypatch):
    import pipeline.run

    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")

    def broken(source):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline.run, "extract_source", broken)
    result = process_file(path)
    assert result.failure.error.code == FailureCode.EXTRACT_ERROR
    assert "boom" in result.failure.error.message and result.failure.error.traceback_digest


def test_an_invalid_reading_is_a_warning_and_the_other_facts_stay(tmp_path):
    """One fact that fails validation (a range upside down) must not cost the report its other facts."""
    from extractors.drafts import FactDraft, ReportDraft
    from pipeline.ingest import read_source
    from pipeline.normalise import normalise
    from pipeline.run import to_report

    path = tmp_path / "report.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    source = read_source(path)
    normalised = normalise(source.text)
    good_start = normalised.text.index("826人")
    bad_start = normalised.text.index("57人")
    draft = ReportDraft(0, len(normalised.text), None, [
        FactDraft(good_start, good_start + 4, "count", 826, "人"),
        FactDraft(bad_start, bad_start + 3, "count", 57, "人", value_max=5),
    ], [])
    report = to_report(source, normalised, "report.txt", 1, None, draft)
    assert [f.text for f in report.facts] == ["826人"]
    assert [(w.code, source.text[w.start:w.end]) for w in report.warnings] == [("invalid_fact", "57人")]
