"""Load the rule tables shipped as data (units, approximation words, metric catalogue).

The YAML files under `extractors/data/` are what users edit; they are parsed
into strict Pydantic models here so a typo fails loudly at load time: an unknown or
misspelt key, a key given twice, a unit surface or metric id listed twice is a
`TableError` naming the file and the entry.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from models.records import UNITS_OF_KIND, Approx, Kind, ReportKind

DATA = Path(__file__).with_name("data")


class TableError(ValueError):
    """A rule table that does not load; the message names the file and the entry."""


class Strict(BaseModel):
    """Rule-table entries: unknown keys are errors, not silently defaulted."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Unit(Strict):
    surface: str = Field(min_length=1)
    kind: Kind
    unit: str
    factor: float = 1.0
    numerals: Literal["any", "arabic", "chinese"] = "any"

    @field_validator("unit")
    @classmethod
    def _canonical(cls, unit: str, info) -> str:
        allowed = UNITS_OF_KIND.get(info.data.get("kind", ""))
        if allowed is not None and unit not in allowed:
            raise ValueError(f"{unit!r} is not a canonical unit of {info.data.get('kind')}")
        return unit


class UnitTable(Strict):
    units: list[Unit]
    approx_before: dict[str, Approx]
    approx_after: dict[str, Approx]
    target_words: list[str]
    not_facts: list[str] = Field(default_factory=list)
    bare_counts: dict[str, str] = Field(default_factory=dict)
    currency_before: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _surfaces_once(self) -> UnitTable:
        _once("unit surface", [unit.surface for unit in self.units])
        return self


class Metric(Strict):
    id: str = Field(pattern=r"^[a-z_]+(\.[a-z_]+)*$")
    label: str = Field(min_length=1)  # the Chinese header of its column: 在校学生数
    unit: str = Field(min_length=1)  # how its values read: 人, 平方米, 元, %
    kind: Kind
    units: list[str] | None = None
    match: list[str]
    exclude: list[str] = Field(default_factory=list)
    range: tuple[float, float]

    @field_validator("match", "exclude")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            regex.compile(pattern)
        return patterns


class MetricCatalogue(Strict):
    metrics: list[Metric]

    @model_validator(mode="after")
    def _ids_once(self) -> MetricCatalogue:
        _once("metric id", [metric.id for metric in self.metrics])
        return self


class ReportKindCues(Strict):
    title: list[str]
    cues: dict[str, int]
    writers: list[str] = Field(default_factory=list)  # how its writer calls itself (校 for 我校); empty: anyone


class IdentityTable(Strict):
    """`identity.yaml`: the words report identity reads organisation, region and kind from."""

    region_suffixes: list[str]
    ethnic_groups: list[str]
    region_generic: list[str]
    agency_suffixes: list[str]
    school_suffixes: list[str]
    organisation_breaks: str
    cue_cap: int = Field(ge=1)
    min_score: int = Field(ge=0)
    report_kinds: dict[ReportKind, ReportKindCues]


def _once(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for position, name in enumerate(names):
        if name in seen:
            raise ValueError(f"{what} {name!r} is listed twice (again at entry {position})")
        seen.add(name)


TableModel = TypeVar("TableModel", bound=BaseModel)


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML whose mappings may not repeat a key (plain YAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        for key in keys:
            if keys.count(key) > 1:
                raise TableError(f"key {key!r} is given twice (line {node.start_mark.line + 1})")
        return super().construct_mapping(node, deep=deep)


def load_table(path: Path, model: type[TableModel]) -> TableModel:
    """Parse and validate one rule table; any problem is a TableError naming the file."""
    try:
        with path.open(encoding="utf-8") as handle:
            return model.model_validate(yaml.load(handle, Loader=_UniqueKeyLoader))
    except (TableError, yaml.YAMLError) as error:
        raise TableError(f"{path}: {error}") from None
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'top'}: {e['msg']}" for e in error.errors())
        raise TableError(f"{path}: {problems}") from None


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    return load_table(DATA / "units.yaml", UnitTable)


@lru_cache(maxsize=1)
def metric_catalogue() -> MetricCatalogue:
    return load_table(DATA / "metrics.yaml", MetricCatalogue)


@lru_cache(maxsize=1)
def identity_table() -> IdentityTable:
    return load_table(DATA / "identity.yaml", IdentityTable)


@lru_cache(maxsize=1)
def units_by_surface() -> dict[str, Unit]:
    return {unit.surface: unit for unit in unit_table().units}


def alternation(words: list[str]) -> str:
    """A regex alternation that prefers the longest word."""
    return "|".join(regex.escape(word) for word in sorted(set(words), key=len, reverse=True))
