"""Decode the bytes of a plain-text report: BOMs, UTF-8 (also with a few broken sequences), GB18030/GBK, Big5, UTF-16.

charset-normalizer proposes encodings; a CJK-aware score (share of common
Chinese characters, penalties for control and private-use characters) chooses
between the legacy encodings that decode cleanly, because GB18030 can decode
almost any byte string and Big5 text often decodes "cleanly" as nonsense GBK.
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from pathlib import Path

import regex

from models.codes import FailureCode, ReportxError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY_CJK = ("gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be")
_SAMPLE_BYTES = 64 * 1024
# Every byte but the control bytes that no text file holds (tab, line feeds and form feed are text).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))
_HAN = regex.compile(r"\p{Han}")
_MIN_DAMAGE, _MAX_DAMAGE_SHARE = 8, 0.005  # broken UTF-8 sequences tolerated: a few, or 0.5% of the characters
_BAD = regex.compile(r"[\x00-\x08\x0e-\x1f\p{Co}\p{Cs}\ufffd]")


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """Characters of frequent Chinese words (jieba's dictionary), simplified and traditional."""
    import jieba
    import opencc

    dict_path = Path(jieba.__file__).with_name("dict.txt")
    chars: set[str] = set()
    with dict_path.open(encoding="utf-8") as handle:
        for line in handle:
            word, freq, *_ = line.split(" ")
            if int(freq) >= 50:
                chars.update(word)
    simplified = "".join(sorted(c for c in chars if _HAN.match(c)))
    traditional = opencc.OpenCC("s2t").convert(simplified) + opencc.OpenCC("s2tw").convert(simplified)
    return frozenset(simplified) | frozenset(traditional)


def cjk_score(text: str) -> float:
    """How much `text` looks like real Chinese: common-character share minus damage."""
    if not text:
        return 0.0
    han = _HAN.findall(text)
    bad = len(_BAD.findall(text))
    if not han:
        return 0.5 - bad / len(text)  # plain ASCII/Latin text decodes fine in anything
    common = common_han()
    return sum(c in common for c in han) / len(han) - 5 * bad / len(text)


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside UTF-16, or many control bytes: not a text file."""
    sample = data[:_SAMPLE_BYTES]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))
    return controls > len(sample) * 0.01


def _candidates(data: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    found = [m.encoding for m in from_bytes(data[:_SAMPLE_BYTES], cp_isolation=list(_LEGACY_CJK))]
    return list(dict.fromkeys([*found, "gb18030", "big5"]))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of ASCII text."""
    sample = data[:_SAMPLE_BYTES]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zero = sample[0::2].count(0) / (len(sample) / 2)
    odd_zero = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zero > 0.2 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.2 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken byte sequences (a bad copy, a cut multi-byte character), each read as
    U+FFFD so the rest of the report is kept (the extractor warns `damaged_text` there); None when too
    much is broken for UTF-8 to be the encoding. It competes with the legacy encodings on its CJK score."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    return text if replaced <= max(_MIN_DAMAGE, len(text) * _MAX_DAMAGE_SHARE) else None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding) or raise a coded ReportxError."""
    if not data.strip():
        raise ReportxError(FailureCode.EMPTY_FILE)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise ReportxError(FailureCode.UNDECODABLE, f"{encoding} BOM but {error.reason}") from error
    if utf16 := _utf16_without_bom(data):
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise ReportxError(FailureCode.BINARY_FILE)
    try:
        return data.decode("utf-8"), "utf-8"  # valid UTF-8 is unambiguous for CJK text
    except UnicodeDecodeError:
        pass
    scored = []
    damaged = _damaged_utf8(data)
    if damaged is not None:
        scored.append((cjk_score(damaged[:20000]), "utf-8", damaged))
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((cjk_score(text[:20000]), encoding, text))
    if not scored:
        raise ReportxError(FailureCode.UNDECODABLE, "tried UTF-8, GB18030 and Big5")
    score, encoding, text = max(scored, key=lambda item: item[0])
    if score < 0.3:
        raise ReportxError(FailureCode.UNDECODABLE, f"best guess {encoding} still reads as noise")
    return text, codecs.lookup(encoding).name
