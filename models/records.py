"""Pydantic records of the output contract: Source, Fact, Warning, Report, Failure.

Field names and meanings follow the output contract (schema_version 1); the
validators reject records that would mislead a reader: a unit that does not
belong to the kind, a malformed TIMEX date, or a span that is not the text.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from models.codes import FailureCode, WarningCode

SCHEMA_VERSION = "1"

Kind = Literal["count", "area", "money", "rate", "length", "weight", "duration", "date", "quantity"]
Approx = Literal["exact", "about", "over", "under", "at_least", "at_most"]
SourceFormat = Literal["text", "docx", "pdf", "html"]
ReportKind = Literal[
    "school_self_evaluation", "inspection_report", "work_summary", "statistics_bulletin", "government_work_report", "other",
]

# The canonical units a kind may carry (ANNOTATION.md); None = free measure word.
UNITS_OF_KIND: dict[str, frozenset[str] | None] = {
    "area": frozenset({"m2"}),
    "money": frozenset({"CNY", "USD", "EUR", "HKD", "MOP", "TWD"}),
    "rate": frozenset({"%"}),
    "length": frozenset({"m"}),
    "weight": frozenset({"kg"}),
    "duration": frozenset({"minute", "hour", "day", "week", "month", "year"}),
    "count": None,
    "quantity": None,
}

TIMEX = re.compile(r"^(\d{4}|XXXX)(-(\d{2}|XX)(-(\d{2}|XX))?)?$")


class Source(BaseModel):
    """One input file as read: its identity and the exact text reportx decoded from it."""

    path: str
    name: str
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    format: SourceFormat
    encoding: str | None = None
    text: str = Field(repr=False)


def _role(role: str) -> dict[str, Any]:
    return {"json_schema_extra": {"role": role}}


class Fact(BaseModel):
    """One number (or date) a reader would put in a table, tied to its span.

    The one declaration of a fact's fields: drafts, CSV and export columns, store
    columns, the reviewer's editable fields and the scorer derive theirs from here,
    by each field's role (`fact_fields`):
      value       the reading of the number or date (what the scorer compares)
      meaning     what it measures (subject, metric)
      span        where it stands in the source text
      provenance  how the machine read it
    A reviewer accepts or corrects value and meaning (READING) and the span.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default="", **_role("identity"))
    kind: Kind = Field(**_role("value"))
    value: int | float | None = Field(**_role("value"))
    value_max: int | float | None = Field(default=None, **_role("value"))
    unit: str | None = Field(**_role("value"))
    approx: Approx = Field(default="exact", **_role("value"))
    text: str = Field(min_length=1, **_role("span"))
    start: int = Field(ge=0, **_role("span"))
    end: int = Field(gt=0, **_role("span"))
    subject: str | None = Field(default=None, **_role("meaning"))
    metric: str | None = Field(default=None, **_role("meaning"))
    date_start: str | None = Field(default=None, **_role("value"))
    date_end: str | None = Field(default=None, **_role("value"))
    resolved_start: str | None = Field(default=None, **_role("provenance"))
    resolved_end: str | None = Field(default=None, **_role("provenance"))
    sentence: str | None = Field(default=None, **_role("provenance"))
    confidence: float = Field(default=0.9, ge=0.0, le=1.0, **_role("provenance"))
    extractor: str = Field(min_length=1, **_role("provenance"))

    @field_validator("date_start", "date_end", "resolved_start", "resolved_end")
    @classmethod
    def _timex(cls, value: str | None) -> str | None:
        if value is not None and not TIMEX.match(value):
            raise ValueError(f"not a TIMEX date (YYYY, YYYY-MM, YYYY-MM-DD, XXXX for unknown): {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Fact:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.kind == "date":
            if self.value is not None or self.unit is not None:
                raise ValueError("a date carries date_start/date_end, not value/unit")
            if self.date_start is None or self.date_end is None:
                raise ValueError("a date needs date_start and date_end")
        else:
            if self.value is None or self.unit is None:
                raise ValueError(f"a {self.kind} needs a value and a unit")
            allowed = UNITS_OF_KIND[self.kind]
            if allowed is not None and self.unit not in allowed:
                raise ValueError(f"unit {self.unit!r} does not belong to kind {self.kind!r} (allowed: {sorted(allowed)})")
            if self.value < 0:
                raise ValueError("values are non-negative; a decrease goes into the subject")
            if self.value_max is not None and self.value_max < self.value:
                raise ValueError("value_max is below value")
            if self.date_start is not None or self.date_end is not None:
                raise ValueError("only a date carries date_start/date_end")
        source_text = (info.context or {}).get("source_text") if info else None
        if source_text is not None and source_text[self.start : self.end] != self.text:
            raise ValueError(f"text {self.text!r} is not source[{self.start}:{self.end}]")
        return self


def fact_id(doc: str, start: int, end: int, kind: str, extractor_version: str) -> str:
    """A fact's id, the same across re-runs of the same input and extractor version. From the
    fields, not from a Fact: a fact gets it with its other fields, validated once."""
    key = f"{doc}|{start}|{end}|{kind}|{extractor_version}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


READING = ("value", "meaning")


def fact_fields(*roles: str) -> tuple[str, ...]:
    """Names of the Fact fields with these roles (all fields when none are named), in declaration order."""
    return tuple(
        name for name, field in Fact.model_fields.items()
        if not roles or (field.json_schema_extra or {}).get("role") in roles
    )


class ReportWarning(BaseModel):
    """Something a reviewer should look at; names the facts involved when it can."""

    code: WarningCode
    message: str
    start: int | None = None
    end: int | None = None
    facts: list[str] = Field(default_factory=list)


class Report(BaseModel):
    """One report (a whole file, or one `篇N` part of it) with its facts."""

    schema_version: str = SCHEMA_VERSION
    doc: str
    source: str
    sha256: str
    format: SourceFormat = "text"
    encoding: str | None = None
    part: int = Field(ge=1)
    span: tuple[int, int]
    title: str | None = None
    report_year: int | None = Field(default=None, ge=1900, le=2100)
    year_basis: str | None = None  # the words report_year was read from, as written
    organisation: str | None = None  # the main organisation the report is about, in simplified Chinese
    region: list[str] = Field(default_factory=list)  # administrative names, broad to narrow
    report_kind: ReportKind = "other"
    duplicate_of: str | None = None  # the doc of an earlier stored report this one repeats
    extractor_version: str = ""
    facts: list[Fact] = Field(default_factory=list)
    warnings: list[ReportWarning] = Field(default_factory=list)

    @field_validator("span")
    @classmethod
    def _span_order(cls, span: tuple[int, int]) -> tuple[int, int]:
        if not 0 <= span[0] <= span[1]:
            raise ValueError(f"bad report span {span}")
        return span


class FailureDetail(BaseModel):
    code: FailureCode
    message: str
    traceback_digest: str | None = None


class Failure(BaseModel):
    """A file that could not be processed, kept in the output so nothing is silent."""

    schema_version: str = SCHEMA_VERSION
    source: str
    sha256: str | None = None
    error: FailureDetail


def validate_report(data: dict[str, Any], source_text: str) -> Report:
    """Validate a report dict, checking every fact's span against the source text."""
    return Report.model_validate(data, context={"source_text": source_text})


def json_schemas() -> dict[str, dict[str, Any]]:
    """The exported JSON Schemas of the output records."""
    return {model.__name__: model.model_json_schema() for model in (Report, Fact, Failure, Source)}
