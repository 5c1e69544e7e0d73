"""Load the rule tables shipped as data (units, approximation words, metric catalogue, word lists).

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
    school_words: str
    cue_cap: int = Field(ge=1)
    min_score: int = Field(ge=0)
    report_kinds: dict[ReportKind, ReportKindCues]


class WordLists(Strict):
    """A section of `words.yaml`: every list holds each word once."""

    @model_validator(mode="after")
    def _words_once(self) -> WordLists:
        for name, value in self:
            if isinstance(value, list):
                _once(f"{name}: word", value)
        return self


class SubjectWords(WordLists):
    directions: list[str]
    levels: list[str]
    link_endings: list[str]
    leading_words: list[str]
    naming_verbs: list[str]
    selecting_verbs: list[str]
    joining_verbs: list[str]
    outcome_verbs: list[str]
    category_words: list[str]
    total_adverbs: list[str]
    actions: list[str]
    title_verbs: list[str]
    spending_verbs: list[str]
    measured_nouns: list[str]
    office_endings: list[str]
    group_endings: list[str]
    composing_verbs: list[str]
    lasting_verbs: list[str]
    lasting_nouns: list[str]
    kind_nouns: dict[Kind, str]
    measure_words: list[str]
    distributive_measures: list[str]
    noun_suffixes: list[str]
    heading_endings: list[str]


class SeriesWords(WordLists):
    per_capita: list[str]
    roles: list[str]
    comparison_words: list[str]
    base_periods: list[str]
    new_value_verbs: list[str]


class EventWords(WordLists):
    compared_after: list[str]
    until_words: list[str]
    prepositions: list[str]
    verb_prepositions: list[str]
    motions: list[str]
    light_verbs: list[str]
    founding_verbs: list[str]
    adverbials: list[str]
    verb_adverbs: list[str]
    postpositions: list[str]
    stops: list[str]
    generic_heads: list[str]
    office_before: list[str]
    frequencies: list[str]
    spans_of_time: list[str]
    framing: list[str]
    closing: list[str]
    event_nouns: dict[str, str]


class QuantityWords(WordLists):
    word_before_numeral: list[str]
    article_units: list[str]


class DateWords(WordLists):
    seasons: list[str]
    month_parts: list[str]
    roc_signs: list[str]


class GridWords(WordLists):
    empty_cells: list[str]
    implied_units: dict[str, str]
    unit_spellings: dict[str, str]
    total_rows: list[str]


class CheckWords(WordLists):
    total_words: list[str]
    head_endings: list[str]


class WordTable(Strict):
    """`words.yaml`: the word lists the rules read, one section per module."""

    subjects: SubjectWords
    series: SeriesWords
    events: EventWords
    quantities: QuantityWords
    dates: DateWords
    grids: GridWords
    checks: CheckWords


def _once(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for position, name in enumerate(names):
        if name in seen:
            raise ValueError(f"{what} {name!r} is listed twice (again at entry {position})")
        seen.add(name)


TableModel = TypeVar("TableModel", bound=BaseModel)


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML whose mappings may not repeat a key (plain YAML keeps the last one silently).
    libyaml's parser where PyYAML has it: the pure-Python one took a tenth of a second per start."""

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
def word_table() -> WordTable:
    return load_table(DATA / "words.yaml", WordTable)


def words_pattern(words: list[str]) -> str:
    """A regex alternation of `words` in the table's order (the order is the rule: 调整为 before 为)."""
    return "|".join(regex.escape(word) for word in words)


@lru_cache(maxsize=1)
def units_by_surface() -> dict[str, Unit]:
    return {unit.surface: unit for unit in unit_table().units}


def alternation(words: list[str]) -> str:
    """A regex alternation that prefers the longest word."""
    return "|".join(regex.escape(word) for word in sorted(set(words), key=len, reverse=True))
