"""Normalise decoded report text for the extractors, keeping a map back to the original.

Extractors only ever see normalised text (simplified characters, ASCII digits,
one kind of dash, no pinyin annotations, collapsed whitespace). Every fact must
point into the original text, so the length-changing edits are recorded in an
`OffsetMap` and `OffsetMap.to_original` turns any normalised span back into the
original span. Character-for-character edits (traditional → simplified,
full-width → ASCII) keep positions and need no entry in the map.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_LETTER = f"a-zü{_TONED}"
# A lower-case pinyin syllable group with at least one tone mark, e.g. (xué), (zhǔn), (lǚ yóu).
_PINYIN = rf"[{_PINYIN_LETTER}]*[{_TONED}][{_PINYIN_LETTER}]*(?: [{_PINYIN_LETTER}]+)*"

# Length-changing edits, found in one pass over the original text.
_EDITS = regex.compile(
    rf"(?<=[\p{{Han}}?])[(（]?{_PINYIN}[)）]"  # 學(xué) → 學; ?qū)W: a damaged one, its "(" lost
    # line breaks with blanks around them, \r\n or blank lines (a lone \n is already normal)
    r"|(?P<newlines>[ \t\u3000\u00a0\f\v]+(?:\r\n|\r|\n)[\s\u3000\u00a0]*|(?:\r\n?|\n)[\s\u3000\u00a0]+|\r\n?)"
    r"|(?P<spaces>[ \t\u3000\u00a0\f\v]{2,}|[\t\u3000\u00a0\f\v])"
)

# Some PDF text layers put a space between every character (在 校 学 生 8 2 6 人); in such a
# text the single spaces between characters and digits are deleted too.
_EDITS_SPACED_OUT = regex.compile(r"(?<=[\p{Han}\d%]) (?=[\p{Han}\d%])|" + _EDITS.pattern)
_SPACED_PAIR = regex.compile(r"\p{Han} (?=\p{Han})")
_NOT_HAN = regex.compile(r"\P{Han}+")


def is_spaced_out(text: str) -> bool:
    """Most characters of the text stand apart: 在 校 学 生. (Han characters are counted only where
    a pair stands apart, by deleting the rest: a list of every character was half of `normalise`.)"""
    sample = text[:5000]
    pairs = len(_SPACED_PAIR.findall(sample))
    return pairs > 0 and pairs > 0.4 * max(1, len(_NOT_HAN.sub("", sample)))


# Dashes and range marks → "-"; full-width ASCII → ASCII (letters, digits, %, ., parentheses).
_CHAR_TABLE = {ord(c): "-" for c in "—–―‒−－~～〜"}
_CHAR_TABLE.update({code: chr(code - 0xFEE0) for code in range(0xFF10, 0xFF1A)})  # ０-９
_CHAR_TABLE.update({code: chr(code - 0xFEE0) for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_CHAR_TABLE.update({code: chr(code - 0xFEE0) for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_CHAR_TABLE.update({ord("％"): "%", ord("．"): ".", ord("（"): "(", ord("）"): ")", ord("＋"): "+", ord("／"): "/", ord("："): ":"})


# A full-width comma between full-width digits, three after it, groups thousands (２，３５６人): it becomes ","
# before the digits turn ASCII, where "，" would end the number (a clause break between ASCII digits stays one).
_FULL_WIDTH_GROUPING = regex.compile(r"，(?<=[０-９]，)(?=[０-９]{3}(?![０-９]))")


_TRANSLATED_CHARS = re.compile(f"[{re.escape(''.join(map(chr, _CHAR_TABLE)))}]")  # (re scans a class 10x faster than regex)


def _translated(text: str) -> str:
    """Full-width digits, letters, dashes and marks made ASCII (same length, same positions).

    `str.translate` looks up every character (10 M chars/s on Chinese text); these characters are
    rare in most reports, so they are found and replaced alone unless they are many."""
    if "，" in text:
        text = _FULL_WIDTH_GROUPING.sub(",", text)
    found = len(_TRANSLATED_CHARS.findall(text))
    if not found:
        return text
    if found * 20 > len(text):
        return text.translate(_CHAR_TABLE)
    return _TRANSLATED_CHARS.sub(lambda match: _CHAR_TABLE[ord(match.group())], text)


_PIECES_PER_CHUNK = 4096


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise map from normalised offsets to original offsets.

    `norm_starts[k]`/`orig_starts[k]` open segment k; a segment is either 1:1
    (same length on both sides) or a replacement (`replaced[k]`: its normalised
    characters stand for the whole original range up to the next segment).
    """

    norm_starts: Sequence[int]  # compact arrays: a damaged archive file has an entry every few characters
    orig_starts: Sequence[int]
    replaced: Sequence[int]
    norm_length: int
    orig_length: int

    def _segment(self, norm_pos: int) -> int:
        return bisect_right(self.norm_starts, norm_pos) - 1

    def _orig_end_of(self, k: int) -> int:
        return self.orig_starts[k + 1] if k + 1 < len(self.orig_starts) else self.orig_length

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalised span [start, end)."""
        if not 0 <= start <= end <= self.norm_length:
            raise ValueError(f"span [{start}, {end}) outside normalised text of length {self.norm_length}")
        if len(self.replaced) == 1 and not self.replaced[0]:
            return start, end  # one 1:1 segment: no edit changed the length, both sides have the same offsets
        if start == end:
            pos = self.start_of(start) if start < self.norm_length else self.orig_length
            return pos, pos
        return self.start_of(start), self.end_of(end - 1)

    def start_of(self, norm_pos: int) -> int:
        k = self._segment(norm_pos)
        if self.replaced[k]:
            return self.orig_starts[k]
        return self.orig_starts[k] + (norm_pos - self.norm_starts[k])

    def end_of(self, norm_pos: int) -> int:
        """Original end (exclusive) of the normalised character at norm_pos."""
        k = self._segment(norm_pos)
        if self.replaced[k]:
            return self._orig_end_of(k)
        return self.orig_starts[k] + (norm_pos - self.norm_starts[k]) + 1


@dataclass(frozen=True)
class NormalisedText:
    original: str
    text: str
    offsets: OffsetMap
    spaced_out: bool = False

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_original(start, end)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC t2s, guaranteed to keep every character's position.

    Long texts go through in blocks cut at punctuation (no phrase spans one), since
    OpenCC's memory grows several times the size of what it converts at once.
    """
    return "".join(_block_to_simplified(text[start:end]) for start, end in _blocks(text))


