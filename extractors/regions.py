"""Which administrative area a report is about, from the names its text gives (`data/regions.tsv`).

A name counts in full (庆安县) or short (庆安) form; a short county name counts only when
its prefecture or province is also named, since two-character names are often words
(和平, 安仁). The region is the chain of the best supported province, then prefecture,
then county, each level kept only when one name clearly leads it: a report naming many
provinces alike (a national overview) has no region.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.tables import DATA, alternation, identity_table

_ORGAN = regex.compile(r"(?:人民政府|政府|教育|党委|委员会|人大|统计局)")
LEADS = 0.5  # the share of its level's mentions a name needs to be the report's region


@dataclass(frozen=True)
class Area:
    code: str
    name: str

    @property
    def level(self) -> int:
        """0 province, 1 prefecture, 2 county."""
        return 0 if self.code.endswith("0000") else 1 if self.code.endswith("00") else 2

    @property
    def ancestors(self) -> tuple[str, ...]:
        return (self.code[:2] + "0000", self.code[:4] + "00")[: self.level]


@dataclass
class Gazetteer:
    areas: dict[str, Area]
    by_surface: dict[str, list[tuple[Area, bool]]]  # surface → (area, is the full name)
    lengths: dict[str, tuple[int, ...]]  # first two characters → lengths of the names they open, longest first
    openers: re.Pattern  # a first character of a name followed by a second character of one (every name has two)

    def name_at(self, text: str, position: int) -> str | None:
        """The longest name that opens text[position:]. Looked up by length, not with one regex
        alternation of all ~6,000 names: that took 0.5 s to compile and ~10 µs per character to scan."""
        head = text[position : position + 2]
        return next((text[position : position + n] for n in self.lengths.get(head, ()) if text[position : position + n] in self.by_surface), None)

    def names_in(self, text: str) -> Iterator[tuple[int, str]]:
        """(end, surface) of each name, leftmost and longest first, never overlapping."""
        end = 0
        for opener in self.openers.finditer(text):
            position = opener.start()
            surface = self.name_at(text, position) if position >= end and text[position : position + 2] in self.lengths else None
            if surface:
                end = position + len(surface)
                yield end, surface


def short_form(name: str) -> str | None:
    """庆安县 → 庆安, 广西壮族自治区 → 广西; None when one character or a generic word is left."""
    table = identity_table()
    suffix = next((s for s in table.region_suffixes if name.endswith(s)), None)
    if suffix is None:
        return None
    short = name[: -len(suffix)]
    peoples = _peoples()
    if suffix.startswith("自治") and len(peoples.sub("", short)) >= 2:  # 内蒙古 keeps its 蒙古
        short = peoples.sub("", short)
    return short if len(short) >= 2 and short not in table.region_generic else None


@lru_cache(maxsize=1)
def _peoples() -> regex.Pattern:
    """The peoples an autonomous area's name ends with (苗族侗族), built when first needed, not at import."""
    peoples = alternation(identity_table().ethnic_groups)
    return regex.compile(rf"(?:{peoples})族?(?:(?:{peoples})族?)*$")


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    areas: dict[str, Area] = {}
    for line in (DATA / "regions.tsv").read_text(encoding="utf-8").splitlines():
        code, name = line.split("\t")
        areas[code] = Area(code, name)
    by_surface: dict[str, list[tuple[Area, bool]]] = {}
    generic = set(identity_table().region_generic)
    for area in areas.values():
        if area.name not in generic:
            by_surface.setdefault(area.name, []).append((area, True))
        short = short_form(area.name)
        if short:
            by_surface.setdefault(short, []).append((area, False))
    lengths: dict[str, set[int]] = {}
    for surface in by_surface:
        lengths.setdefault(surface[:2], set()).add(len(surface))
    # The standard library's `re` scans a class of a thousand characters ten times faster than `regex`.
    firsts, seconds = ("".join(sorted({head[i] for head in lengths})) for i in (0, 1))
    return Gazetteer(areas, by_surface, {head: tuple(sorted(sizes, reverse=True)) for head, sizes in lengths.items()},
                     re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])"))


def areas_named(text: str) -> list[Area]:
    """The areas whose name (full or short) opens `text`: 长春市教育局 → [长春市]."""
    places = gazetteer()
    surface = places.name_at(text, 0)
    return [area for area, _ in places.by_surface[surface]] if surface else []


def mentions(text: str) -> Counter[str]:
    """Weighted mentions per area code: a full name 2, a short form 1, twice that when an organ of the
    area follows (江苏省教育厅); an ambiguous name counts for each reading. A county's short form, or a
    two-character full name (和县, 兴县 — also words), counts only beside its prefecture or province."""
    places = gazetteer()
    found: list[tuple[Area, bool, int]] = []
    for end, surface in places.names_in(text):
        organ = 2 if _ORGAN.match(text, end) else 1
        found.extend((area, full, organ) for area, full in places.by_surface[surface])
    named = {area.code for area, _, _ in found if area.level < 2}
    counts: Counter[str] = Counter()
    for area, full, organ in found:
        if area.level < 2 or (full and len(area.name) > 2) or any(code in named for code in area.ancestors):
            counts[area.code] += (2 if full else 1) * organ
    return counts


def region_of(text: str, self_level: str | None = None) -> list[str]:
    """Names broad to narrow (黑龙江省, 绥化市, 庆安县); a writer calling itself 我县 (`self_level`) is a 县."""
    counts = mentions(text)
    areas = gazetteer().areas
    chain: list[str] = []
    prefix = ""
    for level, width in enumerate((2, 4, 6)):
        support: Counter[str] = Counter()
        for code, weight in counts.items():
            if code.startswith(prefix) and areas[code].level >= level:
                support[code[:width].ljust(6, "0")] += weight
        support = Counter({code: weight for code, weight in support.items() if code in areas})
        if not support:
            continue  # a level the table lacks (a municipality's districts sit right under it)
        if level == 2 and self_level in ("县", "区", "市"):  # 我县: the report is a county's, not a district's
            support = Counter({code: w for code, w in support.items() if areas[code].name.endswith(self_level)})
        ranked = support.most_common(2)
        if not ranked:
            break
        best, weight = ranked[0]
        if (len(ranked) > 1 and ranked[1][1] == weight) or weight < LEADS * sum(support.values()):
            break
        chain.append(areas[best].name)
        prefix = best[:width]
    return chain
