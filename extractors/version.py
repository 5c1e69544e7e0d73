"""The extractor's version: it changes whenever the same text would give other facts.

Stored facts carry it; a bulk run or an ingestion pass re-extracts files stored by another
version (reviewers' decisions are kept, see pipeline/store/anchors.py). Its own module, so
that telling what is stored already needs neither spaCy nor jieba (a rerun answers in ~1 s).
"""

EXTRACTOR_VERSION = "2026.12.6.27"
