"""Facts and warnings as extractors produce them, in normalised coordinates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.codes import WarningCode


@dataclass
class FactDraft:
    """A fact found in normalised text; `pipeline.run` maps it to the original text."""

    start: int
    end: int
    kind: str
    value: float | None
    unit: str | None
    approx: str = "exact"
    value_max: float | None = None
    extractor: str = "rules.quantity.v1"
    confidence: float = 0.9
    subject: str | None = None
    metric: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    resolved_start: str | None = None
    resolved_end: str | None = None
    sentence: tuple[int, int] | None = None
    priority: int = 0  # which of two overlapping candidates wins (higher wins)

    def fields(self) -> dict[str, Any]:
        """The Fact fields that do not depend on the original text."""
        return {
            "kind": self.kind,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "approx": self.approx,
            "subject": self.subject,
            "metric": self.metric,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "resolved_start": self.resolved_start,
            "resolved_end": self.resolved_end,
            "confidence": round(self.confidence, 3),
            "extractor": self.extractor,
        }


@dataclass
class WarningDraft:
    code: WarningCode
    message: str
    span: tuple[int, int] | None = None
    facts: list[FactDraft] = field(default_factory=list)


@dataclass
class ReportDraft:
    start: int
    end: int
    report_year: int | None
    facts: list[FactDraft]
    warnings: list[WarningDraft]
