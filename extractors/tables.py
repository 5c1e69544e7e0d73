"""Load the rule tables shipped as data (units, approximation words, metric catalogue).

The YAML files under `extractors/data/` are what users edit; they are parsed
into Pydantic models here so a typo fails loudly at load time.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import regex
import yaml
from pydantic import BaseModel, Field, field_validator

from models.records import UNITS_OF_KIND, Approx, Kind

DATA = Path(__file__).with_name("data")


class Unit(BaseModel):
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


class UnitTable(BaseModel):
    units: list[Unit]
    approx_before: dict[str, Approx]
    approx_after: dict[str, Approx]
    target_words: list[str]
    not_facts: list[str] = Field(default_factory=list)
    bare_counts: dict[str, str] = Field(default_factory=dict)
    currency_before: dict[str, str] = Field(default_factory=dict)



class Metric(BaseModel):
    id: str = Field(pattern=r"^[a-z_]+(\.[a-z_]+)*$")
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


class MetricCatalogue(BaseModel):
    metrics: list[Metric]


def _load(name: str) -> dict:
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    return UnitTable.model_validate(_load("units.yaml"))


@lru_cache(maxsize=1)
def metric_catalogue() -> MetricCatalogue:
    return MetricCatalogue.model_validate(_load("metrics.yaml"))


@lru_cache(maxsize=1)
def units_by_surface() -> dict[str, Unit]:
    return {unit.surface: unit for unit in unit_table().units}


def alternation(words: list[str]) -> str:
    """A regex alternation that prefers the longest word."""
    return "|".join(regex.escape(word) for word in sorted(set(words), key=len, reverse=True))
