"""Run one file through ingest → normalise → segment → extract → validate.

`process_file` is the single entry point the CLI, the Prefect flows and the
tests share; it never raises for a bad file, it returns a Failure record.
"""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from extractors.drafts import FactDraft, Identity
from extractors.engine import ReportDraft, extract_report
from extractors.version import EXTRACTOR_VERSION
from models.codes import FAILURE_MESSAGES, FailureCode, ReportxError, WarningCode
from models.records import Fact, Failure, FailureDetail, Report, ReportWarning, Source, fact_id
from pipeline.ingest import read_source
from pipeline.normalise import NormalisedText, normalise
from pipeline.segment import REPORT_MARKER, Part, split_reports, title_of

_FACT_LIST = TypeAdapter(list[Fact])
_VALIDATION_BATCH = 1024  # facts validated at once: fewer calls, yet memory does not grow with the report
# Every field of a stored fact is set, so all facts can share one `model_fields_set`: a set per fact
# was a third of a fact's memory (~1 KB; 150,000 facts in a 50 MB report).
_EVERY_FACT_FIELD = set(Fact.model_fields)


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
    except Exception as error:  # a reader bug or an input no reader expected: this file's failure only
        return FileResult(path, failure=unexpected_failure(path, error))
    try:
        reports = extract_source(source)
    except Exception as error:  # a bug must not stop the batch; it is recorded with a digest
        return FileResult(path, source, failure=unexpected_failure(path, error, source.sha256))
    return FileResult(path, source, reports)


def unexpected_failure(path: str, error: Exception, sha256: str | None = None) -> Failure:
    """An exception no reader turned into a code: `extract_error`, with a digest of the traceback to group reports."""
    digest = hashlib.sha1(traceback.format_exc().encode()).hexdigest()[:12]
    message = f"{FAILURE_MESSAGES[FailureCode.EXTRACT_ERROR]}: {type(error).__name__}: {error}"
    return failure_record(path, FailureCode.EXTRACT_ERROR, message, sha256, digest)


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
    """Map a draft from normalised to original offsets and validate it against the source text;
    its identity's year basis is quoted from the original text.

    The draft's facts are consumed: each batch is released once validated, so a report with
    150,000 facts never holds all its drafts and all its records at once.
    """
    original = source.text
    span = normalised.original_span(draft.start, draft.end)
    facts: list[Fact] = []
    warnings: list[ReportWarning] = []
    named_by_warnings = {id(f) for warning in draft.warnings for f in warning.facts}  # kept alive by the warnings
    index: dict[int, str] = {}  # draft → fact id, for the warnings that name facts
    sentences: dict[tuple[int, int], str] = {}  # facts of one sentence share one string
    drafts, draft.facts = draft.facts, []
    while drafts:
        kept, rejected = validate_facts(original, normalised, drafts[:_VALIDATION_BATCH], sentences, f"{source.sha256}#{part}")
        del drafts[:_VALIDATION_BATCH]
        warnings.extend(rejected)
        for fact, record in kept:
            if record.model_fields_set == _EVERY_FACT_FIELD:
                object.__setattr__(record, "__pydantic_fields_set__", _EVERY_FACT_FIELD)
            if id(fact) in named_by_warnings:
                index[id(fact)] = record.id
            facts.append(record)
    for warning in draft.warnings:
        start, end = normalised.original_span(*warning.span) if warning.span else (None, None)
        named = [index[id(f)] for f in warning.facts if id(f) in index]
        warnings.append(ReportWarning(code=warning.code, message=warning.message, start=start, end=end, facts=named))
    report = Report(
        doc=doc,
        source=source.path,
        sha256=source.sha256,
        format=source.format,
        encoding=source.encoding,
        part=part,
        span=span,
        title=title,
        **identity_fields(draft.identity, normalised, original),
        extractor_version=EXTRACTOR_VERSION,
        warnings=warnings,
    )
    report.facts = facts  # validated above; passed to Report(), every fact's checks would run a second time
    return report


def identity_fields(identity: Identity, normalised: NormalisedText, original: str) -> dict:
    """Whose report it is and when, the year's basis as written in the original text."""
    basis = original[slice(*normalised.original_span(*identity.year_span))] if identity.year_span else None
    return {"organisation": identity.organisation, "region": identity.region, "report_kind": identity.report_kind,
            "report_year": identity.report_year, "year_basis": basis}


def validate_facts(
    original: str, normalised: NormalisedText, drafts: list[FactDraft], sentences: dict[tuple[int, int], str], doc_key: str
) -> tuple[list[tuple[FactDraft, Fact]], list[ReportWarning]]:
    """Each draft with its validated Fact (its id from `doc_key`), and a warning for each draft that fails validation.

    One validation call for the whole batch (the per-call overhead was a third of the cost per
    fact); only when it fails are the facts validated one by one, so one odd reading costs the
    file no other fact.
    """
    inputs = [fact_input(original, normalised, fact, sentences, doc_key) for fact in drafts]
    try:
        return list(zip(drafts, _FACT_LIST.validate_python(inputs, context={"source_text": original}), strict=True)), []
    except ValidationError:
        pass
    kept, rejected = [], []
    for fact, data in zip(drafts, inputs, strict=True):
        try:
            kept.append((fact, Fact.model_validate(data, context={"source_text": original})))
        except ValidationError as error:
            reason = "; ".join(e["msg"] for e in error.errors())
            rejected.append(ReportWarning(code=WarningCode.INVALID_FACT, message=f"{data['text']!r} not kept: {reason}",
                                          start=data["start"], end=data["end"]))
    return kept, rejected


def fact_input(
    original: str, normalised: NormalisedText, fact: FactDraft, sentences: dict[tuple[int, int], str], doc_key: str
) -> dict:
    """The Fact fields of a draft, its span and sentence (from `sentences`, else added) mapped to the original
    text, and its id within `doc_key` (the source's digest and part)."""
    start, end = normalised.original_span(fact.start, fact.end)
    sentence = None
    if fact.sentence:
        sentence = sentences.get(fact.sentence)
        if sentence is None:
            sentence = sentences[fact.sentence] = original[slice(*normalised.original_span(*fact.sentence))]
    fields = fact.fields()  # a new dict: completed in place
    fields.update(confidence=round(fact.confidence, 3), start=start, end=end, text=original[start:end], sentence=sentence,
                  id=fact_id(doc_key, start, end, fact.kind, EXTRACTOR_VERSION))
    return fields


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
