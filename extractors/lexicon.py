"""The jieba segmenter, quiet and offline, with the project's domain dictionary.

spaCy's jieba segmenter uses the global jieba instance, so loading the user
dictionary here makes spaCy tokens and subject windows agree (专任教师 is one word).
"""

from __future__ import annotations

import logging
import tempfile
from functools import lru_cache
from pathlib import Path

USER_DICT = Path(__file__).with_name("data") / "userdict.txt"


@lru_cache(maxsize=1)
def segmenter():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = tempfile.gettempdir()
    jieba.load_userdict(str(USER_DICT))
    return jieba.dt


@lru_cache(maxsize=1)
def tagger():
    """jieba's part-of-speech tagger over the same dictionary."""
    import jieba.posseg

    segmenter()
    return jieba.posseg.dt
