"""Bad input never stops a batch and is never silent: each bad file gets a coded record
in the output and a line on stderr, the good files are extracted, the exit code says so."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from models.codes import FailureCode
from pipeline.decode import decode_text
from pipeline.run import process_file

GOOD_TEXT = "一、基本情况\n我校现有26个教学班，在校学生826人，专任教师57人。\n"
FACT_LINE = "我校现有26个教学班，在校学生826人，专任教师57人。"
BIG_LINE_BYTES = 20 * 1024 * 1024
MEMORY_LIMIT_MIB = 1024


def _pdf_without_text_layer() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a "scan": marks on the page, no text
    return bytes(pdf.output())


def _big_single_line(sample_text: str) -> bytes:
    line = sample_text.replace("\n", "").encode("utf-8")
    return (line * (BIG_LINE_BYTES // len(line) + 1))[:BIG_LINE_BYTES].decode("utf-8", "ignore").encode("utf-8")


def _broken_utf8(text: str) -> bytes:
    """UTF-8 with the last byte of one character cut out (a bad copy): the rest must be kept."""
    data = text.encode("utf-8")
    cut = data.index("情".encode()) + 2
    return data[:cut] + data[cut + 1 :]


# file name → (how to make its bytes from the sample text and the hostile builders, expected failure code
# or None for a good file); the malformed PDFs sort before the good files, which must still be read.
CASES = {
    "empty.txt": (lambda sample, hostile: b"", FailureCode.EMPTY_FILE),
    "blob.txt": (lambda sample, hostile: bytes(range(256)) * 64, FailureCode.BINARY_FILE),
    "truncated.docx": (lambda sample, hostile: hostile.report_docx(GOOD_TEXT)[:1500], FailureCode.DOCX_CORRUPT),
    "not-a-zip.docx": (lambda sample, hostile: "这其实是纯文本".encode(), FailureCode.DOCX_NOT_ZIP),
    "scan.pdf": (lambda sample, hostile: _pdf_without_text_layer(), FailureCode.PDF_NO_TEXT),
    "picture.png": (lambda sample, hostile: b"\x89PNG\r\n\x1a\n" + bytes(100), FailureCode.UNSUPPORTED_FORMAT),
    "font-width-range.pdf": (lambda sample, hostile: hostile.pdf_with_huge_width_range(GOOD_TEXT), FailureCode.PDF_UNSUPPORTED),
    "filter-typo.pdf": (lambda sample, hostile: hostile.pdf_with_unknown_filter(GOOD_TEXT), FailureCode.PDF_UNSUPPORTED),
    "bomb.docx": (lambda sample, hostile: hostile.docx_with_oversized_xml(FACT_LINE, 40), FailureCode.DOCX_TOO_LARGE),
    "picture-bomb.docx": (lambda sample, hostile: hostile.docx_with_picture_bomb(FACT_LINE, 80), FailureCode.FILE_TOO_LARGE),
    "deep.html": (lambda sample, hostile: hostile.deep_html(FACT_LINE, 100_000).encode(), FailureCode.HTML_TOO_DEEP),
    "good.txt": (lambda sample, hostile: GOOD_TEXT.encode("gb18030"), None),
    "broken-utf8.txt": (lambda sample, hostile: _broken_utf8(GOOD_TEXT), None),
    "good.docx": (lambda sample, hostile: hostile.report_docx(GOOD_TEXT), None),
    "good.pdf": (lambda sample, hostile: hostile.report_pdf(GOOD_TEXT), None),
    "lone-surrogate.pdf": (lambda sample, hostile: hostile.pdf_with_lone_surrogate(GOOD_TEXT), None),
    "good.html": (lambda sample, hostile: hostile.wide_html(FACT_LINE, 100).encode(), None),
    "big-single-line.txt": (lambda sample, hostile: _big_single_line(sample), None),
}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory, sample_source, hostile) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    for name, (make, _) in CASES.items():
        (folder / name).write_bytes(make(sample_source.text, hostile))
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
    _, records, stderr, _ = batch_run
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
    assert f"{sum(bool(code) for _, code in CASES.values())} failed" in stderr.splitlines()[-1]
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
    from extractors.drafts import FactDraft, Identity, ReportDraft
    from pipeline.ingest import read_source
    from pipeline.normalise import normalise
    from pipeline.run import to_report

    path = tmp_path / "report.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    source = read_source(path)
    normalised = normalise(source.text)
    good_start = normalised.text.index("826人")
    bad_start = normalised.text.index("57人")
    draft = ReportDraft(0, len(normalised.text), Identity(), [
        FactDraft(good_start, good_start + 4, "count", 826, "人", extractor="rules.quantity.v1"),
        FactDraft(bad_start, bad_start + 3, "count", 57, "人", value_max=5, extractor="rules.quantity.v1"),
    ], [])
    report = to_report(source, normalised, "report.txt", 1, None, draft)
    assert [f.text for f in report.facts] == ["826人"]
    assert [(w.code, source.text[w.start:w.end]) for w in report.warnings] == [("invalid_fact", "57人")]


# limit → (value it is lowered to, file name, bytes just over it, expected code)
LIMIT_CASES = {
    "file size": ("0.001", "report.txt", lambda hostile: (GOOD_TEXT * 30).encode("utf-8"), FailureCode.FILE_TOO_LARGE),
    "decoded text": ("20", "report.txt", lambda hostile: GOOD_TEXT.encode("utf-8"), FailureCode.TEXT_TOO_LONG),
    "XML inside the .docx": ("0.001", "report.docx", lambda hostile: hostile.report_docx(GOOD_TEXT), FailureCode.DOCX_TOO_LARGE),
    "HTML nesting": ("5", "page.html", lambda hostile: hostile.deep_html(FACT_LINE, 6).encode(), FailureCode.HTML_TOO_DEEP),
}


@pytest.mark.parametrize("limit", list(LIMIT_CASES))
def test_each_limit_has_its_code_and_names_itself_and_can_be_raised(limit, tmp_path, monkeypatch, hostile):
    from pipeline.limits import LIMITS

    lowered, name, make, code = LIMIT_CASES[limit]
    path = tmp_path / name
    path.write_bytes(make(hostile))
    monkeypatch.setenv(LIMITS[limit].env, lowered)
    failure = process_file(path).failure
    assert failure.error.code == code
    assert LIMITS[limit].env in failure.error.message
    assert LIMITS[limit].shown(LIMITS[limit].value(os.environ)) in failure.error.message
    monkeypatch.delenv(LIMITS[limit].env)
    assert process_file(path).ok, "under the default limit the file is read"


@pytest.mark.parametrize("depth", [100_000], ids=["100000-deep"])
def test_a_deep_page_is_read_when_the_user_raises_the_nesting_limit(depth, tmp_path, monkeypatch, hostile):
    from pipeline.limits import LIMITS

    path = tmp_path / "deep.html"
    path.write_bytes(hostile.deep_html(FACT_LINE, depth).encode())
    assert process_file(path).failure.error.code == FailureCode.HTML_TOO_DEEP
    monkeypatch.setenv(LIMITS["HTML nesting"].env, str(depth + 10))
    result = process_file(path)
    assert result.ok and result.source.text == FACT_LINE


# bytes → (encoding read, text read): a few broken UTF-8 sequences cost only themselves; mostly-ASCII
# GBK is never taken for broken UTF-8 (its Chinese would be lost)
DECODED = {
    "broken-utf8": (_broken_utf8(GOOD_TEXT), "utf-8", GOOD_TEXT.replace("情", "\ufffd", 1)),
    "gbk-mostly-ascii": (("x" * 2000 + GOOD_TEXT).encode("gbk"), "gb18030", "x" * 2000 + GOOD_TEXT),
}


@pytest.mark.parametrize("name", list(DECODED))
def test_decoding_keeps_what_it_can_read(name):
    data, encoding, text = DECODED[name]
    assert decode_text(data) == (text, encoding)


def test_broken_bytes_are_a_warning_where_they_are(batch_run):
    _, records, _, _ = batch_run
    report = next(r for r in records if Path(r["source"]).name == "broken-utf8.txt")
    warning = next(w for w in report["warnings"] if w["code"] == "damaged_text")
    assert warning["start"] == GOOD_TEXT.index("情")
