"""Run one file through ingest → normalise → segment → extract → validate.

`process_file` is the single entry point the CLI, the Prefect flows and the
tests share; it never raises for a bad file, it returns a Failure record.
"""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from extractors.engine import EXTRACTOR_VERSION, ReportDraft, extract_report
from models.codes import FAILURE_MESSAGES, FailureCode, ReportxError, WarningCode
from models.records import Failure, FailureDetail, Fact, Report, ReportWarning, Source
from pipeline.ingest import read_source
from pipeline.normalise import NormalisedText, normalise
from pipeline.segment import REPORT_MARKER, Part, split_reports, title_of


@dataclass
class FileResult:
    """What one file gave: its Source and reports, or a Failure."""

    path: str
    source: Source | None = None
    reports: list[Report] = field(default_factory=list)
    failure: Failure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def process_file(path: str | Path) -> FileResult:
    """Read and extract one file; any error becomes a coded Failure, never an exception."""
    path = str(path)
    try:
        source = read_source(path)
    except ReportxError as error:
        return FileResult(path, failure=failure_record(path, error.code, str(error)))
    try:
        reports = extract_source(source)
    except Exception as error:  # a bug must not stop the batch; it is recorded with a digest
        digest = hashlib.sha1(traceback.format_exc().encode()).hexdigest()[:12]
        message = f"{FAILURE_MESSAGES[FailureCode.EXTRACT_ERROR]}: {type(error).__name__}: {error}"
        return FileResult(path, source, failure=failure_record(path, FailureCode.EXTRACT_ERROR, message, source.sha256, digest))
    return FileResult(path, source, reports)


def failure_record(path: str, code: FailureCode, message: str, sha256: str | None = None, digest: str | None = None) -> Failure:
    return Failure(source=path, sha256=sha256, error=FailureDetail(code=code, message=message, traceback_digest=digest))


def named_parts(source: Source, normalised: NormalisedText) -> list[tuple[str, Part]]:
    """The reports of a source with their doc names (`name`, or `name#N` in a collection)."""
    parts = split_reports(normalised.text)
    marked = bool(REPORT_MARKER.search(normalised.text))
    return [(f"{source.name}#{part.number}" if marked else source.name, part) for part in parts]


def extract_source(source: Source) -> list[Report]:
    """All reports of a Source, with facts whose offsets point into `source.text`."""
    normalised = normalise(source.text)
    reports = []
    for doc, part in named_parts(source, normalised):
        draft = extract_report(normalised.text, part.start, part.end)
        reports.append(to_report(source, normalised, doc, part.number, title_of(normalised.text, part), draft))
    return reports


def to_report(source: Source, normalised: NormalisedText, doc: str, part: int, title: str | None, draft: ReportDraft) -> Report:
    """Map a draft from normalised to original offsets and validate it against the source text."""
    original = source.text
    span = normalised.original_span(draft.start, draft.end)
    facts = []
    warnings = []
    index: dict[int, str] = {}  # draft → fact id, for the warnings that name facts
    sentences: dict[tuple[int, int], str] = {}  # facts of one sentence share one string
    for fact in draft.facts:
        start, end = normalised.original_span(fact.start, fact.end)
        sentence = None
        if fact.sentence:
            sentence = sentences.get(fact.sentence)
            if sentence is None:
                sentence = sentences[fact.sentence] = original[slice(*normalised.original_span(*fact.sentence))]
        try:
            record = Fact.model_validate(
                {**fact.fields(), "start": start, "end": end, "text": original[start:end], "sentence": sentence},
                context={"source_text": original},
            )
        except ValidationError as error:  # one odd reading must not cost the file its other facts
            reason = "; ".join(e["msg"] for e in error.errors())
            warnings.append(ReportWarning(code=WarningCode.INVALID_FACT, message=f"{original[start:end]!r} not kept: {reason}",
                                          start=start, end=end))
            continue
        record.id = record.stable_id(f"{source.sha256}#{part}", EXTRACTOR_VERSION)
        index[id(fact)] = record.id
        facts.append(record)
    for warning in draft.warnings:
        start, end = normalised.original_span(*warning.span) if warning.span else (None, None)
        named = [index[id(f)] for f in warning.facts if id(f) in index]
        warnings.append(ReportWarning(code=warning.code, message=warning.message, start=start, end=end, facts=named))
    return Report(
        doc=doc,
        source=source.path,
        sha256=source.sha256,
        format=source.format,
        encoding=source.encoding,
        part=part,
        span=span,
        title=title,
        report_year=draft.report_year,
        extractor_version=EXTRACTOR_VERSION,
        facts=facts,
        warnings=warnings,
    )


def doc_texts(paths) -> dict[str, tuple[int, str]]:
    """doc name → (start, text) of each report in the original text of readable files."""
    texts = {}
    for path in paths:
        try:
            source = read_source(path)
        except ReportxError:
            continue
        normalised = normalise(source.text)
        for doc, part in named_parts(source, normalised):
            start, end = normalised.original_span(part.start, part.end)
            texts[doc] = (start, source.text[start:end])
    return texts