def _blocks(text: str, size: int = 100_000) -> list[tuple[int, int]]:
    blocks, start = [], 0
    while len(text) - start > size:
        cut = max(text.rfind(mark, start + size // 2, start + size) for mark in "\n。，,；;！？、 ")
        cut = start + size if cut < 0 else cut + 1
        blocks.append((start, cut))
        start = cut
    blocks.append((start, len(text)))
    return blocks


def _block_to_simplified(text: str) -> str:
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length somewhere: fall back to line by line, then char by char.
    pieces = []
    for line in text.splitlines(keepends=True):
        line_converted = _t2s().convert(line)
        if len(line_converted) != len(line):
            line_converted = "".join(c if len(s := _t2s().convert(c)) != 1 else s for c in line)
        pieces.append(line_converted)
    return "".join(pieces)


def normalise(original: str, spaced_out: bool | None = None) -> NormalisedText:
    """Normalise `original` and return the text with its offset map.

    `spaced_out` forces (or forbids) joining characters that stand apart; by default
    it is decided from the text itself.
    """
    norm_starts = array("i", [0])  # 4-byte arrays, not lists: a damaged file has an edit every few characters
    orig_starts = array("i", [0])  # (offsets below 2**31: the text length limit is far below)
    replaced = bytearray([0])
    pieces: list[str] = []  # since the last chunk: a damaged 50 MB file has millions of pieces
    chunks: list[str] = []  # pieces joined and translated, a few thousand at a time
    norm_pos = orig_pos = 0
    if spaced_out is None:
        spaced_out = is_spaced_out(original)
    edits = _EDITS_SPACED_OUT if spaced_out else _EDITS
    for match in edits.finditer(original):
        m_start, m_end = match.span()
        pieces.append(original[orig_pos:m_start])
        norm_pos += m_start - orig_pos
        if match.lastgroup is None:
            # A pinyin annotation is deleted and belongs to the character before it,
            # so a span that ends on that character covers its annotation too.
            if norm_starts[-1] != norm_pos - 1 or not replaced[-1]:
                if norm_starts[-1] == norm_pos - 1:
                    replaced[-1] = 1
                else:
                    norm_starts.append(norm_pos - 1)
                    orig_starts.append(m_start - 1)
                    replaced.append(1)
        else:
            if norm_starts[-1] == norm_pos:
                orig_starts[-1], replaced[-1] = m_start, 1
            else:
                norm_starts.append(norm_pos)
                orig_starts.append(m_start)
                replaced.append(1)
            pieces.append("\n" if match.lastgroup == "newlines" else " ")
            norm_pos += 1
        norm_starts.append(norm_pos)
        orig_starts.append(m_end)
        replaced.append(0)
        orig_pos = m_end
        if len(pieces) >= _PIECES_PER_CHUNK:
            chunks.append(_translated("".join(pieces)))
            pieces.clear()
    pieces.append(original[orig_pos:])
    norm_pos += len(original) - orig_pos
    chunks.append(_translated("".join(pieces)))
    translated = "".join(chunks)
    chunks.clear()  # one whole copy of the text at a time
    text = to_simplified(translated)
    offsets = OffsetMap(norm_starts, orig_starts, bytes(replaced), norm_pos, len(original))
    return NormalisedText(original, text, offsets, spaced_out)
