"""Facts and warnings as extractors produce them, in normalised coordinates."""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass, field

from models.codes import WarningCode
from models.records import Fact, fact_fields

# The order finders pass a draft's leading fields in: FactDraft(start, end, kind, value, unit, approx, value_max).
_POSITIONAL = ("kind", "value", "unit", "approx", "value_max")
# Fact fields a draft does not carry: they exist only once the span is mapped to the original text.
_MAPPED_LATER = frozenset({"id", "text", "start", "end", "sentence"})


def _fact_field(name: str):
    info = Fact.model_fields[name]
    default = dataclasses.MISSING if info.is_required() else info.default
    return name, info.annotation, dataclasses.field(default=default, kw_only=name not in _POSITIONAL)


FactDraft = dataclasses.make_dataclass(
    "FactDraft",
    [("start", int), ("end", int)]
    + [_fact_field(name) for name in _POSITIONAL]
    + [_fact_field(name) for name in fact_fields() if name not in _MAPPED_LATER and name not in _POSITIONAL]
    + [
        ("sentence", tuple[int, int] | None, dataclasses.field(default=None, kw_only=True)),
        ("priority", int, dataclasses.field(default=0, kw_only=True)),  # of two overlapping candidates, the higher wins
    ],
    namespace={
        "__doc__": "A fact found in normalised text, its fields those of `Fact`; `pipeline.run` maps it to the original text.",
        "__module__": __name__,
        "fields": lambda self: dict(zip(DRAFT_FACT_FIELDS, _draft_values(self), strict=True)),
    },
)
# The Fact fields a draft hands over as they are (everything but the span and its sentence).
DRAFT_FACT_FIELDS = tuple(name for name in fact_fields() if name not in _MAPPED_LATER)
_draft_values = operator.attrgetter(*DRAFT_FACT_FIELDS)  # one C call per draft, not one getattr per field


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
    identity: Identity
    facts: list[FactDraft]
    warnings: list[WarningDraft]


@dataclass
class Identity:
    """A report's identity in normalised coordinates (`year_span` is where the year was read)."""

    organisation: str | None = None
    region: list[str] = field(default_factory=list)
    report_kind: str = "other"
    report_year: int | None = None
    year_span: tuple[int, int] | None = None
